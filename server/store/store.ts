import { rootDocName } from '../../src/lib/model';
import { checksumOf } from './documents';
import { Sealer, sealsDocument } from './sealing';
import type { Engine, SnapshotMeta, Tables } from './tables';
import { StoreError, type LoggedUpdate, type Store, type StoreOperations, type StoredDocument } from './types';

/**
 * Besides the newest snapshot, the history keeps about one snapshot per day: the log is kept
 * for the whole retention anyway, so the snapshots in between would only cost disk (a busy
 * document is compacted every few seconds).
 */
const CHECKPOINT_SPACING_MS = 86_400_000;

/** A time no row can be stamped after: "now" for queries that take a time. */
const LATEST = Number.MAX_SAFE_INTEGER;

export interface HistoryPolicy {
	retentionMs: number;
	now(): number;
	warn(message: string): void;
}

/** Named as in `Config`, so the server's config can be passed as it is. */
export interface StoreOptions {
	/** History kept for point-in-time restore (RETENTION); 30 days when not given. */
	retentionSeconds?: number;
	/** The clock stamping logged updates and snapshots. */
	now?: () => number;
	/** Where a damaged snapshot is reported. */
	warn?: (message: string) => void;
}

export function historyPolicy(options: StoreOptions): HistoryPolicy {
	return {
		retentionMs: (options.retentionSeconds ?? 30 * 86400) * 1000,
		now: options.now ?? Date.now,
		warn: options.warn ?? ((message) => console.warn(message))
	};
}

/**
 * Documents are kept as snapshots plus an update log. The live log holds what no snapshot
 * covers yet; a compaction adds a checksummed snapshot and moves the updates it covers to the
 * history, where they stay for the retention so any moment in it can be rebuilt.
 */
function operations(t: Tables, policy: HistoryPolicy, sealer: Sealer): StoreOperations {
	/** The snapshot's stored bytes (sealed, for a private document) if they pass their checksum. */
	const intact = async (meta: SnapshotMeta): Promise<Uint8Array | null> => {
		const state = await t.snapshotState(meta.id);
		return checksumOf(state) === meta.checksum ? state : null;
	};
	const opened = (name: string, rows: LoggedUpdate[]) => rows.map((row) => ({ id: row.id, data: sealer.openFor(name, row.data) }));

	/** The newest intact snapshot taken by `at`, and the updates received after it by `at`. */
	const read = async (name: string, at: number): Promise<StoredDocument> => {
		let corrupt = 0;
		let base: { state: Uint8Array; through: number } | null = null;
		for (const meta of await t.snapshotsUpTo(name, at)) {
			const state = await intact(meta);
			if (state) {
				base = { state: sealer.openFor(name, state), through: meta.through };
				break;
			}
			corrupt++;
			const taken = new Date(meta.createdAt).toISOString();
			policy.warn(
				`snapshot ${meta.id} of ${name} (taken ${taken}) fails its checksum; ` +
					'rebuilding the document from an older snapshot and the log'
			);
		}
		// An older snapshot may hold content no retained update carries (a seed, pruned history):
		// the log alone would be a partial document, worse than none.
		if (corrupt && !base) {
			throw new StoreError('corrupt', `${name}: no snapshot passes its checksum; restore it from a backup`);
		}
		const after = base?.through ?? 0;
		const rows = opened(name, await t.logAfter(name, after, at));
		return {
			snapshot: base?.state ?? null,
			updates: rows.map((r) => r.data),
			throughUpdateId: rows.length ? rows[rows.length - 1].id : after,
			corruptSnapshots: corrupt
		};
	};

	const historyStart = async () => Math.max(policy.now() - policy.retentionMs, await t.historyBegan());

	/** Keeps the previous snapshot only as a daily checkpoint, not every few seconds. */
	const thin = async (name: string, newestId: number) => {
		const [previous, beforeIt] = await t.previousTwo(name, newestId);
		if (previous && beforeIt && previous.createdAt - beforeIt.createdAt < CHECKPOINT_SPACING_MS) {
			await t.deleteSnapshot(previous.id);
		}
	};

	/**
	 * Drops snapshots and logged updates older than the retention that an intact snapshot, also
	 * older than the retention, covers; that snapshot stays as the base to rebuild from. Never the
	 * newest snapshot, so a damaged newest one can always be rebuilt from its predecessor.
	 */
	const prune = async (name: string, newestId: number) => {
		const cutoff = policy.now() - policy.retentionMs;
		for (const base of await t.pruneBases(name, newestId, cutoff)) {
			if (!(await t.prunable(name, base.id, base.through))) return;
			if (!(await intact(base))) continue;
			await t.pruneBelow(name, base.id, base.through);
			return;
		}
	};

	return {
		async createCommunity({ id, name }) {
			const row = { id, name, createdAt: Date.now() };
			await t.insertCommunity(row);
			return row;
		},
		getCommunity: (id) => t.getCommunity(id),
		listCommunities: () => t.listCommunities(),

		async createUser(user) {
			const row = { ...user, createdAt: Date.now() };
			await t.insertUser(row);
			return row;
		},
		getUser: (id) => t.getUser(id),
		findUserByUsername: (username) => t.findUserByUsername(username),
		setPasswordHash: (userId, hash) => t.setPasswordHash(userId, hash),
		listUsers: () => t.listUsers(),

		setMembership: (membership) => t.upsertMembership(membership),
		getMembership: (userId, communityId) => t.getMembership(userId, communityId),
		membershipsOf: (userId) => t.membershipsOf(userId),
		deleteMembership: (userId, communityId) => t.deleteMembership(userId, communityId),
		membersOf: (communityId) => t.membersOf(communityId),

		async createInvitation(invitation) {
			const row = { ...invitation, usedAt: null, usedBy: null, revokedAt: null };
			await t.insertInvitation(row);
			return row;
		},
		getInvitation: (id) => t.getInvitation(id),
		findInvitationByTokenHash: (hash) => t.findInvitationByTokenHash(hash),
		pendingInvitations: (communityId, now) => t.pendingInvitations(communityId, now),
		useInvitation: (id, userId, at) => t.useInvitation(id, userId, at),
		revokeInvitation: (id, at) => t.revokeInvitation(id, at),

		loadDocument: (name) => read(name, LATEST),
		async loadDocumentAt(name, at) {
			const start = await historyStart();
			if (at < start) {
				throw new StoreError(
					'beyondRetention',
					`history before ${new Date(start).toISOString()} is not kept ` +
						'(RETENTION, and history began when this database was upgraded)'
				);
			}
			return read(name, at);
		},
		historyStart,
		async listSnapshots(name) {
			const start = await historyStart();
			const metas = await t.snapshotsUpTo(name, LATEST);
			return metas.filter((meta) => meta.createdAt >= start).map((meta) => meta.createdAt);
		},
		listDocuments: (communityId) => t.listDocuments(rootDocName(communityId)),
		appendUpdates: (appends) =>
			appends.length
				? t.append(
						appends.map((append) => ({ ...append, update: sealer.sealFor(append.name, append.update) })),
						policy.now()
					)
				: Promise.resolve([]),
		updatesAfter: async (name, afterId) => opened(name, await t.logAfter(name, afterId, LATEST)),
		async storeSnapshot(name, plain, through) {
			const state = sealer.sealFor(name, plain);
			const id = await t.insertSnapshot(name, state, checksumOf(state), through, policy.now());
			await t.archiveLog(name, through);
			await thin(name, id);
			await prune(name, id);
		},

		async addAttachment(attachment, quotaBytes) {
			if (await t.attachmentMeta(attachment.communityId, attachment.id)) return 'exists';
			if ((await t.attachmentUsage(attachment.communityId)) + attachment.size > quotaBytes) return 'overQuota';
			await t.insertAttachment({ ...attachment, createdAt: policy.now() });
			return 'created';
		},
		getAttachment: (communityId, id) => t.getAttachment(communityId, id),
		attachmentUsage: (communityId) => t.attachmentUsage(communityId),

		recordCareOpens: (rows, receivedAt) => t.insertCareOpens(rows.map((row) => ({ ...row, receivedAt }))),
		careOpens: (communityId, query) => t.careOpens(communityId, query),

		async sealPrivateDocuments() {
			let sealed = 0;
			for (const row of await t.unsealedRows()) {
				if (!sealsDocument(row.name)) continue;
				// A damaged snapshot keeps its mismatching checksum: readers must go on passing it over.
				if (row.table === 'snapshots' && checksumOf(row.data) !== row.checksum) continue;
				const data = sealer.seal(row.name, row.data);
				await t.rewriteRow(row.table, row.id, data, checksumOf(data));
				sealed++;
			}
			return sealed;
		}
	};
}

