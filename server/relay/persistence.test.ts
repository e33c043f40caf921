import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Hocuspocus, type beforeHandleMessagePayload } from '@hocuspocus/server';
import Database from 'better-sqlite3';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addGrid, getGrid, initCommunity, readMeta } from '../../src/lib/model';
import { docOf } from '../store/documents';
import { SQLITE_FILE, openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { DependenciesMissingError } from './dependencies';
import { LoadFailedError, Persistence } from './persistence';

let dir: string;
let store: Store;
let persistence: Persistence;
let relay: Hocuspocus;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-persistence-'));
	store = openSqliteStore(dir, { warn: () => undefined });
	persistence = new Persistence(store);
	relay = new Hocuspocus({ quiet: true, extensions: [persistence] });
});

afterEach(async () => {
	await store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** A client's Hocuspocus message carrying `update` (a Yjs update message of y-protocols' sync). */
function updateMessage(name: string, update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, name);
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, 2);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

/** Has `persistence` handle a client's message carrying `update`, as Hocuspocus would before applying it. */
function receive(
	document: Document,
	update: Uint8Array,
	connection: object = { webSocket: { close: () => undefined } },
	extension = persistence
) {
	return extension.beforeHandleMessage({
		document,
		update: updateMessage(document.name, update),
		connection
	} as unknown as beforeHandleMessagePayload);
}

/** One change of a client, as an update. */
function change(set: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	set(doc);
	return Y.encodeStateAsUpdate(doc);
}

describe('persistence', () => {
	it('logs every update, then folds the log into a snapshot', async () => {
		const connection = await relay.openDirectConnection('community:a');
		await connection.transact((doc) => {
			initCommunity(doc, { id: 'a', name: 'A 社区' });
			addGrid(doc, { id: 'g1', name: '第1网格', households: 300 });
		});
		// transact stores at once (no debounce for direct connections): the log is compacted.
		expect((await store.loadDocument('community:a')).updates).toEqual([]);
		expect(await store.updatesAfter('community:a', 0)).toHaveLength(2);
		await connection.disconnect();
		expect(relay.getDocumentsCount()).toBe(0);

		const again = await relay.openDirectConnection('community:a');
		expect(getGrid(again.document!, 'g1')?.households).toBe(300);
		await again.disconnect();
	});

	it('lets a client message be acknowledged only once its update is committed', async () => {
		let release = () => undefined as void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const slow: Store = {
			...store,
			appendUpdates: async (appends) => {
				await gate;
				return store.appendUpdates(appends);
			}
		};
		const gated = new Persistence(slow);
		relay = new Hocuspocus({ quiet: true, extensions: [gated] });
		const connection = await relay.openDirectConnection('community:g');
		let acknowledged = false;
		const handled = receive(connection.document!, change((doc) => doc.getMap('m').set('k', '已保存')), undefined, gated).then(
			() => (acknowledged = true)
		);
		// Applied (others see it) but not yet acknowledgeable: the commit has not happened.
		await vi.waitFor(() => expect(connection.document!.getMap('m').get('k')).toBe('已保存'));
		await new Promise((resolve) => setImmediate(resolve));
		expect(acknowledged).toBe(false);
		expect((await store.loadDocument('community:g')).updates).toEqual([]);
		release();
		await handled;
		expect(docOf('community:g', await store.loadDocument('community:g')).getMap('m').get('k')).toBe('已保存');
		await connection.disconnect();
	});

	it('refuses a message whose update cannot be logged until a snapshot has saved it', async () => {
		let failing = true;
		const warnings: string[] = [];
		const broken: Store = {
			...store,
			appendUpdates: async (appends) => {
				if (failing) throw new Error('disk full');
				return store.appendUpdates(appends);
			},
			storeSnapshot: async (...args) => {
				if (failing) throw new Error('disk full');
				return store.storeSnapshot(...args);
			}
		};
		const extension = new Persistence(broken, { warn: (m) => warnings.push(m) });
		relay = new Hocuspocus({ quiet: true, extensions: [extension] });
		const connection = await relay.openDirectConnection('community:f');
		const document = connection.document!;
		await expect(receive(document, change((doc) => doc.getMap('m').set('k', 1)), undefined, extension)).rejects.toThrow(
			'disk full'
		);
		// The change is in memory but not on disk: nothing about this document is confirmed.
		await expect(extension.settled(document)).rejects.toThrow(/could not be logged/);
		expect(warnings[0]).toMatch(/^cannot log an update of community:f: disk full/);

		failing = false;
		await extension.compact(document);
		await expect(extension.settled(document)).resolves.toBeUndefined();
		expect(docOf('community:f', await store.loadDocument('community:f')).getMap('m').get('k')).toBe(1);
		await connection.disconnect();
	});

	it('migrates an old root document on load and logs what the migration wrote', async () => {
		const old = new Y.Doc();
		old.getMap('meta').set('id', 'b');
		old.getMap('meta').set('name', 'B 社区');
		old.getMap('meta').set('schemaVersion', 0);
		await store.storeSnapshot('community:b', Y.encodeStateAsUpdate(old), 0);

		const connection = await relay.openDirectConnection('community:b');
		expect(readMeta(connection.document!).schemaVersion).toBe(1);
		expect((await store.loadDocument('community:b')).updates).toHaveLength(1);
		await connection.disconnect();
	});

	it('loads a stored document without handing its whole state to the broadcast, which hears later updates', async () => {
		const stored = new Y.Doc();
		initCommunity(stored, { id: 'l', name: 'L 社区' });
		addGrid(stored, { id: 'g1', name: '第1网格', households: 300 });
		await store.storeSnapshot('community:l', Y.encodeStateAsUpdate(stored), 0);
		// Private in Hocuspocus's types: the listener every Document registers when it is made.
		const broadcast = vi.spyOn(Document.prototype as unknown as { handleUpdate(): void }, 'handleUpdate');
		try {
			const connection = await relay.openDirectConnection('community:l');
			expect(getGrid(connection.document!, 'g1')?.name).toBe('第1网格');
			expect(broadcast).not.toHaveBeenCalled();
			await connection.transact((doc) => addGrid(doc, { id: 'g2', name: '第2网格', households: 200 }));
			expect(broadcast).toHaveBeenCalledTimes(1);
			await connection.disconnect();
		} finally {
			broadcast.mockRestore();
		}
	});

	it('stops logging once the document is unloaded', async () => {
		const connection = await relay.openDirectConnection('community:c');
		const doc = connection.document!;
		await connection.disconnect();
		doc.getMap('meta').set('late', true);
		await persistence.close();
		expect((await store.loadDocument('community:c')).updates).toEqual([]);
	});
});

