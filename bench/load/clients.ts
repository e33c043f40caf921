import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { countFrame, type FrameCounts } from '../../tests/support/frames';

/** Bytes a client's sockets sent and received, counted frame by frame. */
export interface Traffic {
	sent: number;
	received: number;
	/** Sees every frame received, as it arrives. */
	onReceived?(frame: Uint8Array): void;
	/** Counts frames by kind both ways when given. */
	kinds?: { sent: FrameCounts; received: FrameCounts };
}

const bytesOf = (data: ArrayBuffer | Buffer | Uint8Array) =>
	data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** A WebSocket class for the providers that adds every frame's bytes to `traffic`. */
export function countingSocket(traffic: Traffic): new (address: string) => WebSocket {
	return class CountingWebSocket extends WebSocket {
		constructor(address: string) {
			super(address);
			// The providers ask for ArrayBuffers (binaryType "arraybuffer"); ws gives Buffers otherwise.
			this.on('message', (data: ArrayBuffer | Buffer) => {
				traffic.received += data.byteLength;
				if (traffic.kinds) countFrame(traffic.kinds.received, bytesOf(data));
				traffic.onReceived?.(bytesOf(data));
			});
		}

		override send(data: Uint8Array, ...rest: unknown[]): void {
			traffic.sent += data.byteLength;
			if (traffic.kinds) countFrame(traffic.kinds.sent, bytesOf(data));
			(super.send as (...args: unknown[]) => void)(data, ...rest);
		}
	};
}

/** How a load client reaches a server: the Hocuspocus protocol (ours, bare) or y-websocket's. */
export interface Target {
	protocol: 'hocuspocus' | 'y-websocket';
	/** ws://127.0.0.1:<port>/sync for ours, ws://127.0.0.1:<port> for the baselines. */
	url: string;
	token: string | null;
	/** Counts the client's bytes on the wire when given. */
	traffic?: Traffic;
}

export interface LoadClient {
	doc: Y.Doc;
	/** Resolves once the server's state has arrived. */
	synced: Promise<void>;
	/** Updates the server has acknowledged so far (Hocuspocus's SyncStatus; 0 for y-websocket). */
	acknowledged(): number;
	/** Called on every acknowledgement (Hocuspocus only). */
	onAcknowledged(listener: () => void): void;
	destroy(): void;
}

const polyfill = (target: Target) => (target.traffic ? countingSocket(target.traffic) : WebSocket);

function hocuspocusClient(target: Target, name: string): LoadClient {
	const doc = new Y.Doc();
	const socket = new HocuspocusProviderWebsocket({ url: target.url, WebSocketPolyfill: polyfill(target) });
	const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token: target.token });
	let acknowledged = 0;
	let unsynced = 0;
	const listeners: (() => void)[] = [];
	// The provider counts up per update sent and down per acknowledgement (SyncStatus).
	provider.on('unsyncedChanges', ({ number }: { number: number }) => {
		const fell = number < unsynced;
		if (fell) acknowledged += unsynced - number;
		unsynced = number;
		if (fell) for (const listener of listeners) listener();
	});
	const synced = new Promise<void>((resolve, reject) => {
		provider.on('synced', () => resolve());
		provider.on('authenticationFailed', ({ reason }: { reason: string }) => reject(new Error(`${name} refused: ${reason}`)));
	});
	provider.attach();
	return {
		doc,
		synced,
		acknowledged: () => acknowledged,
		onAcknowledged: (listener) => listeners.push(listener),
		destroy() {
			provider.destroy();
			socket.destroy();
			doc.destroy();
		}
	};
}

function yWebsocketClient(target: Target, name: string): LoadClient {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(target.url, name, doc, { WebSocketPolyfill: polyfill(target) as never, disableBc: true });
	const synced = new Promise<void>((resolve) => {
		const onSync = (state: boolean) => {
			if (!state) return;
			provider.off('sync', onSync);
			resolve();
		};
		provider.on('sync', onSync);
	});
	return {
		doc,
		synced,
		acknowledged: () => 0,
		onAcknowledged: () => undefined,
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

export function openClient(target: Target, name: string): LoadClient {
	return target.protocol === 'hocuspocus' ? hocuspocusClient(target, name) : yWebsocketClient(target, name);
}

/** One socket carrying a provider per document, as the app opens a community's documents. */
export interface Family {
	docs: Y.Doc[];
	/** Resolves once every document has the server's state. */
	synced: Promise<void>;
	destroy(): void;
}

export function openFamily(target: Target, names: readonly string[]): Family {
	const socket = new HocuspocusProviderWebsocket({ url: target.url, WebSocketPolyfill: polyfill(target) });
	const docs = names.map(() => new Y.Doc());
	const providers = names.map((name, i) => new HocuspocusProvider({ websocketProvider: socket, name, document: docs[i], token: target.token }));
	const synced = Promise.all(providers.map((p) => new Promise((resolve) => p.on('synced', resolve)))).then(() => undefined);
	for (const provider of providers) provider.attach();
	return {
		docs,
		synced,
		destroy() {
			for (const provider of providers) provider.destroy();
			socket.destroy();
			for (const doc of docs) doc.destroy();
		}
	};
}

/** Opens clients a batch at a time, so that hundreds of handshakes do not all land at once. */
export async function openClients(target: Target, names: readonly string[], batch = 25): Promise<LoadClient[]> {
	const clients: LoadClient[] = [];
	for (let i = 0; i < names.length; i += batch) {
		const opened = names.slice(i, i + batch).map((name) => openClient(target, name));
		clients.push(...opened);
		await Promise.all(opened.map((c) => c.synced));
	}
	return clients;
}

/** The generator's own deadline: whatever happens, it ends by itself. */
export function stopBy(ms: number): void {
	// Each provider listens for the process's exit; hundreds of them are expected here.
	process.setMaxListeners(0);
	setTimeout(() => {
		process.stderr.write(`load generator ${process.pid}: deadline of ${ms} ms passed, exiting\n`);
		process.exit(2);
	}, ms);
}