/** Operations that only read; the rest run in a writing transaction. */
const READS = new Set<keyof StoreOperations>([
	'getCommunity',
	'listCommunities',
	'getUser',
	'findUserByUsername',
	'listUsers',
	'getMembership',
	'membershipsOf',
	'membersOf',
	'getInvitation',
	'findInvitationByTokenHash',
	'pendingInvitations',
	'loadDocument',
	'loadDocumentAt',
	'historyStart',
	'listSnapshots',
	'listDocuments',
	'updatesAfter',
	'getAttachment',
	'attachmentUsage',
	'careOpens'
]);

/**
 * The store over an engine: each operation is one transaction, `transaction` makes several one.
 * The data key sealing private documents comes from the engine's secret, read once, before any
 * transaction opens.
 */
export function storeOver(engine: Engine, policy: HistoryPolicy): Store {
	let sealer: Promise<Sealer> | null = null;
	const sealing = () => (sealer ??= engine.tokenSecret().then((secret) => Sealer.fromSecret(secret)));
	const names = Object.keys(operations({} as Tables, policy, null as never)) as (keyof StoreOperations)[];
	const store = Object.fromEntries(
		names.map((name) => [
			name,
			async (...args: unknown[]) => {
				const key = await sealing();
				return engine.atomically(READS.has(name) ? 'read' : 'write', (t) =>
					(operations(t, policy, key)[name] as (...a: unknown[]) => Promise<unknown>)(...args)
				);
			}
		])
	) as unknown as StoreOperations;
	return {
		...store,
		engine: engine.name,
		transaction: async (work) => {
			const key = await sealing();
			return engine.atomically('write', (t) => work(operations(t, policy, key)));
		},
		tokenSecret: () => engine.tokenSecret(),
		close: () => engine.close()
	};
}
