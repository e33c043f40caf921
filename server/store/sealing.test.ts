import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../tests/support/postgres';
import { careDocName, privateDocName, rootDocName } from '../../src/lib/model';
import { docOf } from './documents';
import { openPostgresStore } from './postgres';
import { Sealer, isSealed, sealsDocument } from './sealing';
import { SQLITE_FILE, openSqliteStore } from './sqlite';
import { StoreError, type Store } from './types';

const MARKER = '赵隐私标记七七';
const CARE = careDocName('a', 'g1');
const TEAM = privateDocName('a');
const ROOT = rootDocName('a');

interface Fixture {
	open(): Promise<Store>;
	/** Every stored byte of the document tables, each row's bytes apart. */
	storedRows(): Promise<{ name: string; data: Buffer }[]>;
	/** Inserts a logged update in the clear, as a version before sealing stored it. */
	insertPlain(name: string, data: Uint8Array): Promise<void>;
	/** Gives the row's bytes to another document, as a tampered database would. */
	moveRows(from: string, to: string): Promise<void>;
	replaceSecret(): Promise<void>;
	/** Every byte the engine keeps on disk, where it can be read whole (SQLite's file). */
	fileBytes(): Buffer | null;
	cleanup(): Promise<void>;
}

const ROWS = `SELECT name, state AS data FROM snapshots UNION ALL SELECT name, data FROM document_updates UNION ALL SELECT name, data FROM update_history`;

async function sqliteFixture(): Promise<Fixture> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-sealing-'));
	const sql = <T>(work: (db: Database.Database) => T) => {
		const db = new Database(path.join(dir, SQLITE_FILE));
		try {
			return work(db);
		} finally {
			db.close();
		}
	};
	return {
		open: async () => openSqliteStore(dir, { warn: () => undefined }),
		storedRows: async () => sql((db) => db.prepare(ROWS).all() as { name: string; data: Buffer }[]),
		insertPlain: async (name, data) =>
			void sql((db) => db.prepare('INSERT INTO document_updates (name, data, received_at) VALUES (?, ?, ?)').run(name, Buffer.from(data), Date.now())),
		moveRows: async (from, to) =>
			void sql((db) => {
				db.prepare('UPDATE snapshots SET name = ? WHERE name = ?').run(to, from);
				db.prepare('UPDATE document_updates SET name = ? WHERE name = ?').run(to, from);
			}),
		replaceSecret: async () => fs.writeFileSync(path.join(dir, 'secret.key'), Buffer.alloc(32, 7)),
		fileBytes: () =>
			Buffer.concat(
				fs.readdirSync(dir).filter((f) => f.startsWith(SQLITE_FILE)).map((f) => fs.readFileSync(path.join(dir, f)))
			),
		cleanup: async () => fs.rmSync(dir, { recursive: true, force: true })
	};
}

async function postgresFixture(): Promise<Fixture> {
	const database = await createTestDatabase();
	return {
		open: () => openPostgresStore(database.url, { warn: () => undefined }),
		storedRows: async () => (await database.sql(ROWS)) as { name: string; data: Buffer }[],
		insertPlain: async (name, data) =>
			void (await database.sql(
				`INSERT INTO document_updates (id, name, data, received_at) VALUES (nextval('update_ids'), $1, $2, $3)`,
				[name, Buffer.from(data), Date.now()]
			)),
		moveRows: async (from, to) => {
			await database.sql('UPDATE snapshots SET name = $1 WHERE name = $2', [to, from]);
			await database.sql('UPDATE document_updates SET name = $1 WHERE name = $2', [to, from]);
		},
		replaceSecret: async () => void (await database.sql('UPDATE secrets SET value = $1', [Buffer.alloc(32, 7)])),
		fileBytes: () => null,
		cleanup: () => database.drop()
	};
}

/** An update writing `text` into the document, and the document it makes. */
function edit(doc: Y.Doc, text: string): Uint8Array {
	const before = Y.encodeStateVector(doc);
	doc.getMap('households').set(`h${doc.getMap('households').size}`, text);
	return Y.encodeStateAsUpdate(doc, before);
}

