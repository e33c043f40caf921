import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/support/postgres';
import { docOf } from './documents';
import { openPostgresStore } from './postgres';
import { SQLITE_FILE, openSqliteStore } from './sqlite';
import type { StoreOptions } from './store';
import { StoreError, type Store, type StoredDocument } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NAME = 'community:a';

/** One engine under test: how to open its store and reach its tables directly. */
interface Fixture {
	open(options: StoreOptions): Promise<Store>;
	sql(query: string): Promise<Record<string, unknown>[]>;
	/** Overwrites the newest snapshot's state with zeros, as a damaged disk would. */
	zeroNewestSnapshot(): Promise<void>;
	cleanup(): Promise<void>;
}

async function sqliteFixture(): Promise<Fixture> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-store-'));
	const sql = async (query: string) => {
		const db = new Database(path.join(dir, SQLITE_FILE));
		try {
			const statement = db.prepare(query);
			return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
		} finally {
			db.close();
		}
	};
	return {
		open: async (options) => openSqliteStore(dir, options),
		sql,
		zeroNewestSnapshot: async () =>
			void (await sql('UPDATE snapshots SET state = zeroblob(length(state)) WHERE id = (SELECT max(id) FROM snapshots)')),
		cleanup: async () => fs.rmSync(dir, { recursive: true, force: true })
	};
}

async function postgresFixture(): Promise<Fixture> {
	const database: TestDatabase = await createTestDatabase();
	return {
		open: (options) => openPostgresStore(database.url, options),
		sql: (query) => database.sql(query),
		zeroNewestSnapshot: async () =>
			void (await database.sql(
				`UPDATE snapshots SET state = decode(repeat('00', length(state)), 'hex') WHERE id = (SELECT max(id) FROM snapshots)`
			)),
		cleanup: () => database.drop()
	};
}

const bytes = (...values: number[]) => new Uint8Array(values);
const contentOf = (stored: StoredDocument) => docOf('community:t', stored).getMap('m').toJSON();

