import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ensureSecret } from '../accounts/tokens';
import { SQLITE_MIGRATIONS } from './migrations';
import { startCheckpoints } from './sqlite-checkpoints';
import { historyPolicy, storeOver, type StoreOptions } from './store';
import type { Engine, SnapshotMeta, Tables, UnsealedRow } from './tables';
import type { AttachmentRow, CareOpenRow, CommunityRow, InvitationRow, LoggedUpdate, MemberRow, MembershipRow, Store, UserRow } from './types';

export const SQLITE_FILE = 'gongzhi.sqlite';

export interface SqliteStoreOptions extends StoreOptions {
	/** NORMAL: a commit survives the process being killed; FULL: also a power cut (SQLITE_SYNCHRONOUS). */
	sqliteSynchronous?: 'normal' | 'full';
	/** How often the checkpoint thread folds the WAL into the database file (sqlite-checkpoints.ts). */
	checkpointEveryMs?: number;
}

interface UserRecord {
	id: string;
	username: string;
	name: string;
	password_hash: string;
	created_at: number;
}

const INVITATION = `id, community_id AS communityId, role, name, token_hash AS tokenHash, created_by AS createdBy,
	created_at AS createdAt, expires_at AS expiresAt, used_at AS usedAt, used_by AS usedBy, revoked_at AS revokedAt`;

const toUser = (r: UserRecord): UserRow => ({
	id: r.id,
	username: r.username,
	name: r.name,
	passwordHash: r.password_hash,
	createdAt: r.created_at
});

const CARE_OPEN = `id, community_id AS communityId, grid_id AS grid, household_id AS household, user_id AS userId,
	opened_at AS openedAt, received_at AS receivedAt`;

const ATTACHMENT_META =
	'community_id AS communityId, id, content_type AS contentType, size, created_by AS createdBy, created_at AS createdAt';

/** Rows of documents named like private ones whose bytes do not begin as sealed ones do (sealing.ts). */
const UNSEALED = (column: string) =>
	`(name GLOB 'community:*:private' OR name GLOB 'community:*:private:grid:*') AND substr(${column}, 1, 8) <> X'FFFFFFFFFFFFFFFF'`;

/** better-sqlite3 binds Buffers as BLOBs; a view over the same bytes avoids a copy. */
const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function migrate(db: Database.Database): void {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current > SQLITE_MIGRATIONS.length) {
		throw new Error(
			`${db.name} has schema version ${current}, newer than this server knows (${SQLITE_MIGRATIONS.length}); upgrade the server`
		);
	}
	for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
		const migration = SQLITE_MIGRATIONS[version];
		db.transaction(() => {
			if (typeof migration === 'string') db.exec(migration);
			else migration(db);
			db.pragma(`user_version = ${version + 1}`);
		})();
	}
}

