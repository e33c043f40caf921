import { readable, type Readable } from 'svelte/store';
import type * as Y from 'yjs';

/** A Svelte store of something read from a Y.Doc, re-read after every change to the doc. */
export function live<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): Readable<T> {
	return readable(read(doc), (set) => {
		const onUpdate = () => set(read(doc));
		doc.on('update', onUpdate);
		return () => doc.off('update', onUpdate);
	});
}

export type LiveRead<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: unknown };

/**
 * A Svelte store of something read across documents (a community's root, months, pairings …,
 * or several communities'). `read` is handed `watch`, which it gives every document it reads
 * (`session.community(id, watch)` does so for all a community opens, old months an open case
 * asks for included); it runs again after any change to any of them. Reads never overlap:
 * changes arriving during one are taken by one more, never dropped.
 */
export function liveRead<T>(read: (watch: (doc: Y.Doc) => void) => Promise<T>): Readable<LiveRead<T>> {
	return readable<LiveRead<T>>({ state: 'loading' }, (set) => {
		const watched = new Set<Y.Doc>();
		let stopped = false;
		let running = false;
		let again = false;
		const watch = (doc: Y.Doc) => {
			if (stopped || watched.has(doc)) return;
			watched.add(doc);
			doc.on('update', run);
		};
		async function run(): Promise<void> {
			if (running) {
				again = true;
				return;
			}
			running = true;
			do {
				again = false;
				let next: LiveRead<T>;
				try {
					next = { state: 'ready', value: await read(watch) };
				} catch (error) {
					next = { state: 'failed', error };
				}
				if (!stopped) set(next);
			} while (again && !stopped);
			running = false;
		}
		// Not while subscribing: a store is often first read inside a derived, where opening the
		// session (which updates the sync status) must not happen.
		queueMicrotask(() => {
			if (!stopped) void run();
		});
		return () => {
			stopped = true;
			for (const doc of watched) doc.off('update', run);
		};
	});
}
