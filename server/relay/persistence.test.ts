import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGrid, getGrid, initCommunity, readMeta } from '../../src/lib/model';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { Persistence } from './persistence';

let dir: string;
let store: Store;
let relay: Hocuspocus;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-persistence-'));
	store = openSqliteStore(dir);
	relay = new Hocuspocus({ quiet: true, extensions: [new Persistence(store)] });
});

afterEach(() => {
	store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('persistence', () => {
	it('logs each update before the change returns, then folds the log into a snapshot', async () => {
		const connection = await relay.openDirectConnection('community:a');
		let loggedInside = -1;
		await connection.transact((doc) => {
			initCommunity(doc, { id: 'a', name: 'A 社区' });
			addGrid(doc, { id: 'g1', name: '第1网格', households: 300 });
			// Still inside the change: nothing has been awaited, yet the log already has it.
			loggedInside = store.loadDocument('community:a').updates.length;
		});
		expect(loggedInside).toBe(2);
		// transact stores at once (no debounce for direct connections): the log is compacted.
		expect(store.loadDocument('community:a').updates).toEqual([]);
		await connection.disconnect();
		expect(relay.getDocumentsCount()).toBe(0);

		const again = await relay.openDirectConnection('community:a');
		expect(getGrid(again.document!, 'g1')?.households).toBe(300);
		await again.disconnect();
	});

	it('migrates an old root document on load and logs what the migration wrote', async () => {
		const old = new Y.Doc();
		old.getMap('meta').set('id', 'b');
		old.getMap('meta').set('name', 'B 社区');
		old.getMap('meta').set('schemaVersion', 0);
		store.storeSnapshot('community:b', Y.encodeStateAsUpdate(old), 0);

		const connection = await relay.openDirectConnection('community:b');
		expect(readMeta(connection.document!).schemaVersion).toBe(1);
		expect(store.loadDocument('community:b').updates).toHaveLength(1);
		await connection.disconnect();
	});

	it('stops logging once the document is unloaded', async () => {
		const connection = await relay.openDirectConnection('community:c');
		const doc = connection.document!;
		await connection.disconnect();
		doc.getMap('meta').set('late', true);
		expect(store.loadDocument('community:c').updates).toEqual([]);
	});
});
