import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations';
import { sqliteDocuments } from './sqlite-documents';
import type { CommunityRow, MemberRow, MembershipRow, Store, UserRow } from './types';

export const SQLITE_FILE = 'gongzhi.sqlite';

/** Named as in `Config`, so the server's config can be passed as it is. */
export interface SqliteStoreOptions {
	/** History kept for point-in-time restore (RETENTION); 30 days when not given. */
	retentionSeconds?: number;
	/** NORMAL: a commit survives the process being killed; FULL: also a power cut (SQLITE_SYNCHRONOUS). */
	sqliteSynchronous?: 'normal' | 'full';
	/** The clock stamping logged updates and snapshots. */
	now?: () => number;
	/** Where a damaged snapshot is reported. */
	warn?: (message: string) => void;
}

interface UserRecord {
	id: string;
	username: string;
	name: string;
	password_hash: string;
	created_at: number;
}

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
		const migration = SQLITE_MIGRATIONS[version];
		db.transaction(() => {
			if (typeof migration === 'string') db.exec(migration);
			else migration(db);
			db.pragma(`user_version = ${version + 1}`);
		})();
	}
}

/**
 * Opens (creating if needed) `${dataDir}/gongzhi.sqlite`. WAL with synchronous=NORMAL: a commit
 * survives the process being killed (it is in the OS cache), not a power cut, which needs
 * synchronous=FULL at the cost of an fsync per logged update.
 */
export function openSqliteStore(dataDir: string, options: SqliteStoreOptions = {}): Store {
	fs.mkdirSync(dataDir, { recursive: true });
	const db = new Database(path.join(dataDir, SQLITE_FILE), { timeout: 5000 });
	db.pragma('journal_mode = WAL');
	db.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	migrate(db);
	const documents = sqliteDocuments(db, {
		retentionMs: (options.retentionSeconds ?? 30 * 86400) * 1000,
		now: options.now ?? Date.now,
		warn: options.warn ?? ((message) => console.warn(message))
	});

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
		)
	};

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

		...documents,

		close: () => db.close()
	};
}
