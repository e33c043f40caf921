/**
 * Hocuspocus's messages written and read by hand, for bench clients that must cost less than
 * a provider: no Y.Doc applying what arrives, no provider bookkeeping. A message is the
 * document's name, a message type, then that type's body (@hocuspocus/common).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

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
