import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MERGE_BACKUPS_KEPT, listBackups, readBackup } from './backups';
import { OfflineDatabase, OfflineDoc } from './offline-store';

const REMOTE = Symbol('provider');
const databases: OfflineDatabase[] = [];

async function openDoc(db: OfflineDatabase, name: string) {
	const doc = new Y.Doc();
	const offline = new OfflineDoc(db, name, doc, (origin) => origin === REMOTE);
	await offline.whenLoaded;
	return { doc, offline };
}

function database(): OfflineDatabase {
	const db = new OfflineDatabase(`backups-${databases.length}`);
	databases.push(db);
	return db;
}

afterEach(async () => {
	const open = databases.splice(0);
	for (const db of open) db.close();
	for (const db of open) await db.delete();
});

describe('local backups', () => {
	it('keeps the state as it was before the relay merges in, with the unconfirmed changes apart', async () => {
		const db = database();
		const { doc, offline } = await openDoc(db, 'community:a');
		doc.getMap('grids').set('g1', 'edited offline');
		const backingUp = offline.keepBackup(1000);
		// The relay's state arriving while the copy is written is not in the copy.
		const relay = new Y.Doc();
		relay.getMap('grids').set('g2', 'from the relay');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay), REMOTE);
		await backingUp;

		const [backup] = await listBackups(db);
		expect(backup).toMatchObject({ kind: 'merge', doc: 'community:a', at: 1000 });
		const kept = new Y.Doc();
		Y.applyUpdate(kept, backup.state);
		expect(kept.getMap('grids').toJSON()).toEqual({ g1: 'edited offline' });
		const changes = new Y.Doc();
		Y.applyUpdate(changes, backup.pending!);
		expect(changes.getMap('grids').toJSON()).toEqual({ g1: 'edited offline' });
	});

	it(`keeps the last ${MERGE_BACKUPS_KEPT} per document, never pruning another document's or a rejected copy`, async () => {
		const db = database();
		const period = await openDoc(db, 'community:a:period:2026-11');
		const root = await openDoc(db, 'community:a');
		root.doc.getMap('grids').set('g1', 1);
		await root.offline.keepBackup(1);
		period.doc.getMap('cases').set('c1', 1);
		await period.offline.discard('rejected:community:a:period:2026-11:2', 'not allowed');
		const fresh = await openDoc(db, 'community:a:period:2026-11');
		for (let at = 10; at < 10 + MERGE_BACKUPS_KEPT + 2; at++) {
			fresh.doc.getMap('cases').set('c2', at);
			await fresh.offline.keepBackup(at);
		}

		const backups = await listBackups(db);
		const merges = backups.filter((b) => b.kind === 'merge' && b.doc === 'community:a:period:2026-11');
		expect(merges.map((b) => b.at)).toEqual([14, 13, 12]);
		expect(backups.find((b) => b.doc === 'community:a')?.at).toBe(1);
		expect(backups.find((b) => b.kind === 'rejected')).toMatchObject({ reason: 'not allowed', at: expect.any(Number) });
		expect(backups.map((b) => b.at)).toEqual([...backups.map((b) => b.at)].sort((a, b) => b - a));
		expect((await readBackup(db, merges[0].key))?.state.byteLength).toBeGreaterThan(0);
		expect(await readBackup(db, 'backup:none:1')).toBeNull();
	});
});
