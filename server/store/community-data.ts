import * as Y from 'yjs';
import { z } from 'zod';
import { ID_PATTERN, communityOfDoc, rootDocName } from '../../src/lib/model';
import { docOf } from './documents';
import { reconcileDoc } from './reconcile';
import type { CommunityRow, Store, StoreOperations } from './types';

/** A whole community moved between stores: documented in docs/operations.md. */
export const DUMP_FORMAT = 'gongzhi-community-dump';

export interface CommunityDump {
	format: typeof DUMP_FORMAT;
	version: 1;
	exportedAt: string;
	community: CommunityRow;
	/** Document name → its whole state, a Yjs update (encoding v1) in base64. */
	documents: Record<string, string>;
}

/** Input the command cannot work with; the CLI prints the message as it is. */
export class DataError extends Error {
	override name = 'DataError';
}

export interface DocumentChange {
	name: string;
	/** Bytes of the update logged, 0 when the document needed no change. */
	bytes: number;
}

async function requireCommunity(store: StoreOperations, communityId: string): Promise<CommunityRow> {
	const community = await store.getCommunity(communityId);
	if (!community) throw new DataError(`community ${communityId} does not exist`);
	return community;
}

export async function dumpCommunity(store: Store, communityId: string, now = Date.now()): Promise<CommunityDump> {
	const community = await requireCommunity(store, communityId);
	const documents: Record<string, string> = {};
	for (const name of await store.listDocuments(communityId)) {
		const doc = docOf(name, await store.loadDocument(name));
		documents[name] = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
		doc.destroy();
	}
	return { format: DUMP_FORMAT, version: 1, exportedAt: new Date(now).toISOString(), community, documents };
}

const dumpSchema = z.object({
	format: z.literal(DUMP_FORMAT, { error: `is not "${DUMP_FORMAT}"` }),
	version: z.literal(1, { error: 'must be 1, the only version this server reads' }),
	exportedAt: z.string(),
	community: z.object({
		id: z.string().regex(ID_PATTERN, 'is not a valid community id'),
		name: z.string().trim().min(1, 'must not be empty'),
		createdAt: z.number()
	}),
	documents: z.record(z.string(), z.string())
});

/** Reads a dump, checking every document belongs to its community and decodes as Yjs. */
export function parseDump(text: string): { dump: CommunityDump; states: Map<string, Uint8Array> } {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new DataError(`not JSON: ${(error as Error).message}`);
	}
	const result = dumpSchema.safeParse(json);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new DataError(`not a community dump: ${issue.path.join('.') || 'the file'} ${issue.message}`);
	}
	const dump = result.data as CommunityDump;
	const states = new Map<string, Uint8Array>();
	for (const [name, base64] of Object.entries(dump.documents)) {
		if (communityOfDoc(name) !== dump.community.id) {
			throw new DataError(`document ${name} is not one of community ${dump.community.id}'s`);
		}
		const state = new Uint8Array(Buffer.from(base64, 'base64'));
		try {
			Y.decodeUpdate(state);
		} catch {
			throw new DataError(`document ${name} is not a Yjs update`);
		}
		states.set(name, state);
	}
	if (!states.has(rootDocName(dump.community.id))) {
		throw new DataError(`the dump has no root document (${rootDocName(dump.community.id)})`);
	}
	return { dump, states };
}

/** What `change` did to `doc`, as one update, or null when it changed nothing. */
function changesOf(doc: Y.Doc, change: () => void): Uint8Array | null {
	const updates: Uint8Array[] = [];
	const collect = (update: Uint8Array) => updates.push(update);
	doc.on('update', collect);
	try {
		change();
	} finally {
		doc.off('update', collect);
	}
	return updates.length ? Y.mergeUpdates(updates) : null;
}

/**
 * Logs each change in one short transaction: computed beforehand, so the write lock is not
 * held while documents are rebuilt (a running relay appends meanwhile, and takes these in).
 */
async function logChanges(
	store: Store,
	changes: { name: string; update: Uint8Array | null }[],
	before?: (tx: StoreOperations) => Promise<void>
): Promise<DocumentChange[]> {
	await store.transaction(async (tx) => {
		await before?.(tx);
		await tx.appendUpdates(changes.flatMap(({ name, update }) => (update ? [{ name, update }] : [])));
	});
	return changes.map(({ name, update }) => ({ name, bytes: update?.byteLength ?? 0 }));
}

/**
 * Merges a dump into the store: the community is created if missing, and each document gets
 * what the dump holds that it lacks (a Yjs merge: nothing already there is lost, though where
 * both set the same field, one value wins as in any concurrent edit).
 */
export async function importDump(
	store: Store,
	{ dump, states }: ReturnType<typeof parseDump>
): Promise<{ created: boolean; documents: DocumentChange[] }> {
	const { id, name } = dump.community;
	const changes = [];
	for (const [docName, state] of states) {
		const doc = docOf(docName, await store.loadDocument(docName));
		const update = changesOf(doc, () => Y.applyUpdate(doc, state));
		doc.destroy();
		changes.push({ name: docName, update });
	}
	let created = false;
	const documents = await logChanges(store, changes, async (tx) => {
		created = !(await tx.getCommunity(id));
		if (created) await tx.createCommunity({ id, name });
	});
	return { created, documents };
}

/**
 * Turns every document of the community back to what it was at `at`, as a new change on top of
 * the current state (see reconcile.ts for how and its limits).
 */
export async function restoreCommunityTo(store: Store, communityId: string, at: number): Promise<DocumentChange[]> {
	await requireCommunity(store, communityId);
	const start = await store.historyStart();
	if (at < start) {
		const iso = (time: number) => new Date(time).toISOString();
		throw new DataError(`${iso(at)} is older than the history kept (from ${iso(start)})`);
	}
	const changes = [];
	for (const name of await store.listDocuments(communityId)) {
		const then = docOf(name, await store.loadDocumentAt(name, at));
		const now = docOf(name, await store.loadDocument(name));
		changes.push({ name, update: reconcileDoc(now, then) });
		then.destroy();
		now.destroy();
	}
	return logChanges(store, changes);
}
