/**
 * The relays' messages written and read by hand, for bench clients that must cost less than a
 * provider: no Y.Doc applying what arrives, no provider bookkeeping. A Hocuspocus message is the
 * document's name, a message type, then that type's body (@hocuspocus/common); y-websocket's
 * has no name (a socket per document).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Target } from './clients';

export const SYNC = 0;
const AUTH = 2;
export const SYNC_STATUS = 8;
const SYNC_STEP_1 = 0;
export const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
const AUTH_TOKEN = 0;
const AUTH_DENIED = 1;

function message(name: string, type: number, body: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, name);
	encoding.writeVarUint(encoder, type);
	body(encoder);
	return encoding.toUint8Array(encoder);
}

/** The token that opens `name` on a socket: what a provider sends first. */
export const authMessage = (name: string, token: string) =>
	message(name, AUTH, (e) => (encoding.writeVarUint(e, AUTH_TOKEN), encoding.writeVarString(e, token)));

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
/** Asks for the whole document (a client holding nothing yet). */
export const syncStep1Message = (name: string) =>
	message(name, SYNC, (e) => (encoding.writeVarUint(e, SYNC_STEP_1), encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR)));

/** Carries one edit's Yjs update, as a provider sends it. */
export const updateMessage = (name: string, update: Uint8Array) =>
	message(name, SYNC, (e) => (encoding.writeVarUint(e, SYNC_UPDATE), encoding.writeVarUint8Array(e, update)));

export interface Received {
	name: string;
	type: number;
	/** Of a sync message: its kind (step 1, step 2, update) and its bytes. */
	sync?: { step: number; data: Uint8Array };
	/** Of an authentication message: the relay refused the token. */
	denied?: boolean;
}

export function readMessage(data: Buffer | Uint8Array): Received {
	const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
	const name = decoding.readVarString(decoder);
	const type = decoding.readVarUint(decoder);
	if (type === SYNC) {
		const step = decoding.readVarUint(decoder);
		return { name, type, sync: { step, data: decoding.readVarUint8Array(decoder) } };
	}
	if (type === AUTH) return { name, type, denied: decoding.readVarUint(decoder) === AUTH_DENIED };
	return { name, type };
}

/** A client speaking the relay's protocol by hand: sends updates it is given, applies nothing. */
export interface RawClient {
	send(update: Uint8Array): void;
	close(): void;
}

export interface RawHandlers {
	/** An update (or the sync step 2 answering a client's step 1) the server sent. */
	onUpdate?(update: Uint8Array): void;
	/** The server acknowledged an update (Hocuspocus's SyncStatus). */
	onAcknowledged?(): void;
}

/** y-websocket's messages carry no document name (one socket per document): sync, then its kind. */
function yWebsocketUpdate(update: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, SYNC);
	encoding.writeVarUint(encoder, SYNC_UPDATE);
	encoding.writeVarUint8Array(encoder, update);
	return encoding.toUint8Array(encoder);
}

function readYWebsocketSync(data: Buffer): Received['sync'] {
	const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
	if (decoding.readVarUint(decoder) !== SYNC) return undefined;
	const step = decoding.readVarUint(decoder);
	return { step, data: decoding.readVarUint8Array(decoder) };
}

/** Opens `name` on `target`; resolves once the server takes updates from it (authenticated, or open). */
export function openRawClient(target: Target, name: string, handlers: RawHandlers): Promise<RawClient> {
	const hocuspocus = target.protocol === 'hocuspocus';
	const socket = new WebSocket(hocuspocus ? target.url : `${target.url}/${encodeURIComponent(name)}`);
	const client: RawClient = {
		send: (update) => socket.send(hocuspocus ? updateMessage(name, update) : yWebsocketUpdate(update)),
		close: () => socket.terminate()
	};
	return new Promise((resolve, reject) => {
		socket.on('error', reject);
		socket.on('open', () => (hocuspocus ? socket.send(authMessage(name, target.token ?? '')) : resolve(client)));
		socket.on('message', (data: Buffer) => {
			const message: Received = hocuspocus ? readMessage(data) : { name, type: SYNC, sync: readYWebsocketSync(data) };
			if (message.denied) reject(new Error(`${name} refused`));
			else if (message.denied === false) resolve(client);
			else if (message.type === SYNC_STATUS) handlers.onAcknowledged?.();
			else if (message.sync && message.sync.step !== SYNC_STEP_1) handlers.onUpdate?.(message.sync.data);
		});
	});
}

/** Opens clients a batch at a time, so that hundreds of handshakes do not all land at once. */
export async function openRawClients<T>(count: number, open: (index: number) => Promise<T>, batch = 25): Promise<T[]> {
	const clients: T[] = [];
	for (let i = 0; i < count; i += batch) {
		clients.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => open(i + j)))));
	}
	return clients;
}
