import 'fake-indexeddb/auto';
import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getGrid, updateGrid } from '../../src/lib/model';
import { Confirmer } from '../../src/lib/sync/confirmations';
import { OfflineDatabase, OfflineDoc } from '../../src/lib/sync/offline-store';
import { RelaySocket } from '../../src/lib/sync/socket';
import { countFrame, describeCounts, type FrameCounts } from '../support/frames';
import { TestWebSocket, connect, login, waitFor } from './clients';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server?.stop();
});

const EDITS = 50;
const NAME = 'community:wenyuan';

/** Frames by kind both ways, from the moment `reset` is called. */
function counting() {
	const traffic = { sent: new Map() as FrameCounts, received: new Map() as FrameCounts };
	class CountingWebSocket extends TestWebSocket {
		constructor(url: string) {
			super(url);
			this.on('message', (data: Buffer) => countFrame(traffic.received, new Uint8Array(data)));
		}
		override send(data: Uint8Array, ...rest: unknown[]): void {
			countFrame(traffic.sent, data);
			(super.send as (...args: unknown[]) => void)(data, ...rest);
		}
	}
	return {
		traffic,
		WebSocketPolyfill: CountingWebSocket,
		reset() {
			traffic.sent.clear();
			traffic.received.clear();
		}
	};
}

const messages = (counts: FrameCounts, kind: string) => counts.get(kind)?.messages ?? 0;
const bytes = (counts: FrameCounts) => [...counts.values()].reduce((sum, { bytes }) => sum + bytes, 0);

describe('a member reconnecting with edits made offline', () => {
	it('sends each edit once, gets none back, and has them confirmed with a summary, not a copy', async () => {
		const { token, user } = await login(server, 'wenyuan-sec');
		const watcher = await connect(server, NAME, token);
		const wire = counting();
		const db = new OfflineDatabase(`reconnect-${user.id}`);
		const doc = new Y.Doc();
		const socket = new RelaySocket({ url: server.wsUrl, WebSocketPolyfill: wire.WebSocketPolyfill, delay: 50, minDelay: 20, maxDelay: 200 });
		let provider: HocuspocusProvider | null = null;
		const offline = new OfflineDoc(db, NAME, doc, (origin) => origin === provider);
		await offline.whenLoaded;
		provider = new HocuspocusProvider({ websocketProvider: socket, name: NAME, document: doc, token });
		const confirmer = new Confirmer(provider, offline, () => socket.open);
		try {
			const synced = new Promise((resolve) => provider!.on('synced', resolve));
			provider.attach();
			await synced;

			socket.disconnect();
			await waitFor('the socket to close', () => socket.status === WebSocketStatus.Disconnected);
			const edits: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array) => edits.push(update));
			// The same field over and over: each edit also deletes the value before it.
			for (let i = 1; i <= EDITS; i++) updateGrid(doc, 'g01', { households: 1000 + i });
			expect(offline.pending).toBe(EDITS);

			wire.reset();
			void socket.connect();
			await waitFor('the watcher to see the last edit', () => getGrid(watcher.doc, 'g01')?.households === 1000 + EDITS);
			await waitFor('every edit confirmed', () => offline.pending === 0);

			const { sent, received } = wire.traffic;
			const summary = `sent: ${describeCounts(sent)}; received: ${describeCounts(received)}`;
			// The edits go up once, in the sync step answering the relay's, not also one by one.
			expect(messages(sent, 'update'), summary).toBe(0);
			expect(messages(sent, 'sync step 2'), summary).toBe(1);
			// Nothing comes back that the member has: no echo of their own edits.
			expect(messages(received, 'update'), summary).toBe(0);
			// The question about them is a summary (what they reach and delete), not a copy.
			const edited = edits.reduce((sum, update) => sum + update.byteLength, 0);
			expect(messages(sent, 'stateless confirm'), summary).toBeGreaterThanOrEqual(1);
			expect(sent.get('stateless confirm')!.bytes / messages(sent, 'stateless confirm'), summary).toBeLessThan(edited / 10);
			expect(bytes(sent) + bytes(received), summary).toBeLessThan(1.2 * edited + 1024);
		} finally {
			confirmer.destroy();
			provider.destroy();
			socket.destroy();
			offline.destroy();
			db.close();
			await db.delete();
			watcher.close();
		}
	});
});
