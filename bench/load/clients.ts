import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { countFrame, type FrameCounts } from '../../tests/support/frames';

/** Bytes a client's sockets sent and received, counted frame by frame. */
export interface Traffic {
	sent: number;
	received: number;
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

const polyfill = (target: Target) => (target.traffic ? countingSocket(target.traffic) : WebSocket);

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

/** The generator's own deadline: whatever happens, it ends by itself. */
export function stopBy(ms: number): void {
	// Each provider listens for the process's exit; hundreds of them are expected here.
	process.setMaxListeners(0);
	setTimeout(() => {
		process.stderr.write(`load generator ${process.pid}: deadline of ${ms} ms passed, exiting\n`);
		process.exit(2);
	}, ms);
}