/** Two updates of one writer; the second depends on the first. */
function dependentUpdates(): [Uint8Array, Uint8Array] {
	const writer = new Y.Doc();
	writer.getMap('meta').set('first', 1);
	const first = Y.encodeStateAsUpdate(writer);
	const before = Y.encodeStateVector(writer);
	writer.getMap('meta').set('second', 2);
	return [first, Y.encodeStateAsUpdate(writer, before)];
}

describe('persistence and other writers', () => {
	it('holds back an update until what it depends on arrives, so the acknowledgement follows integration', async () => {
		const holding = new Persistence(store, { holdMs: 50 });
		relay = new Hocuspocus({ quiet: true, extensions: [holding] });
		const connection = await relay.openDirectConnection('community:h');
		const document = connection.document!;
		const closed: number[] = [];
		const connectionOfClient = { webSocket: { close: (code: number) => closed.push(code) } };
		const handle = (update: Uint8Array) => receive(document, update, connectionOfClient, holding);
		const [first, second] = dependentUpdates();
		let released = false;
		const held = handle(second).then(() => (released = true));
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(released).toBe(false);
		Y.applyUpdate(document, first, 'the sync step carrying it');
		await held;

		await expect(handle(first)).resolves.toBeUndefined();
		// Changes that never come: the socket is closed, and the client syncs afresh.
		expect(closed).toEqual([]);
		await expect(handle(dependentUpdates()[1])).rejects.toThrow(DependenciesMissingError);
		expect(closed).toEqual([4000]);
		await connection.disconnect();
	});

	it('takes a burst from one client in turn, without holding each update until the document changes', async () => {
		const connection = await relay.openDirectConnection('community:b');
		const document = connection.document!;
		const writer = new Y.Doc();
		const burst: Uint8Array[] = [];
		writer.on('update', (update: Uint8Array) => burst.push(update));
		for (let i = 0; i < 30; i++) writer.getMap('meta').set(`edit ${i}`, i);
		const listening = vi.spyOn(document, 'on');
		const client = { webSocket: { close: () => undefined } };

		await Promise.all(burst.map((update) => receive(document, update, client)));
		expect(listening.mock.calls.filter(([event]) => event === 'update')).toEqual([]);
		expect(document.getMap('meta').toJSON()).toEqual(writer.getMap('meta').toJSON());
		expect(await store.updatesAfter('community:b', 0)).toHaveLength(30);
		await connection.disconnect();
	});

	it('logs an update Yjs parks for a missing dependency, since Hocuspocus acknowledges it', async () => {
		const connection = await relay.openDirectConnection('community:p');
		const [first, second] = dependentUpdates();
		Y.applyUpdate(connection.document!, second, 'a client');
		expect(connection.document!.getMap('meta').get('second')).toBeUndefined();

		await persistence.settled(connection.document!);
		const stored = docOf('community:p', await store.loadDocument('community:p'));
		Y.applyUpdate(stored, first);
		expect(stored.getMap('meta').toJSON()).toEqual({ first: 1, second: 2 });
		await connection.disconnect();
	});

	it('takes in updates another process logs while the document is loaded', async () => {
		relay = new Hocuspocus({ quiet: true, extensions: [new Persistence(store, { pollMs: 5 })] });
		const connection = await relay.openDirectConnection('community:q');
		const [first] = dependentUpdates();
		await store.appendUpdates([{ name: 'community:q', update: first }]);
		await vi.waitFor(() => expect(connection.document!.getMap('meta').get('first')).toBe(1));
		await connection.disconnect();
		// The compaction on unload covers it, and nothing was logged twice.
		expect(await store.loadDocument('community:q')).toMatchObject({ updates: [], throughUpdateId: 1 });
		expect(await store.updatesAfter('community:q', 0)).toHaveLength(1);
	});

	it('tells which logged update each document holds: its own once committed, and those it took in', async () => {
		const told: [string, number][] = [];
		relay = new Hocuspocus({
			quiet: true,
			extensions: [new Persistence(store, { pollMs: 5, onLogged: (name, id) => told.push([name, id]) })]
		});
		const connection = await relay.openDirectConnection('community:r');
		await connection.transact((doc) => initCommunity(doc, { id: 'r', name: 'R 社区' }));
		const [own] = (await store.updatesAfter('community:r', 0)).map((row) => row.id);
		expect(told).toEqual([['community:r', own]]);
		const [foreign] = await store.appendUpdates([{ name: 'community:r', update: change((doc) => doc.getMap('meta').set('x', 1)) }]);
		await vi.waitFor(() => expect(told).toEqual([['community:r', own], ['community:r', foreign]]));
		await connection.disconnect();
	});

	it('replaces a snapshot that fails its checksum as soon as the document is loaded', async () => {
		const connection = await relay.openDirectConnection('community:r');
		await connection.transact((doc) => doc.getMap('meta').set('a', 1));
		await connection.transact((doc) => doc.getMap('meta').set('b', 2));
		await connection.disconnect();
		const db = new Database(path.join(dir, SQLITE_FILE));
		db.exec(`UPDATE snapshots SET state = zeroblob(length(state)) WHERE id = (SELECT max(id) FROM snapshots)`);
		db.close();

		const again = await relay.openDirectConnection('community:r');
		expect(again.document!.getMap('meta').toJSON()).toEqual({ a: 1, b: 2 });
		expect((await store.loadDocument('community:r')).corruptSnapshots).toBe(0);
		await again.disconnect();
	});
});

