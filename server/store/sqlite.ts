import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rootDocName } from '../../src/lib/model';
import { SQLITE_MIGRATIONS } from './migrations';
import type { CommunityRow, MemberRow, MembershipRow, Store, StoredDocument, UserRow } from './types';

export const SQLITE_FILE = 'gongzhi.sqlite';

interface UserRecord {
	id: string;
	username: string;
	name: string;
	password_hash: string;
	created_at: number;
}

/** better-sqlite3 binds Buffers as BLOBs; a view over the same bytes avoids a copy. */
const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const toUser = (r: UserRecord): UserRow => ({
	id: r.id,
	username: r.username,
	name: r.name,
	passwordHash: r.password_hash,
	createdAt: r.created_at
});

function migrate(db: Database.Database): void {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current > SQLITE_MIGRATIONS.length) {
		throw new Error(
			`${db.name} has schema version ${current}, newer than this server knows (${SQLITE_MIGRATIONS.length}); upgrade the server`
		);
	}
	for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
		db.transaction(() => {
			db.exec(SQLITE_MIGRATIONS[version]);
			db.pragma(`user_version = ${version + 1}`);
		})();
	}
}

/**
 * Opens (creating if needed) `${dataDir}/gongzhi.sqlite`. WAL with synchronous=NORMAL: a commit
 * survives the process being killed (it is in the OS cache), not a power cut, which would need
 * synchronous=FULL at the cost of an fsync per logged update.
 */
export function openSqliteStore(dataDir: string): Store {
	fs.mkdirSync(dataDir, { recursive: true });
	const db = new Database(path.join(dataDir, SQLITE_FILE), { timeout: 5000 });
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	migrate(db);

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
		membersOf: db.prepare(
			`SELECT u.id AS userId, u.username, u.name, m.role FROM memberships m
			 JOIN users u ON u.id = m.user_id WHERE m.community_id = ? ORDER BY u.username`
		),
		snapshot: db.prepare('SELECT snapshot FROM documents WHERE name = ?').pluck(),
		updates: db.prepare('SELECT id, data FROM document_updates WHERE name = ? ORDER BY id'),
		appendUpdate: db.prepare('INSERT INTO document_updates (name, data, received_at) VALUES (?, ?, ?)'),
		upsertSnapshot: db.prepare(
			`INSERT INTO documents (name, snapshot, updated_at) VALUES (?, ?, ?)
			 ON CONFLICT (name) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`
		),
		dropUpdates: db.prepare('DELETE FROM document_updates WHERE name = ? AND id <= ?'),
		// GLOB, not LIKE: `_` in a community id is a wildcard for LIKE.
		listDocuments: db
			.prepare(
				`SELECT name FROM documents WHERE name = @root OR name GLOB @family
				 UNION SELECT DISTINCT name FROM document_updates WHERE name = @root OR name GLOB @family ORDER BY name`
			)
			.pluck()
	};

	const loadDocument = db.transaction((name: string): StoredDocument => {
		const snapshot = q.snapshot.get(name) as Buffer | undefined;
		const rows = q.updates.all(name) as { id: number; data: Buffer }[];
		return {
			snapshot: snapshot ?? null,
			updates: rows.map((r) => r.data),
			lastUpdateId: rows.length ? rows[rows.length - 1].id : 0
		};
	});

	const storeSnapshot = db.transaction((name: string, snapshot: Uint8Array, through: number) => {
		q.upsertSnapshot.run(name, blob(snapshot), Date.now());
		q.dropUpdates.run(name, through);
	});

	return {
		transaction: (fn) => db.transaction(fn)(),

		createCommunity({ id, name }) {
			const createdAt = Date.now();
			q.insertCommunity.run(id, name, createdAt);
			return { id, name, createdAt };
		},
		getCommunity: (id) => (q.getCommunity.get(id) as CommunityRow | undefined) ?? null,
		listCommunities: () => q.listCommunities.all() as CommunityRow[],

		createUser({ id, username, name, passwordHash }) {
			const createdAt = Date.now();
			q.insertUser.run(id, username, name, passwordHash, createdAt);
			return { id, username, name, passwordHash, createdAt };
		},
		getUser(id) {
			const row = q.getUser.get(id) as UserRecord | undefined;
			return row ? toUser(row) : null;
		},
		findUserByUsername(username) {
			const row = q.findUser.get(username) as UserRecord | undefined;
			return row ? toUser(row) : null;
		},
		setPasswordHash(userId, passwordHash) {
			q.setPassword.run(passwordHash, userId);
		},
		listUsers: () => (q.listUsers.all() as UserRecord[]).map(toUser),

		setMembership({ userId, communityId, role }) {
			q.upsertMembership.run(userId, communityId, role);
		},
		getMembership: (userId, communityId) =>
			(q.getMembership.get(userId, communityId) as MembershipRow | undefined) ?? null,
		membershipsOf: (userId) => q.membershipsOf.all(userId) as MembershipRow[],
		membersOf: (communityId) => q.membersOf.all(communityId) as MemberRow[],

		loadDocument: (name) => loadDocument(name),
		listDocuments: (communityId) => {
			const root = rootDocName(communityId);
			return q.listDocuments.all({ root, family: `${root}:*` }) as string[];
		},
		appendUpdate: (name, update) => Number(q.appendUpdate.run(name, blob(update), Date.now()).lastInsertRowid),
		storeSnapshot: (name, snapshot, through) => storeSnapshot(name, snapshot, through),

		close: () => db.close()
	};
}
