import { readable, type Readable } from 'svelte/store';

/**
 * A new version of the app, installed by the service worker and waiting: it takes over only
 * when the member agrees (the open pages keep running the version they loaded, whose code
 * chunks the old worker still serves), and the page offers that only once nothing is unsent.
 */
export interface AppUpdate {
	waiting: boolean;
	/** Lets the waiting version take over and reloads every page of the app with it. */
	apply(): void;
}

/** How often an open app asks the server for a newer version (also on coming back online). */
const CHECK_EVERY_MS = 30 * 60_000;

const none: AppUpdate = { waiting: false, apply: () => {} };

export const appUpdate: Readable<AppUpdate> = readable(none, (set) => {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
	const container = navigator.serviceWorker;
	let registration: ServiceWorkerRegistration | null = null;
	let stopped = false;

	const apply = () => {
		const waiting = registration?.waiting;
		if (!waiting) return;
		container.addEventListener('controllerchange', () => location.reload(), { once: true });
		waiting.postMessage({ type: 'skip-waiting' });
	};
	const show = () => {
		if (!stopped) set(registration?.waiting ? { waiting: true, apply } : none);
	};
	const check = () => void registration?.update().catch(() => {});
	const watchInstalling = () => registration?.installing?.addEventListener('statechange', show);

	void container.ready.then((ready) => {
		if (stopped) return;
		registration = ready;
		ready.addEventListener('updatefound', watchInstalling);
		watchInstalling();
		show();
	});
	const timer = setInterval(check, CHECK_EVERY_MS);
	window.addEventListener('online', check);
	return () => {
		stopped = true;
		clearInterval(timer);
		window.removeEventListener('online', check);
		registration?.removeEventListener('updatefound', watchInstalling);
	};
});
