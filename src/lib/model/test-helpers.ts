/**
 * Helpers shared by the model's tests (not a test file itself, and not used by the app).
 * Kept free of vitest so it can be imported anywhere.
 */
import * as Y from 'yjs';
import { writeProblem, type Member } from './access';
import { initCommunity } from './community';
import type { DocumentRef } from './documents';
import { ModelError } from './errors';
import { Community, MemoryDocumentSource } from './family';
import { addGrid } from './grids';
import { touchesOf } from './touches';
import { storageProblem } from './validation';

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

/** `sampleCommunity` as the root of a community kept in memory, written to as `userId` at `now`. */
export async function sampleWorkspace(userId: string, now: number) {
	const source = new MemoryDocumentSource();
	const community = new Community('xinrong-1', source, { userId, now: () => now });
	const root = await community.root();
	Y.applyUpdate(root, stateOf(sampleCommunity()));
	return { source, community, root };
}

type Outcome = { threw: false } | { threw: true; error: unknown };

function run(fn: () => unknown): Outcome {
	try {
		fn();
		return { threw: false };
	} catch (error) {
		return { threw: true, error };
	}
}

function modelErrorOf(outcome: Outcome): ModelError {
	if (!outcome.threw) throw new Error('expected a ModelError, nothing was thrown');
	if (outcome.error instanceof ModelError) return outcome.error;
	throw new Error(`expected a ModelError, got ${String(outcome.error)}`, { cause: outcome.error });
}

/** The ModelError `fn` throws, for its code and field; anything else fails the test. */
export function thrownModelError(fn: () => unknown): ModelError {
	return modelErrorOf(run(fn));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The ModelError a refused write throws, after checking it left every one of `docs` untouched:
 * not one update emitted (a replica would sync even an empty change) and the same state.
 */
export function expectRefused(docs: Y.Doc | Y.Doc[], write: () => unknown): ModelError {
	const all = [docs].flat();
	const before = all.map(stateOf);
	const stops = all.map(recordUpdates);
	const outcome = run(write);
	const emitted = stops.map((stop) => stop().length);
	all.forEach((doc, i) => {
		if (emitted[i] > 0) throw new Error(`the refused write emitted ${emitted[i]} update(s) on document ${i}`);
		if (!sameBytes(stateOf(doc), before[i])) throw new Error(`the refused write changed document ${i}`);
	});
	return modelErrorOf(outcome);
}

/**
 * What a writer on a replica of the meeting document `doc` (with the given Yjs client) would
 * send the relay, and why the relay would refuse it (the storage contract, then the policy), or null.
 */
export async function meetingWriteProblem(who: Member, doc: Y.Doc, write: (copy: Y.Doc) => void, clientID?: number) {
	const ref: DocumentRef = { communityId: 'a', kind: 'meeting', key: 'm1' };
	const copy = replicaOf(doc);
	// Set after the copy: Yjs gives a replica a new client when a remote update carries its own.
	if (clientID !== undefined) copy.clientID = clientID;
	const before = Y.encodeStateVector(copy);
	write(copy);
	const touches = touchesOf(doc, Y.encodeStateAsUpdate(copy, before));
	const stored = touches.map((t) => storageProblem('meeting', t)).find(Boolean);
	return stored ?? writeProblem(who, ref, touches, { doc, root: () => new Y.Doc(), period: () => new Y.Doc() });
}
