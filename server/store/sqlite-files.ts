import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DataError } from './community-data';
import { SQLITE_MIGRATIONS } from './migrations';
import { SQLITE_FILE, openSqliteStore } from './sqlite';

/** What a store file holds, for the messages of backup and restore. */
export interface StoreFileSummary {
	schemaVersion: number;
	communities: number;
	users: number;
	bytes: number;
}

const REQUIRED_TABLES = ['communities', 'users', 'memberships', 'document_updates'];

/** Throws a DataError unless `file` is an intact SQLite store this server can open. */
export function checkStoreFile(file: string): StoreFileSummary {
	if (!fs.existsSync(file)) throw new DataError(`${file} does not exist`);
	let db: Database.Database | undefined;
	try {
		// Read-write although it only reads: a read-only connection to a WAL file leaves -wal and
		// -shm files behind.
		db = new Database(file, { fileMustExist: true });
		const check = db.pragma('quick_check', { simple: true });
		if (check !== 'ok') throw new DataError(`${file} is damaged: ${check}`);
		const version = db.pragma('user_version', { simple: true }) as number;
		const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
		if (version < 1 || REQUIRED_TABLES.some((t) => !tables.includes(t))) {
			throw new DataError(`${file} is a SQLite database, but not a 共治 Workspace store`);
		}
		if (version > SQLITE_MIGRATIONS.length) {
			const known = SQLITE_MIGRATIONS.length;
			throw new DataError(`${file} has schema version ${version}, newer than this server knows (${known})`);
		}
		const count = (table: string) => db!.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
		const bytes = fs.statSync(file).size;
		return { schemaVersion: version, communities: count('communities'), users: count('users'), bytes };
	} catch (error) {
		if (error instanceof DataError) throw error;
		throw new DataError(`${file} is not a readable SQLite database: ${(error as Error).message}`);
	} finally {
		db?.close();
	}
}

/** Whether another process (a running server) has the database open. */
function heldByAnother(file: string): boolean {
	const db = new Database(file, { timeout: 0 });
	try {
		// Exclusive locking in WAL mode needs every other connection gone; SQLITE_BUSY says one is not.
		db.pragma('locking_mode = EXCLUSIVE');
		db.exec('BEGIN EXCLUSIVE; COMMIT');
		return false;
	} catch (error) {
		if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
		throw error;
	} finally {
		db.close();
	}
}

/**
 * Copies a database with SQLite's backup API into one self-contained file (rollback journal,
 * not WAL), through a temporary file renamed into place.
 */
async function copyDatabase(from: string, to: string): Promise<void> {
	const partial = `${to}.partial`;
	fs.rmSync(partial, { force: true });
	const db = new Database(from, { fileMustExist: true, timeout: 5000 });
	try {
		// All pages in one step: one read transaction, so the copy is consistent even while a
		// server writes (a step-wise copy starts over at every write from another process).
		await db.backup(partial, { progress: () => 0x7fffffff });
	} finally {
		db.close();
	}
	const copy = new Database(partial);
	copy.pragma('journal_mode = DELETE');
	copy.close();
	fs.renameSync(partial, to);
}

/** A consistent copy of the live database, safe while the server runs. */
export async function backupSqlite(dataDir: string, file: string, force = false): Promise<StoreFileSummary> {
	const source = path.join(dataDir, SQLITE_FILE);
	if (!fs.existsSync(source)) throw new DataError(`there is no database in ${dataDir}`);
	const target = path.resolve(file);
	if (target === path.resolve(source)) throw new DataError('the backup cannot be the database itself');
	const directory = path.dirname(target);
	if (!fs.existsSync(directory)) throw new DataError(`the directory ${directory} does not exist`);
	if (fs.existsSync(target) && !force) throw new DataError(`${file} exists; add --force to overwrite it`);
	await copyDatabase(source, target);
	return checkStoreFile(target);
}

/**
 * Replaces the database of `dataDir` by a backup, refusing while a server has it open. The
 * replaced database is kept beside it (with its WAL, so nothing committed is lost) and named
 * in the result.
 */
export async function restoreSqlite(
	dataDir: string,
	file: string,
	force = false,
	now = Date.now()
): Promise<{ summary: StoreFileSummary; replaced: string | null }> {
	const target = path.join(dataDir, SQLITE_FILE);
	if (path.resolve(file) === path.resolve(target)) throw new DataError('that is the database itself');
	const summary = checkStoreFile(file);
	let replaced: string | null = null;
	if (fs.existsSync(target)) {
		if (!force) throw new DataError(`${dataDir} already holds a database; add --force to replace it`);
		if (heldByAnother(target)) throw new DataError(`a running server has ${target} open: stop it first`);
		replaced = `${target}.replaced-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
		for (const suffix of ['', '-wal', '-shm']) {
			if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, replaced + suffix);
		}
	} else {
		fs.mkdirSync(dataDir, { recursive: true });
	}
	await copyDatabase(file, target);
	// Brings an older backup's schema up to this server's at once, not at the next start.
	openSqliteStore(dataDir).close();
	return { summary, replaced };
}
