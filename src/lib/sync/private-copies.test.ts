import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backupKey } from './backups';
import { OfflineDatabase, OfflineDoc } from './offline-store';
import { forgetPrivateDocuments, privatePending } from './private-copies';

const CARE = 'community:wenyuan:private:grid:g01';
const TEAM = 'community:wenyuan:private';
const ROOT = 'community:wenyuan';
let db: OfflineDatabase;

afterEach(async () => {
	db.close();
	await db.delete();
});

async function stored(name: string, text: string) {
	const doc = new Y.Doc();
	const offline = new OfflineDoc(db, name, doc, () => false);
	await offline.whenLoaded;
	doc.getMap('households').set('h1', text);
	await offline.flushed();
	await db.setValue(`lastSynced:${name}`, 1);
	await db.setValue(`confirmed:${name}`, 1);
	await offline.keepBackup(2);
	await db.setValue(backupKey('rejected', name, 3), { doc: name, reason: 'x', at: 3, state: Y.encodeStateAsUpdate(doc), pending: null });
	offline.destroy();
}

describe('forgetting the private documents on signing out', () => {
	it('removes every trace of the care records and the care team, and nothing else', async () => {
		db = new OfflineDatabase('u-forget');
		await stored(CARE, '赵某 3号楼502');
		await stored(TEAM, '护士');
		await stored(ROOT, '文苑社区');
		await db.setValue('careOpen:1:abc', { communityId: 'wenyuan', grid: 'g01', household: 'h1', at: 1 });
		await forgetPrivateDocuments(db);
		expect((await db.updates.toArray()).map((row) => row.doc)).toEqual([ROOT]);
		const keys = (await db.kv.toCollection().primaryKeys()).sort();
		expect(keys.filter((key) => String(key).includes(':private'))).toEqual([]);
		expect(keys.filter((key) => String(key).includes(ROOT)).length).toBe(4);
		// Queued openings are ids and times, and must still reach the server's audit.
		expect(keys).toContain('careOpen:1:abc');
		// What the root holds is still there to open.
		const doc = new Y.Doc();
		await new OfflineDoc(db, ROOT, doc, () => false).whenLoaded;
		expect(doc.getMap('households').get('h1')).toBe('文苑社区');
	});

	it('counts the unconfirmed changes of private documents only', () => {
		expect(privatePending([{ name: CARE, pending: 2 }, { name: TEAM, pending: 1 }, { name: ROOT, pending: 5 }])).toBe(3);
	});
});
