import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Hocuspocus } from '@hocuspocus/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addGrid, initCommunity, periodDocName, rootDocName } from '../../src/lib/model';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { Confirmations } from './confirmations';
import { NoEcho } from './echo';
import { Persistence } from './persistence';
import { RelayTimes } from './relay-times';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let dir: string;
let store: Store;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-unload-'));
	store = openSqliteStore(dir, { warn: () => undefined });
});

afterEach(async () => {
	await store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('unloading documents', () => {
	it('leaves nothing of them behind in the relay’s extensions', async () => {
		const persistence = new Persistence(store);
		const relay = new Hocuspocus({
			quiet: true,
			extensions: [persistence, new NoEcho(), new RelayTimes(), new Confirmations((document) => persistence.settled(document))]
		});
		const names = [rootDocName('a'), periodDocName('a', '2026-01'), periodDocName('a', '2026-02')];
		const documents: WeakRef<object>[] = [];
		for (const name of names) {
			const connection = await relay.openDirectConnection(name);
			await connection.transact((doc) => {
				initCommunity(doc, { id: 'a', name: 'A 社区' });
				addGrid(doc, { id: 'g1', name: '第1网格', households: 300 });
			});
			documents.push(new WeakRef(connection.document!));
			await connection.disconnect();
		}
		expect(relay.getDocumentsCount()).toBe(0);
		// A WeakRef keeps its target for the rest of the job that made it: collect in a later one.
		await new Promise((resolve) => setTimeout(resolve, 0));
		gc();
		gc();
		expect(documents.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
		await persistence.close();
	});
});