describe.each([
	['sqlite', sqliteFixture],
	['postgres', postgresFixture]
] as const)('%s store', { timeout: 30_000 }, (_engine, makeFixture) => {
	let fixture: Fixture;
	let store: Store;
	let clock: number;
	let warnings: string[];

	const open = (retentionSeconds = 30 * 86400) =>
		fixture.open({ retentionSeconds, now: () => clock, warn: (m) => warnings.push(m) });
	const reopen = async (retentionSeconds?: number) => {
		await store.close();
		store = await open(retentionSeconds);
	};
	const count = async (table: string) =>
		Number((await fixture.sql(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table}`))[0].n);
	const append = async (name: string, update: Uint8Array) => (await store.appendUpdates([{ name, update }]))[0];

	beforeEach(async () => {
		fixture = await makeFixture();
		clock = Date.now() + HOUR;
		warnings = [];
		store = await open();
	});

	afterEach(async () => {
		await store.close();
		await fixture.cleanup();
	});

	/** A client of one document: each `set` is logged as the relay would, one update per change. */
	function writer() {
		const doc = new Y.Doc();
		let through = 0;
		let pending: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => pending.push(update));
		return {
			async set(key: string, value: unknown, advanceMs = 1000) {
				clock += advanceMs;
				doc.getMap('m').set(key, value);
				const ids = await store.appendUpdates(pending.map((update) => ({ name: NAME, update })));
				pending = [];
				through = ids[ids.length - 1];
			},
			compact: () => store.storeSnapshot(NAME, Y.encodeStateAsUpdate(doc), through)
		};
	}

	describe('accounts and the log', () => {
		it('logs updates in order and loads the newest snapshot with the updates after it', async () => {
			expect(await store.loadDocument('community:a')).toEqual({
				snapshot: null,
				updates: [],
				throughUpdateId: 0,
				corruptSnapshots: 0
			});
			const [first, second] = await store.appendUpdates([
				{ name: 'community:a', update: bytes(1) },
				{ name: 'community:a', update: bytes(2) }
			]);
			await append('community:b', bytes(9));
			expect(second).toBeGreaterThan(first);

			await store.storeSnapshot('community:a', bytes(1, 1), first);
			const third = await append('community:a', bytes(3));
			const loaded = await store.loadDocument('community:a');
			expect(Buffer.from(loaded.snapshot!)).toEqual(Buffer.from([1, 1]));
			expect(loaded.updates.map((u) => Buffer.from(u))).toEqual([Buffer.from([2]), Buffer.from([3])]);
			expect(loaded.throughUpdateId).toBe(third);
			expect((await store.loadDocument('community:b')).updates.map((u) => [...u])).toEqual([[9]]);
			// The covered update moved to the history, where another process can still read it.
			expect((await store.updatesAfter('community:a', 0)).map((u) => u.id)).toEqual([first, second, third]);
		});

		it('lists the documents of one community family, snapshotted or only logged', async () => {
			await store.storeSnapshot('community:a_b', bytes(1), 0);
			await append('community:a_b:period:2026-11', bytes(2));
			await store.storeSnapshot('community:a_b:meeting:m1', bytes(3), 0);
			await append('community:a_b:meeting:m1', bytes(4));
			await append('community:axb', bytes(5));
			await append('community:a_bc', bytes(6));
			expect(await store.listDocuments('a_b')).toEqual([
				'community:a_b',
				'community:a_b:meeting:m1',
				'community:a_b:period:2026-11'
			]);
		});

		it('keeps one role per user and community, and lists members with names', async () => {
			await store.createCommunity({ id: 'a', name: 'A 社区' });
			const user = await store.createUser({ id: 'u1', username: 'li', name: '李', passwordHash: 'h' });
			await expect(store.createUser({ id: 'u2', username: 'li', name: 'x', passwordHash: 'h' })).rejects.toThrow(/unique/i);
			await store.setMembership({ userId: user.id, communityId: 'a', role: 'volunteer' });
			await store.setMembership({ userId: user.id, communityId: 'a', role: 'secretary' });
			expect(await store.membershipsOf('u1')).toEqual([{ userId: 'u1', communityId: 'a', role: 'secretary' }]);
			expect(await store.membersOf('a')).toEqual([{ userId: 'u1', username: 'li', name: '李', role: 'secretary' }]);
			expect(await store.getUser('u1')).toEqual(user);
			await expect(store.setMembership({ userId: 'u1', communityId: 'nowhere', role: 'observer' })).rejects.toThrow(
				/foreign key/i
			);
		});

		it('rolls a transaction back entirely when it throws', async () => {
			await expect(
				store.transaction(async (tx) => {
					await tx.createCommunity({ id: 'a', name: 'A' });
					await tx.appendUpdates([{ name: 'community:a', update: bytes(1) }]);
					await tx.createCommunity({ id: 'a', name: 'again' });
				})
			).rejects.toThrow();
			expect(await store.listCommunities()).toEqual([]);
			expect((await store.loadDocument('community:a')).updates).toEqual([]);
		});

		it('commits appends made at the same time, each with its own id, in the order given', async () => {
			const batches = await Promise.all(
				Array.from({ length: 20 }, (_, i) =>
					store.appendUpdates([
						{ name: `community:c${i % 3}`, update: bytes(i) },
						{ name: `community:c${(i + 1) % 3}`, update: bytes(100 + i) }
					])
				)
			);
			const ids = batches.flat();
			expect(new Set(ids).size).toBe(40);
			for (const [a, b] of batches) expect(b).toBeGreaterThan(a);
			const logged = await Promise.all([0, 1, 2].map((c) => store.updatesAfter(`community:c${c}`, 0)));
			expect(logged.flat()).toHaveLength(40);
		});
	});

	describe('document history', () => {
		it('keeps what a snapshot covers, so any moment of the retention can be rebuilt', async () => {
			const w = writer();
			await w.set('a', 1);
			const afterA = clock;
			await w.set('b', 2);
			await w.compact();
			await w.set('a', 10);
			const afterA10 = clock;
			await w.set('c', 3);
			await w.compact();
			await w.set('b', null);

			expect(contentOf(await store.loadDocument(NAME))).toEqual({ a: 10, b: null, c: 3 });
			expect(contentOf(await store.loadDocumentAt(NAME, afterA))).toEqual({ a: 1 });
			expect(contentOf(await store.loadDocumentAt(NAME, afterA10))).toEqual({ a: 10, b: 2 });
			expect(contentOf(await store.loadDocumentAt(NAME, clock))).toEqual({ a: 10, b: null, c: 3 });
			expect(await count('update_history')).toBe(4);
			expect(await count('document_updates')).toBe(1);
		});

		it('rebuilds from the previous snapshot and the log when the newest fails its checksum', async () => {
			const w = writer();
			await w.set('a', 1);
			await w.compact();
			await w.set('b', 2);
			await w.compact();
			await w.set('c', 3);
			await fixture.zeroNewestSnapshot();

			const loaded = await store.loadDocument(NAME);
			expect(loaded.corruptSnapshots).toBe(1);
			expect(contentOf(loaded)).toEqual({ a: 1, b: 2, c: 3 });
			expect(warnings).toEqual([expect.stringMatching(/^snapshot \d+ of community:a \(taken .*\) fails its checksum/)]);

			// With no intact snapshot left, a partial document would be garbage: refuse it.
			await fixture.sql(`UPDATE snapshots SET checksum = 'x'`);
			await expect(store.loadDocument(NAME)).rejects.toThrow(StoreError);
			await expect(store.loadDocument(NAME)).rejects.toThrow(/no snapshot passes its checksum/);
		});

		it('keeps the newest snapshot and one a day, however often the document is compacted', async () => {
			const w = writer();
			const states: [number, Record<string, number>][] = [];
			const expected: Record<string, number> = {};
			for (let i = 0; i < 3 * 24 * 2; i++) {
				await w.set(`k${i % 7}`, i, 30 * 60_000);
				expected[`k${i % 7}`] = i;
				states.push([clock, { ...expected }]);
				await w.compact();
			}
			const snapshots = (await fixture.sql('SELECT created_at AS at FROM snapshots ORDER BY id')).map((r) => Number(r.at));
			expect(snapshots.length).toBeLessThanOrEqual(5);
			for (let i = 1; i < snapshots.length - 1; i++) expect(snapshots[i] - snapshots[i - 1]).toBeGreaterThanOrEqual(DAY);
			for (const [at, content] of states.filter((_, i) => i % 13 === 0)) {
				expect(contentOf(await store.loadDocumentAt(NAME, at))).toEqual(content);
			}
			expect(await store.listSnapshots(NAME)).toEqual([...snapshots].reverse());
			expect(await store.listSnapshots('community:elsewhere')).toEqual([]);
		});

		it('prunes only what is older than the retention and covered by an intact older snapshot', async () => {
			await reopen(2 * 86400);
			const w = writer();
			await w.set('old', 1);
			await w.compact();
			const early = clock;
			await w.set('old', 2, DAY + HOUR);
			await w.compact();
			await w.set('mid', 3, DAY + HOUR);
			await w.compact();
			// The first update is past the retention and under the first snapshot, which stays as the base.
			expect(await count('snapshots')).toBe(3);
			expect(await count('update_history')).toBe(2);

			// Four days on: everything but the newest snapshot is older than the retention.
			await w.set('new', 4, 2 * DAY);
			await w.compact();
			expect(await count('snapshots')).toBe(2);
			expect(await count('update_history')).toBe(1);
			expect(contentOf(await store.loadDocument(NAME))).toEqual({ old: 2, mid: 3, new: 4 });
			await expect(store.loadDocumentAt(NAME, early)).rejects.toThrow(/history before .* is not kept/);
			expect(await store.historyStart()).toBe(clock - 2 * DAY);
			// Both kept snapshots lie within the history (the older one exactly at its start).
			expect(await store.listSnapshots(NAME)).toEqual([clock, clock - 2 * DAY]);
			await reopen(86400);
			expect(await store.listSnapshots(NAME)).toEqual([clock]);

			// The predecessor kept is the fallback for a damaged newest snapshot.
			await fixture.zeroNewestSnapshot();
			expect(contentOf(await store.loadDocument(NAME))).toEqual({ old: 2, mid: 3, new: 4 });
		});

		it('does not prune below a damaged snapshot', async () => {
			await reopen(0);
			const w = writer();
			await w.set('a', 1);
			await w.compact();
			await w.set('b', 2, DAY + HOUR);
			await w.compact();
			await fixture.sql(`UPDATE snapshots SET checksum = 'x' WHERE id = (SELECT max(id) FROM snapshots)`);
			await w.set('c', 3, DAY + HOUR);
			await w.compact();
			// The damaged middle snapshot cannot be the base: the first one and the update after it stay.
			expect(await count('snapshots')).toBe(3);
			expect(await count('update_history')).toBe(2);
			// Which is what a damaged newest snapshot then falls back to.
			await fixture.sql(`UPDATE snapshots SET checksum = 'x' WHERE id = (SELECT max(id) FROM snapshots)`);
			expect(contentOf(await store.loadDocument(NAME))).toEqual({ a: 1, b: 2, c: 3 });
		});
	});

	describe('attachments', () => {
		it('keeps one copy per community and id, with its type, size and uploader, within the quota', async () => {
			await store.createCommunity({ id: 'a', name: 'A' });
			await store.createCommunity({ id: 'b', name: 'B' });
			const photo = { id: 'f'.repeat(64), contentType: 'image/png', size: 3, data: bytes(1, 2, 3), createdBy: 'u1' };
			expect(await store.addAttachment({ communityId: 'a', ...photo }, 10)).toBe('created');
			expect(await store.addAttachment({ communityId: 'a', ...photo, createdBy: 'u2' }, 10)).toBe('exists');
			expect(await store.getAttachment('a', photo.id)).toEqual({
				communityId: 'a',
				...photo,
				data: expect.any(Uint8Array),
				createdAt: clock
			});
			expect([...(await store.getAttachment('a', photo.id))!.data]).toEqual([1, 2, 3]);
			expect(await store.getAttachment('b', photo.id)).toBeNull();
			expect(await store.addAttachment({ communityId: 'a', ...photo, id: 'e'.repeat(64), size: 8 }, 10)).toBe('overQuota');
			expect(await store.addAttachment({ communityId: 'b', ...photo, id: 'e'.repeat(64), size: 8 }, 10)).toBe('created');
			expect(await store.attachmentUsage('a')).toBe(3);
			expect(await store.attachmentUsage('b')).toBe(8);
			expect(await store.attachmentUsage('c')).toBe(0);
		});
	});
	describe('care record openings', () => {
		it('records who opened which household, and lists them newest first, filtered and paged', async () => {
			await store.createCommunity({ id: 'a', name: 'A' });
			await store.createCommunity({ id: 'b', name: 'B' });
			const open = (grid: string, household: string, userId: string, openedAt: number) => ({ communityId: 'a', grid, household, userId, openedAt });
			await store.recordCareOpens([open('g1', 'h1', 'u-g1', 100), open('g1', 'h2', 'u-g1', 200)], clock);
			await store.recordCareOpens([open('g2', 'h3', 'u-sec', 300), { ...open('g1', 'h1', 'u-x', 1), communityId: 'b' }], clock + 1);
			const all = await store.careOpens('a', { limit: 10 });
			expect(all.map((r) => [r.grid, r.household, r.userId, r.openedAt])).toEqual([
				['g2', 'h3', 'u-sec', 300],
				['g1', 'h2', 'u-g1', 200],
				['g1', 'h1', 'u-g1', 100]
			]);
			expect(all[0]).toMatchObject({ communityId: 'a', receivedAt: clock + 1 });
			expect((await store.careOpens('a', { grid: 'g1', limit: 10 })).map((r) => r.household)).toEqual(['h2', 'h1']);
			expect((await store.careOpens('a', { household: 'h1', limit: 10 })).map((r) => r.userId)).toEqual(['u-g1']);
			expect((await store.careOpens('a', { limit: 1, beforeId: all[0].id })).map((r) => r.household)).toEqual(['h2']);
			expect(await store.careOpens('c', { limit: 10 })).toEqual([]);
		});
	});
});
