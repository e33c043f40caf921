import * as Y from 'yjs';
import type { StoredDocument } from './types';

/** Applies a stored document to `doc`: the snapshot and the updates logged since, as one update. */
export function applyStored(doc: Y.Doc, stored: StoredDocument): void {
	const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
	if (parts.length) Y.applyUpdate(doc, Y.mergeUpdates(parts));
}
