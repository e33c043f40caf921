/**
 * Schema of the SQLite store, one entry per version. `PRAGMA user_version` records how many
 * have run; never edit an entry once released, append a new one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
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
	`
];
