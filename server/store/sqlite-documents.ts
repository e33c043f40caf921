import type Database from 'better-sqlite3';
import { rootDocName } from '../../src/lib/model';
import { checksumOf } from './documents';
import { StoreError, type LoggedUpdate, type Store, type StoredDocument } from './types';

/**
 * Besides the newest snapshot, the history keeps about one snapshot per day: the log is kept
 * for the whole retention anyway, so the snapshots in between would only cost disk (a busy
 * document is compacted every few seconds).
 */
const CHECKPOINT_SPACING_MS = 86_400_000;

export interface HistoryPolicy {
	retentionMs: number;
	now(): number;
	warn(message: string): void;
}

export type DocumentMethods = Pick<
	Store,
	| 'loadDocument'
	| 'loadDocumentAt'
	| 'historyStart'
	| 'listDocuments'
	| 'appendUpdate'
	| 'updatesAfter'
	| 'storeSnapshot'
>;

interface SnapshotMeta {
	id: number;
	checksum: string;
	through: number;
	createdAt: number;
}

/** better-sqlite3 binds Buffers as BLOBs; a view over the same bytes avoids a copy. */
const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A time no row can be stamped after: "now" for queries that take a time. */
const LATEST = Number.MAX_SAFE_INTEGER;

/**
 * Documents as snapshots plus an update log. `document_updates` holds what no snapshot covers
 * yet; a compaction adds a checksummed snapshot and moves the updates it covers to
 * `update_history`, where they stay for the retention so any moment in it can be rebuilt.
 */
export function sqliteDocuments(db: Database.Database, policy: HistoryPolicy): DocumentMethods {
	const q = {
		snapshotsUpTo: db.prepare(
			`SELECT id, checksum, through_update_id AS through, created_at AS createdAt FROM snapshots
			 WHERE name = ? AND created_at <= ? ORDER BY id DESC`
		),
		snapshotState: db.prepare('SELECT state FROM snapshots WHERE id = ?').pluck(),
		logAfter: db.prepare(
			`SELECT id, data FROM update_history WHERE name = @name AND id > @after AND received_at <= @at
			 UNION ALL
			 SELECT id, data FROM document_updates WHERE name = @name AND id > @after AND received_at <= @at
			 ORDER BY id`
		),
		append: db.prepare('INSERT INTO document_updates (name, data, received_at) VALUES (?, ?, ?)'),
		insertSnapshot: db.prepare(
			'INSERT INTO snapshots (name, state, checksum, through_update_id, created_at) VALUES (?, ?, ?, ?, ?)'
		),
		archiveLog: db.prepare(
			`INSERT INTO update_history (id, name, data, received_at)
			 SELECT id, name, data, received_at FROM document_updates WHERE name = ? AND id <= ?`
		),
		dropLog: db.prepare('DELETE FROM document_updates WHERE name = ? AND id <= ?'),
		previousTwo: db.prepare(
			'SELECT id, created_at AS createdAt FROM snapshots WHERE name = ? AND id < ? ORDER BY id DESC LIMIT 2'
		),
		deleteSnapshot: db.prepare('DELETE FROM snapshots WHERE id = ?'),
		pruneBases: db.prepare(
			`SELECT id, checksum, through_update_id AS through, created_at AS createdAt FROM snapshots
			 WHERE name = ? AND id < ? AND created_at <= ? ORDER BY id DESC`
		),
		prunable: db
			.prepare(
				`SELECT EXISTS (SELECT 1 FROM snapshots WHERE name = @name AND id < @id)
				     OR EXISTS (SELECT 1 FROM update_history WHERE name = @name AND id <= @through)`
			)
			.pluck(),
		dropSnapshotsBefore: db.prepare('DELETE FROM snapshots WHERE name = ? AND id < ?'),
		dropHistoryThrough: db.prepare('DELETE FROM update_history WHERE name = ? AND id <= ?'),
		historyBegan: db.prepare('SELECT at FROM history_began').pluck(),
		// GLOB, not LIKE: `_` in a community id is a wildcard for LIKE.
		listDocuments: db
			.prepare(
				`SELECT name FROM snapshots WHERE name = @root OR name GLOB @family
				 UNION SELECT name FROM document_updates WHERE name = @root OR name GLOB @family ORDER BY name`
			)
			.pluck()
	};

	const intact = (meta: SnapshotMeta): Buffer | null => {
		const state = q.snapshotState.get(meta.id) as Buffer;
		return checksumOf(state) === meta.checksum ? state : null;
	};

	/** The newest intact snapshot taken by `at`, and the updates received after it by `at`. */
	const read = db.transaction((name: string, at: number): StoredDocument => {
		let corrupt = 0;
		let base: { state: Buffer; through: number } | null = null;
		for (const meta of q.snapshotsUpTo.all(name, at) as SnapshotMeta[]) {
			const state = intact(meta);
			if (state) {
				base = { state, through: meta.through };
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
		const rows = q.logAfter.all({ name, after, at }) as { id: number; data: Buffer }[];
		return {
			snapshot: base?.state ?? null,
			updates: rows.map((r) => r.data),
			throughUpdateId: rows.length ? rows[rows.length - 1].id : after,
			corruptSnapshots: corrupt
		};
	});

	const historyStart = () => Math.max(policy.now() - policy.retentionMs, q.historyBegan.get() as number);

	/** Keeps the previous snapshot only as a daily checkpoint, not every few seconds. */
	const thin = (name: string, newestId: number) => {
		const [previous, beforeIt] = q.previousTwo.all(name, newestId) as { id: number; createdAt: number }[];
		if (previous && beforeIt && previous.createdAt - beforeIt.createdAt < CHECKPOINT_SPACING_MS) {
			q.deleteSnapshot.run(previous.id);
		}
	};

	/**
	 * Drops snapshots and logged updates older than the retention that an intact snapshot, also
	 * older than the retention, covers; that snapshot stays as the base to rebuild from. Never the
	 * newest snapshot, so a damaged newest one can always be rebuilt from its predecessor.
	 */
	const prune = (name: string, newestId: number) => {
		const cutoff = policy.now() - policy.retentionMs;
		for (const base of q.pruneBases.all(name, newestId, cutoff) as SnapshotMeta[]) {
			if (!q.prunable.get({ name, id: base.id, through: base.through })) return;
			if (!intact(base)) continue;
			q.dropSnapshotsBefore.run(name, base.id);
			q.dropHistoryThrough.run(name, base.through);
			return;
		}
	};

	const storeSnapshot = db.transaction((name: string, state: Uint8Array, through: number) => {
		const insert = q.insertSnapshot.run(name, blob(state), checksumOf(state), through, policy.now());
		const id = Number(insert.lastInsertRowid);
		q.archiveLog.run(name, through);
		q.dropLog.run(name, through);
		thin(name, id);
		prune(name, id);
	});

	return {
		loadDocument: (name) => read(name, LATEST),
		loadDocumentAt(name, at) {
			const start = historyStart();
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
		listDocuments(communityId) {
			const root = rootDocName(communityId);
			return q.listDocuments.all({ root, family: `${root}:*` }) as string[];
		},
		appendUpdate: (name, update) => Number(q.append.run(name, blob(update), policy.now()).lastInsertRowid),
		updatesAfter: (name, afterId) => q.logAfter.all({ name, after: afterId, at: LATEST }) as LoggedUpdate[],
		storeSnapshot: (name, state, through) => storeSnapshot(name, state, through)
	};
}
