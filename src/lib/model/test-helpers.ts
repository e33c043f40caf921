/**
 * Helpers shared by the model's tests (not a test file itself, and not used by the app).
 * Kept free of vitest so it can be imported anywhere.
 */
import * as Y from 'yjs';
import { initCommunity } from './community';
import { addGrid } from './grids';

/**
 * A deep copy with every object's keys sorted. Y.Map iterates keys in the order this replica
 * happened to receive them, so two converged replicas may list the same keys differently;
 * comparing `canonical(a)` with `canonical(b)` ignores that and nothing else (arrays keep order).
 */
export function canonical(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(canonical);
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>);
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
	}
	return value;
}

/** `canonical` as a string, for equality checks and readable diffs. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(canonical(value), null, 1);
}

/** The document's whole state; equal bytes before and after means nothing was written. */
export function stateOf(doc: Y.Doc): Uint8Array {
	return Y.encodeStateAsUpdate(doc);
}

/** Sends `to` whatever `from` has that `to` lacks (a state-vector diff). */
export function send(from: Y.Doc, to: Y.Doc): void {
	Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}

/** Brings every replica up to date with every other. */
export function syncAll(...docs: Y.Doc[]): void {
	for (const from of docs) for (const to of docs) if (from !== to) send(from, to);
}

/** A new replica holding a copy of `doc`'s state, as a second device would after a sync. */
export function replicaOf(doc: Y.Doc, clientID?: number): Y.Doc {
	const copy = new Y.Doc();
	if (clientID !== undefined) copy.clientID = clientID;
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), 'remote');
	return copy;
}

/** Collects the updates `doc` emits from now on; call the result to stop and get them. */
export function recordUpdates(doc: Y.Doc): () => Uint8Array[] {
	const updates: Uint8Array[] = [];
	const listener = (update: Uint8Array) => updates.push(update);
	doc.on('update', listener);
	return () => {
		doc.off('update', listener);
		return updates;
	};
}

/** A community with two grids (`g1`, `g2`), the common starting point of most tests. */
export function sampleCommunity(clientID?: number): Y.Doc {
	const doc = new Y.Doc();
	if (clientID !== undefined) doc.clientID = clientID;
	initCommunity(doc, { id: 'xinrong-1', name: '新荣社区', district: '新荣区' });
	addGrid(doc, { id: 'g1', name: '第1网格', households: 320, boundary: '东至新建路', workers: ['u-wang'] }, { at: 1000 });
	addGrid(doc, { id: 'g2', name: '第2网格', households: 410, buildings: 12 }, { at: 2000 });
	return doc;
}
