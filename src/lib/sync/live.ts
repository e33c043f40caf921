import { readable, type Readable } from 'svelte/store';
import type * as Y from 'yjs';
import type { Community } from '$lib/model';

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
 * A Svelte store of something read across a community's documents (the root, months, pairing
 * documents …): `read` opens what it needs through the community, and runs again after any
 * change to any document it opened. Reads never overlap; changes during one cause one more.
 */
export function liveCommunity<T>(
	open: (watch: (doc: Y.Doc) => void) => Community,
	read: (community: Community) => Promise<T>
): Readable<LiveRead<T>> {
	return readable<LiveRead<T>>({ state: 'loading' }, (set) => {
		const watched = new Set<Y.Doc>();
		let stopped = false;
		let running = false;
		let again = false;
		const run = () => {
			if (running) {
				again = true;
				return;
			}
			running = true;
			read(community)
				.then(
					(value) => !stopped && set({ state: 'ready', value }),
					(error: unknown) => !stopped && set({ state: 'failed', error })
				)
				.finally(() => {
					running = false;
					if (again && !stopped) {
						again = false;
						run();
					}
				});
		};
		const community = open((doc) => {
			if (watched.has(doc)) return;
			watched.add(doc);
			doc.on('update', run);
		});
		run();
		return () => {
			stopped = true;
			for (const doc of watched) doc.off('update', run);
		};
	});
}
