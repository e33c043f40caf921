import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { newDocument } from '../../src/lib/model';
import type { StoredDocument } from './types';

/** Applies a stored document to `doc`: the snapshot and the updates logged since, as one update. */
export function applyStored(doc: Y.Doc, stored: StoredDocument): void {
	const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
	if (parts.length) Y.applyUpdate(doc, Y.mergeUpdates(parts));
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
