/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';

// Serves the app shell and its assets with no network, so a member who opened the app once
// can open it again offline. Data never goes through here: it lives in IndexedDB.
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `gongzhi-${version}`;
const SHELL = '/';
const ASSETS = new Set([...build, ...files]);

// A new version installs beside the running one and waits: the open pages still load their own
// version's code chunks, which only this version's cache holds. It takes over when a page asks
// (the member agreed, with nothing unsent: UpdateBanner), or when every page of the app is closed.
sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...ASSETS, SHELL])));
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'skip-waiting') void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	// The relay's WebSocket at /sync never comes through here (sockets bypass service workers):
	// a navigation to /sync is the sync panel, which must open offline like every page.
	if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;

	if (ASSETS.has(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(request)));
		return;
	}
	if (request.mode === 'navigate') {
		// Every page renders in the browser from the same shell: fresh from the network when
		// there is one, the cached copy when there is not.
		event.respondWith(
			fetch(request)
				.then(async (response) => {
					if (response.ok) {
						const cache = await caches.open(CACHE);
						await cache.put(SHELL, response.clone());
					}
					return response;
				})
				.catch(async () => (await caches.match(SHELL)) ?? Response.error())
		);
	}
});
