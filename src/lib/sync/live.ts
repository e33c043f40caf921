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

/**
 * A Svelte store of something read from several documents that `load` opens (it may open more
 * as their content asks, e.g. the month of an old open case). Re-read after any change to any
 * of them; changes arriving during a read are taken by one more read, never dropped.
 */
export function liveLoad<T>(load: () => Promise<{ docs: Y.Doc[]; value: T }>): Readable<T | null> {
	return readable<T | null>(null, (set) => {
		const watched = new Set<Y.Doc>();
		let stopped = false;
		let running = false;
		let again = false;
		const onUpdate = () => void run();
		async function run(): Promise<void> {
			if (running) {
				again = true;
				return;
			}
			running = true;
			try {
				do {
					again = false;
					const { docs, value } = await load();
					if (stopped) return;
					for (const doc of docs) {
						if (watched.has(doc)) continue;
						watched.add(doc);
						doc.on('update', onUpdate);
					}
					set(value);
				} while (again && !stopped);
			} finally {
				running = false;
			}
		}
		// Not while subscribing: a store is often first read inside a derived, where opening the
		// session (which updates the sync status) must not happen.
		queueMicrotask(() => void run());
		return () => {
			stopped = true;
			for (const doc of watched) doc.off('update', onUpdate);
		};
	});
}