describe.each([
	['sqlite', sqliteFixture],
	['postgres', postgresFixture]
] as const)('%s store: private documents sealed at rest', { timeout: 30_000 }, (_engine, makeFixture) => {
	let fixture: Fixture;
	let store: Store;

	beforeEach(async () => {
		fixture = await makeFixture();
		store = await fixture.open();
	});

	afterEach(async () => {
		await store.close();
		await fixture.cleanup();
	});

	const containsMarker = (bytes: Buffer) => bytes.includes(Buffer.from(MARKER));

	it('keeps no byte of a care document or the care team in the clear: snapshots, log and history', async () => {
		const care = new Y.Doc();
		const root = new Y.Doc();
		const [first] = await store.appendUpdates([{ name: CARE, update: edit(care, `${MARKER} 3号楼502`) }]);
		await store.appendUpdates([{ name: TEAM, update: edit(new Y.Doc(), MARKER) }]);
		await store.appendUpdates([{ name: ROOT, update: edit(root, MARKER) }]);
		// A snapshot moves the first update into the history; a second stays in the live log.
		await store.storeSnapshot(CARE, Y.encodeStateAsUpdate(care), first);
		await store.appendUpdates([{ name: CARE, update: edit(care, `${MARKER} 独居`) }]);

		const rows = await fixture.storedRows();
		const privateRows = rows.filter((row) => row.name !== ROOT);
		expect(privateRows.length).toBeGreaterThanOrEqual(4);
		expect(privateRows.filter((row) => containsMarker(row.data) || !isSealed(row.data))).toEqual([]);
		// The shared root is not sealed: the check above would see a marker in the clear.
		expect(rows.some((row) => row.name === ROOT && containsMarker(row.data))).toBe(true);

		// Read back whole, now and as it was, and by a reader of the log.
		expect(docOf(CARE, await store.loadDocument(CARE)).getMap('households').toJSON()).toEqual(care.getMap('households').toJSON());
		expect(docOf(CARE, await store.loadDocumentAt(CARE, Date.now())).getMap('households').size).toBe(2);
		const logged = await store.updatesAfter(CARE, 0);
		expect(logged.every((row) => !isSealed(row.data))).toBe(true);

		await store.close();
		const file = fixture.fileBytes();
		if (file) expect(file.includes(Buffer.from(`${MARKER} 3号楼502`))).toBe(false);
		store = await fixture.open();
	});

	it('seals what a private document had stored in the clear before, and leaves other documents alone', async () => {
		const care = new Y.Doc();
		await fixture.insertPlain(CARE, edit(care, MARKER));
		await fixture.insertPlain(ROOT, edit(new Y.Doc(), MARKER));
		expect(docOf(CARE, await store.loadDocument(CARE)).getMap('households').get('h0')).toBe(MARKER);
		expect(await store.sealPrivateDocuments()).toBe(1);
		expect(await store.sealPrivateDocuments()).toBe(0);
		const rows = await fixture.storedRows();
		expect(rows.filter((row) => row.name === CARE).every((row) => isSealed(row.data) && !containsMarker(row.data))).toBe(true);
		expect(rows.some((row) => row.name === ROOT && containsMarker(row.data))).toBe(true);
		expect(docOf(CARE, await store.loadDocument(CARE)).getMap('households').get('h0')).toBe(MARKER);
	});

	it('refuses to open sealed rows given to another document or under another secret, saying why', async () => {
		const care = new Y.Doc();
		const [id] = await store.appendUpdates([{ name: CARE, update: edit(care, MARKER) }]);
		await store.storeSnapshot(CARE, Y.encodeStateAsUpdate(care), id);
		const other = careDocName('a', 'g2');
		await fixture.moveRows(CARE, other);
		await expect(store.loadDocument(other)).rejects.toThrow(StoreError);
		await expect(store.loadDocument(other)).rejects.toThrow(`${other}: cannot be decrypted with this server's secret`);
		await fixture.moveRows(other, CARE);
		await store.close();
		await fixture.replaceSecret();
		store = await fixture.open();
		await expect(store.loadDocument(CARE)).rejects.toThrow(/cannot be decrypted/);
	});
});

describe('sealing', () => {
	it('seals only the private documents', () => {
		expect([CARE, TEAM, ROOT, 'community:a:period:2026-11', 'community:a:meeting:m1'].filter(sealsDocument)).toEqual([CARE, TEAM]);
	});

	it('tells sealed bytes from any Yjs update, whose first number cannot be that large', () => {
		const sealer = Sealer.fromSecret(new Uint8Array(32));
		const sealed = sealer.seal(CARE, new Uint8Array([1, 2, 3]));
		expect(isSealed(sealed)).toBe(true);
		expect(() => Y.decodeUpdate(sealed)).toThrow();
		const update = edit(new Y.Doc(), MARKER);
		expect(isSealed(update)).toBe(false);
		expect(sealer.open(CARE, update)).toBe(update);
		expect([...sealer.open(CARE, sealed)]).toEqual([1, 2, 3]);
		// Two seals of the same bytes differ (a fresh IV each).
		expect(Buffer.from(sealer.seal(CARE, update)).equals(Buffer.from(sealer.seal(CARE, update)))).toBe(false);
	});
});