function sqliteTables(db: Database.Database): Tables {
	const q = {
		insertCommunity: db.prepare('INSERT INTO communities (id, name, created_at) VALUES (?, ?, ?)'),
		getCommunity: db.prepare('SELECT id, name, created_at AS createdAt FROM communities WHERE id = ?'),
		listCommunities: db.prepare('SELECT id, name, created_at AS createdAt FROM communities ORDER BY id'),
		insertUser: db.prepare(
			'INSERT INTO users (id, username, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)'
		),
		getUser: db.prepare('SELECT * FROM users WHERE id = ?'),
		findUser: db.prepare('SELECT * FROM users WHERE username = ?'),
		setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
		listUsers: db.prepare('SELECT * FROM users ORDER BY username'),
		upsertMembership: db.prepare(
			`INSERT INTO memberships (user_id, community_id, role) VALUES (?, ?, ?)
			 ON CONFLICT (user_id, community_id) DO UPDATE SET role = excluded.role`
		),
		getMembership: db.prepare(
			'SELECT user_id AS userId, community_id AS communityId, role FROM memberships WHERE user_id = ? AND community_id = ?'
		),
		membershipsOf: db.prepare(
			'SELECT user_id AS userId, community_id AS communityId, role FROM memberships WHERE user_id = ? ORDER BY community_id'
		),
		deleteMembership: db.prepare('DELETE FROM memberships WHERE user_id = ? AND community_id = ?'),
		membersOf: db.prepare(
			`SELECT u.id AS userId, u.username, u.name, m.role FROM memberships m
			 JOIN users u ON u.id = m.user_id WHERE m.community_id = ? ORDER BY u.username`
		),
		insertInvitation: db.prepare(
			`INSERT INTO invitations (id, community_id, role, name, token_hash, created_by, created_at, expires_at, used_at, used_by, revoked_at)
			 VALUES (@id, @communityId, @role, @name, @tokenHash, @createdBy, @createdAt, @expiresAt, @usedAt, @usedBy, @revokedAt)`
		),
		getInvitation: db.prepare(`SELECT ${INVITATION} FROM invitations WHERE id = ?`),
		findInvitation: db.prepare(`SELECT ${INVITATION} FROM invitations WHERE token_hash = ?`),
		pendingInvitations: db.prepare(
			`SELECT ${INVITATION} FROM invitations WHERE community_id = ? AND used_at IS NULL AND revoked_at IS NULL
			 AND expires_at > ? ORDER BY created_at DESC, id`
		),
		useInvitation: db.prepare(
			'UPDATE invitations SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL'
		),
		revokeInvitation: db.prepare(
			'UPDATE invitations SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL'
		),
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
		append: db.prepare(
			'INSERT INTO document_updates (name, data, received_at, user_id, connection) VALUES (?, ?, ?, ?, ?)'
		),
		insertSnapshot: db.prepare(
			'INSERT INTO snapshots (name, state, checksum, through_update_id, created_at) VALUES (?, ?, ?, ?, ?)'
		),
		archiveLog: db.prepare(
			`INSERT INTO update_history (id, name, data, received_at, user_id, connection)
			 SELECT id, name, data, received_at, user_id, connection FROM document_updates WHERE name = ? AND id <= ?`
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
			.pluck(),
		insertAttachment: db.prepare(
			`INSERT INTO attachments (community_id, id, content_type, size, data, created_by, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (community_id, id) DO NOTHING`
		),
		attachmentMeta: db.prepare(`SELECT ${ATTACHMENT_META} FROM attachments WHERE community_id = ? AND id = ?`),
		getAttachment: db.prepare(`SELECT ${ATTACHMENT_META}, data FROM attachments WHERE community_id = ? AND id = ?`),
		attachmentUsage: db.prepare('SELECT COALESCE(SUM(size), 0) FROM attachments WHERE community_id = ?').pluck(),
		unsealedRows: db.prepare(
			`SELECT 'snapshots' AS "table", id, name, state AS data, checksum FROM snapshots WHERE ${UNSEALED('state')}
			 UNION ALL SELECT 'document_updates', id, name, data, '' FROM document_updates WHERE ${UNSEALED('data')}
			 UNION ALL SELECT 'update_history', id, name, data, '' FROM update_history WHERE ${UNSEALED('data')}`
		),
		rewriteSnapshot: db.prepare('UPDATE snapshots SET state = ?, checksum = ? WHERE id = ?'),
		rewriteUpdate: db.prepare('UPDATE document_updates SET data = ? WHERE id = ?'),
		rewriteHistory: db.prepare('UPDATE update_history SET data = ? WHERE id = ?'),
		insertCareOpen: db.prepare(
			`INSERT INTO care_opens (community_id, grid_id, household_id, user_id, opened_at, received_at)
			 VALUES (@communityId, @grid, @household, @userId, @openedAt, @receivedAt)`
		),
		careOpens: db.prepare(
			`SELECT ${CARE_OPEN} FROM care_opens WHERE community_id = @communityId
			 AND (@grid IS NULL OR grid_id = @grid) AND (@household IS NULL OR household_id = @household)
			 AND (@beforeId IS NULL OR id < @beforeId) ORDER BY id DESC LIMIT @limit`
		)
	};
	const user = (row: unknown) => (row ? toUser(row as UserRecord) : null);

	// better-sqlite3 is synchronous: each method does its work before its promise is made.
	return {
		insertCommunity: async ({ id, name, createdAt }) => void q.insertCommunity.run(id, name, createdAt),
		getCommunity: async (id) => (q.getCommunity.get(id) as CommunityRow | undefined) ?? null,
		listCommunities: async () => q.listCommunities.all() as CommunityRow[],
		insertUser: async (u) => void q.insertUser.run(u.id, u.username, u.name, u.passwordHash, u.createdAt),
		getUser: async (id) => user(q.getUser.get(id)),
		findUserByUsername: async (username) => user(q.findUser.get(username)),
		setPasswordHash: async (userId, hash) => void q.setPassword.run(hash, userId),
		listUsers: async () => (q.listUsers.all() as UserRecord[]).map(toUser),
		upsertMembership: async ({ userId, communityId, role }) => void q.upsertMembership.run(userId, communityId, role),
		getMembership: async (userId, communityId) =>
			(q.getMembership.get(userId, communityId) as MembershipRow | undefined) ?? null,
		membershipsOf: async (userId) => q.membershipsOf.all(userId) as MembershipRow[],
		deleteMembership: async (userId, communityId) => void q.deleteMembership.run(userId, communityId),
		membersOf: async (communityId) => q.membersOf.all(communityId) as MemberRow[],
		insertInvitation: async (row) => void q.insertInvitation.run(row),
		getInvitation: async (id) => (q.getInvitation.get(id) as InvitationRow | undefined) ?? null,
		findInvitationByTokenHash: async (hash) => (q.findInvitation.get(hash) as InvitationRow | undefined) ?? null,
		pendingInvitations: async (communityId, now) => q.pendingInvitations.all(communityId, now) as InvitationRow[],
		useInvitation: async (id, userId, at) => q.useInvitation.run(at, userId, id).changes === 1,
		revokeInvitation: async (id, at) => q.revokeInvitation.run(at, id).changes === 1,

		snapshotsUpTo: async (name, at) => q.snapshotsUpTo.all(name, at) as SnapshotMeta[],
		snapshotState: async (id) => q.snapshotState.get(id) as Buffer,
		logAfter: async (name, after, at) => q.logAfter.all({ name, after, at }) as LoggedUpdate[],
		append: async (appends, receivedAt) =>
			appends.map(({ name, update, userId, connection }) =>
				Number(q.append.run(name, blob(update), receivedAt, userId ?? null, connection ?? null).lastInsertRowid)
			),
		insertSnapshot: async (name, state, checksum, through, createdAt) =>
			Number(q.insertSnapshot.run(name, blob(state), checksum, through, createdAt).lastInsertRowid),
		async archiveLog(name, through) {
			q.archiveLog.run(name, through);
			q.dropLog.run(name, through);
		},
		previousTwo: async (name, id) => q.previousTwo.all(name, id) as { id: number; createdAt: number }[],
		deleteSnapshot: async (id) => void q.deleteSnapshot.run(id),
		pruneBases: async (name, id, cutoff) => q.pruneBases.all(name, id, cutoff) as SnapshotMeta[],
		prunable: async (name, id, through) => Boolean(q.prunable.get({ name, id, through })),
		async pruneBelow(name, baseId, through) {
			q.dropSnapshotsBefore.run(name, baseId);
			q.dropHistoryThrough.run(name, through);
		},
		historyBegan: async () => q.historyBegan.get() as number,
		listDocuments: async (root) => q.listDocuments.all({ root, family: `${root}:*` }) as string[],

		insertAttachment: async (a) =>
			void q.insertAttachment.run(a.communityId, a.id, a.contentType, a.size, blob(a.data), a.createdBy, a.createdAt),
		attachmentMeta: async (communityId, id) =>
			(q.attachmentMeta.get(communityId, id) as Omit<AttachmentRow, 'data'> | undefined) ?? null,
		getAttachment: async (communityId, id) => (q.getAttachment.get(communityId, id) as AttachmentRow | undefined) ?? null,
		attachmentUsage: async (communityId) => q.attachmentUsage.get(communityId) as number,
		unsealedRows: async () => q.unsealedRows.all() as UnsealedRow[],
		async insertCareOpens(rows) {
			for (const row of rows) q.insertCareOpen.run(row);
		},
		careOpens: async (communityId, { grid, household, beforeId, limit }) =>
			q.careOpens.all({ communityId, grid: grid ?? null, household: household ?? null, beforeId: beforeId ?? null, limit }) as CareOpenRow[],
		async rewriteRow(table, id, data, checksum) {
			if (table === 'snapshots') q.rewriteSnapshot.run(blob(data), checksum, id);
			else if (table === 'document_updates') q.rewriteUpdate.run(blob(data), id);
			else q.rewriteHistory.run(blob(data), id);
		}
	};
}

/**
 * SQLite runs one unit of work at a time on its one connection: the next waits for the last to
 * commit, so an await inside a transaction cannot let another unit's statements into it.
 */
function sqliteEngine(db: Database.Database, dataDir: string, checkpointEveryMs?: number): Engine {
	const tables = sqliteTables(db);
	const checkpoints = startCheckpoints(db.name, checkpointEveryMs);
	let queue: Promise<unknown> = Promise.resolve();
	return {
		name: 'sqlite',
		tokenSecret: async () => ensureSecret(dataDir),
		atomically(mode, work) {
			const run = async () => {
				// IMMEDIATE takes the write lock up front: a deferred transaction that reads and then
				// writes fails at once, whatever the busy timeout, if another process wrote meanwhile.
				db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
				try {
					const result = await work(tables);
					db.exec('COMMIT');
					return result;
				} catch (error) {
					if (db.inTransaction) db.exec('ROLLBACK');
					throw error;
				}
			};
			const result = queue.then(run, run);
			queue = result.catch(() => undefined);
			return result;
		},
		async close() {
			await queue;
			await checkpoints.stop();
			// The last connection to close checkpoints what is left and removes the WAL.
			db.close();
		}
	};
}

/**
 * Opens (creating if needed) `${dataDir}/gongzhi.sqlite`. WAL with synchronous=NORMAL: a commit
 * survives the process being killed (it is in the OS cache), not a power cut, which needs
 * synchronous=FULL at the cost of an fsync per commit (the relay commits appends in groups).
 */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Store {
	fs.mkdirSync(dataDir, { recursive: true });
	const db = new Database(path.join(dataDir, SQLITE_FILE), { timeout: 5000 });
	try {
		db.pragma('journal_mode = WAL');
		db.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
		db.pragma('foreign_keys = ON');
		// Checkpoints run on their own thread (sqlite-checkpoints.ts), not inside this connection's commits.
		db.pragma('wal_autocheckpoint = 0');
		migrate(db);
		return storeOver(sqliteEngine(db, dataDir, options.checkpointEveryMs), historyPolicy(options));
	} catch (error) {
		db.close();
		throw error;
	}
}
