import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestWebSocket, client, socketTo, waitFor, type Client } from '../../tests/integration/clients';
import { frameKind } from '../../tests/support/frames';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { EarlySync } from './early-sync';
import { Persistence } from './persistence';

let dir: string;
let store: Store;
let http: Server;
let relay: Hocuspocus;
let wsUrl: string;
/** Holds every document's load in afterLoadDocument until released: what the client gets meanwhile came from the store. */
let loading: { release(): void; hold: Promise<void> };
/** Runs on each document once its stored state is applied, as a migration would. */
let onLoaded: (document: Y.Doc) => void;
const clients: Client[] = [];

function holdLoads() {
	let release!: () => void;
	const hold = new Promise<void>((resolve) => (release = resolve));
	loading = { release, hold };
}

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-early-sync-'));
	store = openSqliteStore(dir, { warn: () => undefined });
	holdLoads();
	onLoaded = () => undefined;
	const early = new EarlySync();
	const blocker: Extension = {
		async afterLoadDocument({ document }) {
			onLoaded(document);
			await loading.hold;
		}
	};
	relay = new Hocuspocus({ quiet: true, extensions: [new Persistence(store, { early }), early, blocker] });
	const sockets = new WebSocketServer({ noServer: true });
	let ids = 0;
	http = createServer();
	http.on('upgrade', (req, socket, head) =>
		sockets.handleUpgrade(req, socket, head, (ws) => {
			const connectionId = `socket-${++ids}`;
			early.watch(ws, connectionId);
			relay.handleConnection(ws, req, { connectionId });
		})
	);
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	wsUrl = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.close();
	loading.release();
	relay.closeConnections();
	await new Promise((resolve) => http.close(resolve));
	await store.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** Stores a community document with `n` entries, as a snapshot and a logged update after it. */
async function storeDocument(name: string, n: number): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (let i = 0; i < n; i++) doc.getMap('meta').set(`entry ${i}`, `值 ${i}`);
	const snapshot = Y.encodeStateAsUpdate(doc);
	const [through] = await store.appendUpdates([{ name, update: snapshot }]);
	await store.storeSnapshot(name, snapshot, through);
	const before = Y.encodeStateVector(doc);
	doc.getMap('meta').set('logged after the snapshot', true);
	await store.appendUpdates([{ name, update: Y.encodeStateAsUpdate(doc, before) }]);
	return doc;
}

interface Frame {
	kind: string;
	bytes: number;
}

/** A provider client of `name` (on a socket of its own) whose received frames are noted. */
function watchedClient(name: string, doc = new Y.Doc()): { c: Client; received: Frame[] } {
	const received: Frame[] = [];
	class Watched extends TestWebSocket {
		constructor(url: string) {
			super(url);
			// The provider reads frames as ArrayBuffers.
			this.on('message', (data: ArrayBuffer) => received.push({ kind: frameKind(new Uint8Array(data)), bytes: data.byteLength }));
		}
	}
	const socket = socketTo({ wsUrl }, { WebSocketPolyfill: Watched });
	const c = client({ wsUrl } as never, name, 'token', doc, socket);
	clients.push({ ...c, close: () => (c.close(), socket.destroy()) });
	c.provider.attach();
	return { c, received };
}

const count = (received: Frame[], kind: string) => received.filter((frame) => frame.kind === kind).length;

describe('early sync', () => {
	it('sends a client holding nothing the stored state while the document is still loading, once', async () => {
		const stored = await storeDocument('community:e', 200);
		const { c, received } = watchedClient('community:e');

		await waitFor('the stored state', () => c.provider.synced);
		expect(c.doc.getMap('meta').toJSON()).toEqual(stored.getMap('meta').toJSON());
		expect(count(received, 'sync step 2')).toBe(1);

		// Once loaded, the relay asks for what the client holds; its edit is taken and saved.
		loading.release();
		await waitFor('the relay’s sync step 1', () => count(received, 'sync step 1') === 1);
		c.doc.getMap('meta').set('written by the client', 1);
		await c.saved();
		const loaded = relay.documents.get('community:e')!;
		expect(loaded.getMap('meta').get('written by the client')).toBe(1);
		expect(count(received, 'sync step 2')).toBe(1);
	});

	it('takes what a client writes before the document has loaded', async () => {
		await storeDocument('community:w', 10);
		const { c } = watchedClient('community:w');
		await waitFor('the stored state', () => c.provider.synced);
		c.doc.getMap('meta').set('written while loading', '巡查记录');

		loading.release();
		await c.saved();
		expect(relay.documents.get('community:w')!.getMap('meta').get('written while loading')).toBe('巡查记录');
	});

	it('sends what changed while loading after the stored state', async () => {
		await storeDocument('community:m', 10);
		onLoaded = (document) => document.getMap('meta').set('migrated', 2);
		const { c } = watchedClient('community:m');
		await waitFor('the stored state', () => c.provider.synced);
		expect(c.doc.getMap('meta').get('migrated')).toBeUndefined();

		loading.release();
		await waitFor('the change made while loading', () => c.doc.getMap('meta').get('migrated') === 2);
	});

	it('answers a client with a copy of its own once the document is loaded, with what it lacks', async () => {
		const stored = await storeDocument('community:c', 500);
		// The snapshot, without the update logged after it.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, (await store.loadDocument('community:c')).snapshot!);
		const { c, received } = watchedClient('community:c', copy);
		loading.release();

		await waitFor('synced', () => c.provider.synced);
		expect(c.doc.getMap('meta').toJSON()).toEqual(stored.getMap('meta').toJSON());
		const answers = received.filter((frame) => frame.kind === 'sync step 2');
		expect(answers).toHaveLength(1);
		expect(answers[0].bytes).toBeLessThan(Y.encodeStateAsUpdate(stored).byteLength / 10);
	});
});
