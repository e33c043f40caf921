import { MessageType, OutgoingMessage, type Document, type Extension, type connectedPayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { messageYjsSyncStep1, messageYjsSyncStep2 } from 'y-protocols/sync';
import * as Y from 'yjs';

/** A client's sync step 1 that Hocuspocus holds while the document loads. */
interface Request {
	message: Uint8Array;
	/** When it arrived (performance.now()). */
	at: number;
	/** Where the message's type is, to turn it into one Hocuspocus ignores once answered. */
	typeAt: number;
}

interface Socket {
	ws: WebSocket;
	/** By document name: the latest sync step 1 that asked for it, null when it asked with a state of its own. */
	requests: Map<string, Request | null>;
}

/** A document answered from its stored state before it was loaded, until its connection is set up. */
interface Answered {
	connectionId: string;
	/** The document's state vector once the stored state was applied: what the client was sent. */
	state: Uint8Array | null;
	/** Whether the document changed after that. */
	changed: boolean;
}

/** The sync step 1 a message carries, with where its type is, else null. */
function requestIn(message: Uint8Array): (Request & { name: string; empty: boolean }) | null {
	try {
		const decoder = decoding.createDecoder(message);
		const name = decoding.readVarString(decoder);
		const typeAt = decoder.pos;
		if (decoding.readVarUint(decoder) !== MessageType.Sync || decoding.readVarUint(decoder) !== messageYjsSyncStep1) return null;
		const stateVector = decoding.readVarUint8Array(decoder);
		return { name, message, typeAt, at: performance.now(), empty: stateVector.byteLength === 1 && stateVector[0] === 0 };
	} catch {
		return null;
	}
}

/** A sync step 2 carrying `state` as it is (Hocuspocus's messages write one from a document). */
function syncStep2Message(name: string, state: Uint8Array): Uint8Array {
	const message = new OutgoingMessage(name).createSyncMessage();
	encoding.writeVarUint(message.encoder, messageYjsSyncStep2);
	encoding.writeVarUint8Array(message.encoder, state);
	return message.toUint8Array();
}

/**
 * A client that holds nothing of a document the relay has to load gets the stored state at
 * once, as the store gave it. Loading a large community's working set into Y.Docs takes the
 * relay as long as it takes the client to apply it (Yjs's own cost, about 200 ms for the
 * root here), and the client would wait for both; the stored state, one update already, is
 * exactly what a client with an empty state vector is sent once the document is loaded. A
 * client with a copy of its own shows that meanwhile and is answered as usual.
 *
 * Hocuspocus holds a connection's messages while the document loads and answers them after:
 * the sync step answered early is turned, in place, into a message it ignores. Once the
 * connection is set up, the relay sends its own sync step 1 (for whatever the client wrote
 * meanwhile) and, if the document changed after the stored state was applied (a migration,
 * another relay's updates), that change.
 */
export class EarlySync implements Extension {
	extensionName = 'early-sync';
	private readonly sockets = new Map<string, Socket>();
	private readonly answered = new WeakMap<Document, Answered>();

	/** Notes the sync steps a /sync socket sends; `connectionId` is the one in its Hocuspocus context. */
	watch(ws: WebSocket, connectionId: string): void {
		const socket: Socket = { ws, requests: new Map() };
		this.sockets.set(connectionId, socket);
		ws.on('message', (data: Uint8Array) => {
			const request = requestIn(data);
			if (!request) return;
			socket.requests.set(request.name, request.empty ? request : null);
		});
		ws.once('close', () => this.sockets.delete(connectionId));
	}

	/**
	 * Sends the stored state of `document` to the socket whose request is loading it, if that
	 * socket asked with nothing of its own; call before applying the state to the document.
	 */
	async answer(document: Document, context: unknown, state: Uint8Array | null): Promise<void> {
		const connectionId = connectionIdOf(context);
		const socket = connectionId === undefined ? undefined : this.sockets.get(connectionId);
		if (!socket) return;
		// A client sends its sync step right after its token, but the two can arrive apart: the
		// socket is read once more before giving up on it (the apply then holds the thread).
		if (!socket.requests.has(document.name)) await nextPoll();
		const request = socket.requests.get(document.name);
		if (!request || socket.ws.readyState !== WebSocket.OPEN) return;
		socket.requests.delete(document.name);
		socket.ws.send(syncStep2Message(document.name, state ?? EMPTY_UPDATE));
		request.message[request.typeAt] = MessageType.QueryAwareness;
		this.answered.set(document, { connectionId: connectionId!, state: null, changed: false });
		// The apply then holds the thread for as long as the client takes to apply the answer:
		// first the answer goes out, and the documents the socket asked for at the same time,
		// still being authorised, are answered too (not for long: a refused one stays unanswered).
		const until = performance.now() + SIBLINGS_MS;
		const pending = () => [...socket.requests.values()].some((other) => other && other.at > request.at - SIBLINGS_MS);
		do await nextPoll();
		while (pending() && performance.now() < until);
	}

	/** Call once the stored state is applied to `document`. */
	applied(document: Document): void {
		const answered = this.answered.get(document);
		if (!answered) return;
		answered.state = Y.encodeStateVector(document);
		const change = () => {
			answered.changed = true;
			document.off('update', change);
		};
		document.on('update', change);
	}

	async connected({ connection, context }: connectedPayload): Promise<void> {
		const document = connection.document;
		const connectionId = connectionIdOf(context);
		if (connectionId !== undefined) this.sockets.get(connectionId)?.requests.delete(document.name);
		const answered = this.answered.get(document);
		if (!answered?.state || answered.connectionId !== connectionId) return;
		this.answered.delete(document);
		if (answered.changed) {
			connection.send(new OutgoingMessage(document.name).createSyncMessage().writeUpdate(Y.encodeStateAsUpdate(document, answered.state)).toUint8Array());
		}
		connection.send(new OutgoingMessage(document.name).createSyncMessage().writeFirstSyncStepFor(document).toUint8Array());
	}
}

/** How long a loading document waits for the socket's other requests to be answered before applying its own. */
const SIBLINGS_MS = 25;

/** Resolves after the event loop has read the sockets once more (an immediate set from an immediate). */
const nextPoll = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/** What a document with no stored state is: an update with no writers and no deletions. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/** The upgrade handler puts the socket's id in the Hocuspocus context (see app.ts). */
function connectionIdOf(context: unknown): string | undefined {
	const id = (context as { connectionId?: unknown } | null)?.connectionId;
	return typeof id === 'string' ? id : undefined;
}