describe('failing store', () => {
	const rejections: unknown[] = [];
	const onRejection = (reason: unknown) => rejections.push(reason);
	beforeEach(() => {
		rejections.length = 0;
		process.on('unhandledRejection', onRejection);
	});
	afterEach(() => {
		process.off('unhandledRejection', onRejection);
	});

	it('unloads a document whose snapshot fails, without a rejection, keeping its log', async () => {
		const warnings: string[] = [];
		const failing: Store = {
			...store,
			storeSnapshot: async () => {
				throw new Error('disk I/O error');
			}
		};
		relay = new Hocuspocus({
			quiet: true,
			debounce: 5,
			extensions: [new Persistence(failing, { warn: (m) => warnings.push(m) })]
		});
		const connection = await relay.openDirectConnection('community:s');
		await connection.transact((doc) => doc.getMap('meta').set('a', 1));
		// An update from a client connection goes through the debounced store instead.
		Y.applyUpdate(connection.document!, dependentUpdates()[0], { context: {} });
		await connection.disconnect();
		await vi.waitFor(() => expect(relay.documents.size).toBe(0));
		await new Promise((resolve) => setTimeout(resolve, 20));

		expect(rejections).toEqual([]);
		expect(warnings[0]).toMatch(/^cannot snapshot community:s, its log keeps every update: disk I\/O error/);
		expect(docOf('community:s', await store.loadDocument('community:s')).getMap('meta').toJSON()).toEqual({ a: 1, first: 1 });
	});

	it('destroys a document whose load fails, refuses it, and loads it once the store recovers', async () => {
		let broken = true;
		const created: Document[] = [];
		const flaky: Store = {
			...store,
			loadDocument: async (name) => {
				if (broken) throw new Error('database disk image is malformed');
				return store.loadDocument(name);
			}
		};
		relay = new Hocuspocus({
			quiet: true,
			extensions: [
				{ priority: 1000, onLoadDocument: async ({ document }: { document: Document }) => void created.push(document) },
				new Persistence(flaky)
			]
		});
		const attempt = relay.openDirectConnection('community:t');
		await expect(attempt).rejects.toThrow(LoadFailedError);
		await expect(attempt).rejects.toMatchObject({ reason: 'document could not be loaded' });
		expect(relay.documents.size).toBe(0);
		expect(relay.loadingDocuments.size).toBe(0);
		expect(created[0].isDestroyed).toBe(true);

		broken = false;
		const connection = await relay.openDirectConnection('community:t');
		expect(relay.documents.size).toBe(1);
		await connection.disconnect();
		expect(relay.documents.size).toBe(0);
		expect(rejections).toEqual([]);
	});
});
