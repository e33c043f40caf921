import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { newDocument } from '../../src/lib/model';
import type { StoredDocument } from './types';

/** A stored document's state as one update: the snapshot and the updates logged since; null when it has none. */
export function storedState(stored: StoredDocument): Uint8Array | null {
	const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
	return parts.length ? Y.mergeUpdates(parts) : null;
}

/** Applies a stored document to `doc`. */
export function applyStored(doc: Y.Doc, stored: StoredDocument): void {
	const state = storedState(stored);
	if (state) Y.applyUpdate(doc, state);
}

/** A fresh replica of the document `name` holding its stored state; the caller destroys it. */
export function docOf(name: string, stored: StoredDocument): Y.Doc {
	const doc = newDocument(name);
	applyStored(doc, stored);
	return doc;
}

/** What a snapshot row carries beside its state, so a damaged row is noticed before it is served. */
export function checksumOf(state: Uint8Array): string {
	return createHash('sha256').update(state).digest('hex');
}
