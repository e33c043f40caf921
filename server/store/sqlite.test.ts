import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from './migrations';
import { SQLITE_FILE, openSqliteStore } from './sqlite';
import type { Store } from './types';

let dir: string;
let store: Store;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-store-'));
	store = openSqliteStore(dir);
});

afterEach(() => {
	store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const bytes = (...values: number[]) => new Uint8Array(values);

describe('sqlite store', () => {
	it('migrates once, records the version, and refuses a newer database', () => {
		store.close();
		store = openSqliteStore(dir);
		const db = new Database(path.join(dir, SQLITE_FILE));
		expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		db.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
		db.close();
		expect(() => openSqliteStore(dir)).toThrow(/newer than this server knows/);
	});

	it('logs updates in order and loads the newest snapshot with the updates after it', () => {
		expect(store.loadDocument('community:a')).toEqual({ snapshot: null, updates: [], throughUpdateId: 0, corruptSnapshots: 0 });
		const first = store.appendUpdate('community:a', bytes(1));
		const second = store.appendUpdate('community:a', bytes(2));
		store.appendUpdate('community:b', bytes(9));
		expect(second).toBeGreaterThan(first);

		store.storeSnapshot('community:a', bytes(1, 1), first);
		const third = store.appendUpdate('community:a', bytes(3));
		const loaded = store.loadDocument('community:a');
		expect(loaded.snapshot).toEqual(Buffer.from([1, 1]));
		expect(loaded.updates).toEqual([Buffer.from([2]), Buffer.from([3])]);
		expect(loaded.throughUpdateId).toBe(third);
		expect(store.loadDocument('community:b').updates).toEqual([Buffer.from([9])]);
		// The covered update moved to the history, where another process can still read it.
		expect(store.updatesAfter('community:a', 0).map((u) => u.id)).toEqual([first, second, third]);
	});

	it('lists the documents of one community family, snapshotted or only logged', () => {
		store.storeSnapshot('community:a_b', bytes(1), 0);
		store.appendUpdate('community:a_b:period:2026-11', bytes(2));
		store.storeSnapshot('community:a_b:meeting:m1', bytes(3), 0);
		store.appendUpdate('community:a_b:meeting:m1', bytes(4));
		store.appendUpdate('community:axb', bytes(5));
		store.appendUpdate('community:a_bc', bytes(6));
		expect(store.listDocuments('a_b')).toEqual([
			'community:a_b',
			'community:a_b:meeting:m1',
			'community:a_b:period:2026-11'
		]);
	});

	it('keeps one role per user and community, and lists members with names', () => {
		store.createCommunity({ id: 'a', name: 'A 社区' });
		const user = store.createUser({ id: 'u1', username: 'li', name: '李', passwordHash: 'h' });
		expect(() => store.createUser({ id: 'u2', username: 'li', name: 'x', passwordHash: 'h' })).toThrow(/UNIQUE/);
		store.setMembership({ userId: user.id, communityId: 'a', role: 'volunteer' });
		store.setMembership({ userId: user.id, communityId: 'a', role: 'secretary' });
		expect(store.membershipsOf('u1')).toEqual([{ userId: 'u1', communityId: 'a', role: 'secretary' }]);
		expect(store.membersOf('a')).toEqual([{ userId: 'u1', username: 'li', name: '李', role: 'secretary' }]);
		expect(() => store.setMembership({ userId: 'u1', communityId: 'nowhere', role: 'observer' })).toThrow(/FOREIGN KEY/);
	});

	it('rolls a transaction back entirely when it throws', () => {
		expect(() =>
			store.transaction(() => {
				store.createCommunity({ id: 'a', name: 'A' });
				store.createCommunity({ id: 'a', name: 'again' });
			})
		).toThrow();
		expect(store.listCommunities()).toEqual([]);
	});
});
