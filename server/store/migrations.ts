import type Database from 'better-sqlite3';
import { checksumOf } from './documents';

/** SQL, or a function for a step SQL alone cannot do (SQLite has no SHA-256). */
export type SqliteMigration = string | ((db: Database.Database) => void);

/**
 * Schema of the SQLite store, one entry per version. `PRAGMA user_version` records how many
 * have run; never edit an entry once released, append a new one.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
	`
	CREATE TABLE communities (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		username TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE memberships (
		user_id TEXT NOT NULL REFERENCES users(id),
		community_id TEXT NOT NULL REFERENCES communities(id),
		role TEXT NOT NULL,
		PRIMARY KEY (user_id, community_id)
	);
	CREATE INDEX memberships_by_community ON memberships(community_id);
	CREATE TABLE documents (
		name TEXT PRIMARY KEY,
		snapshot BLOB NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE document_updates (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		name TEXT NOT NULL,
		data BLOB NOT NULL,
		received_at INTEGER NOT NULL
	);
	CREATE INDEX document_updates_by_name ON document_updates(name, id);
	`,
	// Snapshots become a checksummed history instead of one row per document, and compaction moves
	// the updates it covers to update_history instead of deleting them. A 1-version snapshot
	// covered every update its compaction deleted, so it keeps only the rows still logged after it.
	(db) => {
		db.exec(`
		CREATE TABLE snapshots (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			name TEXT NOT NULL,
			state BLOB NOT NULL,
			checksum TEXT NOT NULL,
			through_update_id INTEGER NOT NULL,
			created_at INTEGER NOT NULL
		);
		CREATE INDEX snapshots_by_name ON snapshots(name, id);
		CREATE TABLE update_history (
			id INTEGER PRIMARY KEY,
			name TEXT NOT NULL,
			data BLOB NOT NULL,
			received_at INTEGER NOT NULL
		);
		CREATE INDEX update_history_by_name ON update_history(name, id);
		CREATE TABLE history_began (at INTEGER NOT NULL);
		`);
		// Nothing before this moment can be rebuilt: the log used to be deleted on compaction.
		db.prepare('INSERT INTO history_began (at) VALUES (?)').run(Date.now());
		const insert = db.prepare(
			'INSERT INTO snapshots (name, state, checksum, through_update_id, created_at) VALUES (?, ?, ?, 0, ?)'
		);
		const rows = db.prepare('SELECT name, snapshot, updated_at FROM documents ORDER BY updated_at').all() as {
			name: string;
			snapshot: Buffer;
			updated_at: number;
		}[];
		for (const row of rows) insert.run(row.name, row.snapshot, checksumOf(row.snapshot), row.updated_at);
		db.exec('DROP TABLE documents');
	},
	// The audit trail: who sent each logged update, through which connection.
	`ALTER TABLE document_updates ADD COLUMN user_id TEXT;
	ALTER TABLE document_updates ADD COLUMN connection TEXT;
	ALTER TABLE update_history ADD COLUMN user_id TEXT;
	ALTER TABLE update_history ADD COLUMN connection TEXT;`,
	// Photos attached to records, content-addressed per community (server/api/attachments.ts).
	`CREATE TABLE attachments (
		community_id TEXT NOT NULL REFERENCES communities(id),
		id TEXT NOT NULL,
		content_type TEXT NOT NULL,
		size INTEGER NOT NULL,
		data BLOB NOT NULL,
		created_by TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (community_id, id)
	);`,
	// Invitations: a one-time link with a role; only the token's SHA-256 is kept.
	`CREATE TABLE invitations (
		id TEXT PRIMARY KEY,
		community_id TEXT NOT NULL REFERENCES communities(id),
		role TEXT NOT NULL,
		name TEXT,
		token_hash TEXT NOT NULL UNIQUE,
		created_by TEXT,
		created_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL,
		used_at INTEGER,
		used_by TEXT,
		revoked_at INTEGER
	);
	CREATE INDEX invitations_by_community ON invitations(community_id, created_at);`,
	// Who opened which household's care record (server/api/care.ts): ids and times only.
	`CREATE TABLE care_opens (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		community_id TEXT NOT NULL REFERENCES communities(id),
		grid_id TEXT NOT NULL,
		household_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		opened_at INTEGER NOT NULL,
		received_at INTEGER NOT NULL
	);
	CREATE INDEX care_opens_by_community ON care_opens(community_id, id);`
];

/**
 * Schema of the PostgreSQL store, one entry per version, recorded in `schema_version`; the same
 * tables as SQLite's latest version plus `documents`, whose row each append locks so that
 * within a document ids grow in commit order across relay processes (see postgres.ts).
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE communities (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		username TEXT NOT NULL UNIQUE,
		name TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE TABLE memberships (
		user_id TEXT NOT NULL REFERENCES users(id),
		community_id TEXT NOT NULL REFERENCES communities(id),
		role TEXT NOT NULL,
		PRIMARY KEY (user_id, community_id)
	);
	CREATE INDEX memberships_by_community ON memberships(community_id);
	CREATE TABLE documents (
		name TEXT PRIMARY KEY,
		appends BIGINT NOT NULL DEFAULT 0
	);
	CREATE SEQUENCE update_ids;
	CREATE TABLE document_updates (
		id BIGINT PRIMARY KEY,
		name TEXT NOT NULL,
		data BYTEA NOT NULL,
		received_at BIGINT NOT NULL,
		user_id TEXT,
		connection TEXT
	);
	CREATE INDEX document_updates_by_name ON document_updates(name, id);
	CREATE TABLE update_history (
		id BIGINT PRIMARY KEY,
		name TEXT NOT NULL,
		data BYTEA NOT NULL,
		received_at BIGINT NOT NULL,
		user_id TEXT,
		connection TEXT
	);
	CREATE INDEX update_history_by_name ON update_history(name, id);
	CREATE TABLE snapshots (
		id BIGSERIAL PRIMARY KEY,
		name TEXT NOT NULL,
		state BYTEA NOT NULL,
		checksum TEXT NOT NULL,
		through_update_id BIGINT NOT NULL,
		created_at BIGINT NOT NULL
	);
	CREATE INDEX snapshots_by_name ON snapshots(name, id);
	CREATE TABLE history_began (at BIGINT NOT NULL);
	CREATE TABLE secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
	INSERT INTO history_began (at) VALUES ((extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
	`,
	`CREATE TABLE attachments (
		community_id TEXT NOT NULL REFERENCES communities(id),
		id TEXT NOT NULL,
		content_type TEXT NOT NULL,
		size BIGINT NOT NULL,
		data BYTEA NOT NULL,
		created_by TEXT NOT NULL,
		created_at BIGINT NOT NULL,
		PRIMARY KEY (community_id, id)
	);`,
	`
	CREATE TABLE invitations (
		id TEXT PRIMARY KEY,
		community_id TEXT NOT NULL REFERENCES communities(id),
		role TEXT NOT NULL,
		name TEXT,
		token_hash TEXT NOT NULL UNIQUE,
		created_by TEXT,
		created_at BIGINT NOT NULL,
		expires_at BIGINT NOT NULL,
		used_at BIGINT,
		used_by TEXT,
		revoked_at BIGINT
	);
	CREATE INDEX invitations_by_community ON invitations(community_id, created_at);
	`,
	`
	CREATE TABLE care_opens (
		id BIGSERIAL PRIMARY KEY,
		community_id TEXT NOT NULL REFERENCES communities(id),
		grid_id TEXT NOT NULL,
		household_id TEXT NOT NULL,
		user_id TEXT NOT NULL,
		opened_at BIGINT NOT NULL,
		received_at BIGINT NOT NULL
	);
	CREATE INDEX care_opens_by_community ON care_opens(community_id, id);
	`
];
