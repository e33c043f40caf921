import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docOf } from './documents';
import { SQLITE_MIGRATIONS } from './migrations';
import { SQLITE_FILE, openSqliteStore } from './sqlite';
import { StoreError } from './types';

const NAME = 'community:a';
let dir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-sqlite-'));
});

afterEach(() => {
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('sqlite store', () => {
	it('migrates once, records the version, and refuses a newer database', async () => {
		await openSqliteStore(dir).close();
		await openSqliteStore(dir).close();
		const db = new Database(path.join(dir, SQLITE_FILE));
		expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
		db.close();
		expect(() => openSqliteStore(dir)).toThrow(/newer than this server knows/);
	});

	it('upgrades a version-1 database: its snapshots get checksums, history begins at the upgrade', async () => {
		const old = new Y.Doc();
		old.getMap('m').set('a', 1);
		const snapshot = Y.encodeStateAsUpdate(old);
		const covered = Y.encodeStateVector(old);
		old.getMap('m').set('b', 2);
		const db = new Database(path.join(dir, SQLITE_FILE));
		db.exec(SQLITE_MIGRATIONS[0] as string);
		db.pragma('user_version = 1');
		db.prepare('INSERT INTO documents (name, snapshot, updated_at) VALUES (?, ?, ?)').run(NAME, Buffer.from(snapshot), 1);
		db.prepare('INSERT INTO document_updates (name, data, received_at) VALUES (?, ?, ?)').run(
			NAME,
			Buffer.from(Y.encodeStateAsUpdate(old, covered)),
			2
		);
		db.close();

		const store = openSqliteStore(dir);
		try {
			expect(docOf(NAME, await store.loadDocument(NAME)).getMap('m').toJSON()).toEqual({ a: 1, b: 2 });
			await expect(store.loadDocumentAt(NAME, Date.now() - 86_400_000)).rejects.toThrow(StoreError);
			expect(await store.historyStart()).toBeGreaterThan(Date.now() - 60_000);
		} finally {
			await store.close();
		}
	});

	it('runs one unit of work at a time: an await inside a transaction lets nothing else in', async () => {
		const store = openSqliteStore(dir);
		try {
			const order: string[] = [];
			const slow = store.transaction(async (tx) => {
				await tx.createCommunity({ id: 'a', name: 'A' });
				order.push('transaction wrote');
				await new Promise((resolve) => setImmediate(resolve));
				order.push('transaction ends');
				throw new Error('changed my mind');
			});
			const append = store.appendUpdates([{ name: NAME, update: new Uint8Array([1]) }]).then(() => order.push('append'));
			await expect(slow).rejects.toThrow('changed my mind');
			await append;
			expect(order).toEqual(['transaction wrote', 'transaction ends', 'append']);
			// The rollback took only the transaction's own write.
			expect(await store.listCommunities()).toEqual([]);
			expect((await store.loadDocument(NAME)).updates).toHaveLength(1);
		} finally {
			await store.close();
		}
	});

	it('never checkpoints inside its own commits; its checkpoint thread folds the WAL in', async () => {
		const file = path.join(dir, SQLITE_FILE);
		const rows = Array.from({ length: 2000 }, (_, i) => ({ name: NAME, update: new Uint8Array(2048).fill(i % 251) }));
		// A thread that waits a minute first: whatever reaches the database file meanwhile was
		// checkpointed by a commit, which would stall the relay's only thread.
		const idle = openSqliteStore(dir, { checkpointEveryMs: 60_000 });
		const before = fs.statSync(file).size;
		try {
			for (const row of rows) await idle.appendUpdates([row]);
			expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
			expect(fs.statSync(file).size).toBe(before);
		} finally {
			await idle.close();
		}
		expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);

		const store = openSqliteStore(dir, { checkpointEveryMs: 20 });
		try {
			const folded = fs.statSync(file).size;
			for (const row of rows) await store.appendUpdates([row]);
			await waitFor(() => fs.statSync(file).size > folded + 4 * 1024 * 1024);
			expect((await store.loadDocument(NAME)).updates).toHaveLength(4000);
		} finally {
			await store.close();
		}
	});
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
