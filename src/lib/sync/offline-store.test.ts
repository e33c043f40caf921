import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listBackups } from './backups';
import { OfflineDatabase, OfflineDoc } from './offline-store';

const REMOTE = Symbol('provider');
const isRemote = (origin: unknown) => origin === REMOTE;
const databases: OfflineDatabase[] = [];

async function openDoc(userId: string, name = 'community:test') {
	const db = new OfflineDatabase(userId);
	databases.push(db);
	const doc = new Y.Doc();
	const offline = new OfflineDoc(db, name, doc, isRemote);
	await offline.whenLoaded;
	return { db, doc, offline };
}

afterEach(async () => {
	const open = databases.splice(0);
	for (const db of open) db.close();
	for (const db of open) await db.delete();
});

describe('OfflineDoc', () => {
	it('counts each local change as pending and remote ones not', async () => {
		const { doc, offline } = await openDoc('a');
		doc.getMap('grids').set('g1', 1);
		doc.getMap('grids').set('g2', 2);
		const remote = new Y.Doc();
		remote.getMap('grids').set('g3', 3);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), REMOTE);
		expect(offline.pending).toBe(2);
	});

	it('replays the document and its pending count after a reload', async () => {
		const first = await openDoc('b');
		first.doc.getMap('grids').set('g1', 'offline edit');
		first.doc.getMap('grids').set('g2', 'another');
		await first.offline.flushed();
		first.offline.destroy();

		const again = await openDoc('b');
		expect(again.doc.getMap('grids').toJSON()).toEqual({ g1: 'offline edit', g2: 'another' });
		expect(again.offline.pending).toBe(2);
	});

	it('confirms only the changes the relay was shown, not those made since', async () => {
		const first = await openDoc('c');
		first.doc.getMap('grids').set('g1', 1);
		const shown = await first.offline.pendingChanges();
		first.doc.getMap('grids').set('g2', 2);
		const copy = new Y.Doc();
		Y.applyUpdate(copy, shown!.update);
		expect(copy.getMap('grids').toJSON()).toEqual({ g1: 1 });
		await first.offline.confirmThrough(shown!.throughSeq);
		expect(first.offline.pending).toBe(1);
		await first.offline.flushed();
		first.offline.destroy();

		const again = await openDoc('c');
		expect(again.offline.pending).toBe(1);
	});

	it('compacts confirmed rows into a snapshot without losing content or pending changes', async () => {
		const first = await openDoc('d');
		const grids = first.doc.getMap('grids');
		for (let i = 0; i <= 300; i++) grids.set(`g${i % 50}`, i);
		await first.offline.confirmThrough((await first.offline.pendingChanges(Infinity))!.throughSeq);
		for (let i = 301; i < 450; i++) grids.set(`g${i % 50}`, i);
		await first.offline.flushed();
		const rows = await first.db.updates.count();
		expect(rows).toBeLessThan(300);
		first.offline.destroy();

		const again = await openDoc('d');
		expect(again.doc.getMap('grids').toJSON()).toEqual(grids.toJSON());
		expect(again.offline.pending).toBe(149);
	});

	it('compacts on open a document that grew over many visits, keeping its unconfirmed changes', async () => {
		const source = new Y.Doc();
		const updates: Uint8Array[] = [];
		source.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 260; i++) source.getMap('grids').set(`g${i % 40}`, i);
		const db = new OfflineDatabase('visits');
		databases.push(db);
		// Rows as many short visits leave them: each below the threshold within its own visit.
		await db.updates.bulkAdd(updates.map((data, i) => ({ doc: 'community:test', data, pending: i >= 255 ? 1 : 0 })));

		const opened = await openDoc('visits');
		await opened.offline.flushed();
		expect(await opened.db.updates.where('[doc+pending]').equals(['community:test', 0]).count()).toBe(1);
		expect(opened.offline.pending).toBe(5);
		const again = await openDoc('visits');
		expect(again.doc.getMap('grids').toJSON()).toEqual(source.getMap('grids').toJSON());
		expect(again.offline.pending).toBe(5);
		expect((await again.offline.pendingChanges())?.update).toEqual(Y.mergeUpdates(updates.slice(255)));
	});

	it('keeps the documents of different users apart', async () => {
		const alice = await openDoc('alice');
		alice.doc.getMap('grids').set('g1', 'alice');
		await alice.offline.flushed();
		const bob = await openDoc('bob');
		expect(bob.doc.getMap('grids').size).toBe(0);
	});

	it('forgets a document the relay refused a change of, keeping a copy of it aside', async () => {
		const first = await openDoc('refused');
		const remote = new Y.Doc();
		remote.getMap('grids').set('g1', 'from the relay');
		Y.applyUpdate(first.doc, Y.encodeStateAsUpdate(remote), REMOTE);
		first.doc.getMap('grids').set('g1', 'refused edit');
		await first.offline.discard('rejected:community:test:1', 'not allowed');
		expect(first.offline.pending).toBe(0);
		first.doc.getMap('grids').set('g2', 'after the refusal, not kept either');

		const again = await openDoc('refused');
		expect(again.doc.getMap('grids').toJSON()).toEqual({});
		expect(again.offline.pending).toBe(0);
		const backup = await again.db.getValue<{ reason: string; state: Uint8Array; pending: Uint8Array }>('rejected:community:test:1');
		expect(backup?.reason).toBe('not allowed');
		// The whole state as this device had it, and the unconfirmed changes on their own.
		const kept = new Y.Doc();
		Y.applyUpdate(kept, backup!.state);
		expect(kept.getMap('grids').get('g1')).toBe('refused edit');
		expect(backup!.pending.byteLength).toBeGreaterThan(0);
	});

	it('finds every document holding unconfirmed changes, open or not', async () => {
		const { db } = await openDoc('unsent', 'community:a');
		await db.updates.bulkAdd([
			{ doc: 'community:b', data: new Uint8Array([0, 0]), pending: 0 },
			{ doc: 'community:c:meeting:m1', data: new Uint8Array([0, 0]), pending: 1 },
			{ doc: 'community:d:period:2026-08', data: new Uint8Array([0, 0]), pending: 0 },
			{ doc: 'community:d:period:2026-08', data: new Uint8Array([0, 0]), pending: 1 }
		]);
		expect((await db.documentsWithPending()).sort()).toEqual(['community:c:meeting:m1', 'community:d:period:2026-08']);
	});

	it('opens a document with damaged rows, setting them aside and keeping the readable unconfirmed changes', async () => {
		const first = await openDoc('damaged');
		first.doc.getMap('grids').set('g1', 'confirmed');
		await first.offline.confirmThrough((await first.offline.pendingChanges())!.throughSeq);
		first.doc.getMap('grids').set('g2', 'unsent, readable');
		await first.offline.flushed();
		first.offline.destroy();
		const garbage = new Uint8Array([1, 2, 3, 255]);
		await first.db.updates.bulkAdd([
			{ doc: 'community:test', data: garbage, pending: 0 },
			{ doc: 'community:test', data: garbage, pending: 1 }
		]);

		const again = await openDoc('damaged');
		expect(again.doc.getMap('grids').toJSON()).toEqual({ g1: 'confirmed', g2: 'unsent, readable' });
		expect(again.offline.pending).toBe(1);
		expect(again.offline.damaged).toMatchObject({ rows: 2, unsent: 1 });
		await again.offline.flushed();
		const copies = await listBackups(again.db);
		expect(copies.map((copy) => [copy.kind, copy.doc, copy.damaged?.rows, copy.damaged?.unsent])).toEqual([['damaged', 'community:test', 2, 1]]);
		expect(copies[0].damaged!.bytes).toEqual([garbage, garbage]);
		const readable = new Y.Doc();
		Y.applyUpdate(readable, copies[0].state);
		expect(readable.getMap('grids').toJSON()).toEqual({ g1: 'confirmed', g2: 'unsent, readable' });
		// The damaged rows are gone from the store: the next visit opens cleanly.
		again.offline.destroy();
		const third = await openDoc('damaged');
		expect(third.offline.damaged).toBeNull();
		expect(third.offline.pending).toBe(1);
	});
});
