import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { docOf } from './documents';
import { SQLITE_MIGRATIONS } from './migrations';
import { SQLITE_FILE, openSqliteStore } from './sqlite';
import { StoreError, type Store } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NAME = 'community:a';

let dir: string;
let store: Store;
let clock: number;
let warnings: string[];

function open(retentionSeconds = 30 * 86400): Store {
	return openSqliteStore(dir, { retentionSeconds, now: () => clock, warn: (m) => warnings.push(m) });
}

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-history-'));
	clock = Date.now() + HOUR;
	warnings = [];
	store = open();
});

afterEach(() => {
	store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** A client of one document: each `set` is logged as the relay would, one update per change. */
function writer() {
	const doc = new Y.Doc();
	let through = 0;
	doc.on('update', (update: Uint8Array) => {
		through = store.appendUpdate(NAME, update);
	});
	return {
		set(key: string, value: unknown, advanceMs = 1000) {
			clock += advanceMs;
			doc.getMap('m').set(key, value);
		},
		compact() {
			store.storeSnapshot(NAME, Y.encodeStateAsUpdate(doc), through);
		}
	};
}

const contentOf = (stored: ReturnType<Store['loadDocument']>) => docOf(stored).getMap('m').toJSON();

function sql(query: string, ...params: unknown[]): unknown[] {
	const db = new Database(path.join(dir, SQLITE_FILE));
	try {
		const statement = db.prepare(query);
		return statement.reader ? statement.all(...params) : [statement.run(...params)];
	} finally {
		db.close();
	}
}

const count = (table: string) => (sql(`SELECT count(*) AS n FROM ${table}`)[0] as { n: number }).n;

describe('document history', () => {
	it('keeps what a snapshot covers, so any moment of the retention can be rebuilt', () => {
		const w = writer();
		w.set('a', 1);
		const afterA = clock;
		w.set('b', 2);
		w.compact();
		w.set('a', 10);
		const afterA10 = clock;
		w.set('c', 3);
		w.compact();
		w.set('b', null);

		expect(contentOf(store.loadDocument(NAME))).toEqual({ a: 10, b: null, c: 3 });
		expect(contentOf(store.loadDocumentAt(NAME, afterA))).toEqual({ a: 1 });
		expect(contentOf(store.loadDocumentAt(NAME, afterA10))).toEqual({ a: 10, b: 2 });
		expect(contentOf(store.loadDocumentAt(NAME, clock))).toEqual({ a: 10, b: null, c: 3 });
		expect(count('update_history')).toBe(4);
		expect(count('document_updates')).toBe(1);
	});

	it('rebuilds from the previous snapshot and the log when the newest fails its checksum', () => {
		const w = writer();
		w.set('a', 1);
		w.compact();
		w.set('b', 2);
		w.compact();
		w.set('c', 3);
		sql(`UPDATE snapshots SET state = zeroblob(length(state)) WHERE id = (SELECT max(id) FROM snapshots)`);

		const loaded = store.loadDocument(NAME);
		expect(loaded.corruptSnapshots).toBe(1);
		expect(contentOf(loaded)).toEqual({ a: 1, b: 2, c: 3 });
		expect(warnings).toEqual([expect.stringMatching(/^snapshot \d+ of community:a \(taken .*\) fails its checksum/)]);

		// With no intact snapshot left, a partial document would be garbage: refuse it.
		sql(`UPDATE snapshots SET checksum = 'x'`);
		expect(() => store.loadDocument(NAME)).toThrow(StoreError);
		expect(() => store.loadDocument(NAME)).toThrow(/no snapshot passes its checksum/);
	});

	it('keeps the newest snapshot and one a day, however often the document is compacted', () => {
		const w = writer();
		const states: [number, Record<string, number>][] = [];
		const expected: Record<string, number> = {};
		for (let i = 0; i < 3 * 24 * 6; i++) {
			w.set(`k${i % 7}`, i, 10 * 60_000);
			expected[`k${i % 7}`] = i;
			states.push([clock, { ...expected }]);
			w.compact();
		}
		const snapshots = sql('SELECT created_at AS at FROM snapshots ORDER BY id') as { at: number }[];
		expect(snapshots.length).toBeLessThanOrEqual(5);
		for (let i = 1; i < snapshots.length - 1; i++) expect(snapshots[i].at - snapshots[i - 1].at).toBeGreaterThanOrEqual(DAY);
		for (const [at, content] of states.filter((_, i) => i % 37 === 0)) {
			expect(contentOf(store.loadDocumentAt(NAME, at))).toEqual(content);
		}
	});

	it('prunes only what is older than the retention and covered by an intact older snapshot', () => {
		store.close();
		store = open(2 * 86400);
		const w = writer();
		w.set('old', 1);
		w.compact();
		const early = clock;
		w.set('old', 2, DAY + HOUR);
		w.compact();
		w.set('mid', 3, DAY + HOUR);
		w.compact();
		// The first update is past the retention and under the first snapshot, which stays as the base.
		expect(count('snapshots')).toBe(3);
		expect(count('update_history')).toBe(2);

		// Four days on: everything but the newest snapshot is older than the retention.
		w.set('new', 4, 2 * DAY);
		w.compact();
		expect(count('snapshots')).toBe(2);
		expect(count('update_history')).toBe(1);
		expect(contentOf(store.loadDocument(NAME))).toEqual({ old: 2, mid: 3, new: 4 });
		expect(() => store.loadDocumentAt(NAME, early)).toThrow(/history before .* is not kept/);
		expect(store.historyStart()).toBe(clock - 2 * DAY);

		// The predecessor kept is the fallback for a damaged newest snapshot.
		sql(`UPDATE snapshots SET state = zeroblob(length(state)) WHERE id = (SELECT max(id) FROM snapshots)`);
		expect(contentOf(store.loadDocument(NAME))).toEqual({ old: 2, mid: 3, new: 4 });
	});

	it('does not prune below a damaged snapshot', () => {
		store.close();
		store = open(0);
		const w = writer();
		w.set('a', 1);
		w.compact();
		w.set('b', 2, DAY + HOUR);
		w.compact();
		sql(`UPDATE snapshots SET checksum = 'x' WHERE id = (SELECT max(id) FROM snapshots)`);
		w.set('c', 3, DAY + HOUR);
		w.compact();
		// The damaged middle snapshot cannot be the base: the first one and the update after it stay.
		expect(count('snapshots')).toBe(3);
		expect(count('update_history')).toBe(2);
		// Which is what a damaged newest snapshot then falls back to.
		sql(`UPDATE snapshots SET checksum = 'x' WHERE id = (SELECT max(id) FROM snapshots)`);
		expect(contentOf(store.loadDocument(NAME))).toEqual({ a: 1, b: 2, c: 3 });
	});

	it('upgrades a version-1 database: its snapshots get checksums, history begins at the upgrade', () => {
		store.close();
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir);
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

		store = open();
		expect(contentOf(store.loadDocument(NAME))).toEqual({ a: 1, b: 2 });
		expect(() => store.loadDocumentAt(NAME, Date.now() - DAY)).toThrow(StoreError);
		expect(store.historyStart()).toBeGreaterThan(Date.now() - 60_000);
	});
});
