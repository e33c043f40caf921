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
