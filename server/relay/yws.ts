import type { IncomingMessage } from 'node:http';
import type { Document, Hocuspocus } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { RawData, WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Refusal } from '../../src/lib/model';
import type { Logger } from '../log';
import { RefusedError, type Authentication, type ConnectionContext } from './authentication';
import type { Metrics } from './metrics';
import { DependenciesMissingError } from './dependencies';
import type { LiveConnection } from './revocation';
import { UpdateRefusedError, type WriteGuard } from './write-guard';

/** Plain y-websocket clients connect to `ws://HOST:PORT/yws/<documentName>?token=<token>`. */
export const YWS_PREFIX = '/yws/';

// y-websocket's message types (its src/y-websocket.js); 2 (auth) only ever goes server → client.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/**
 * y-websocket gives up reconnecting on a close code from 4400 to 4499, so every refusal that
 * retrying cannot cure uses one, with the reason text the /sync relay sends.
 */
export const REFUSAL_CLOSE_CODES: Record<Refusal, number> = {
	noToken: 4401,
	badToken: 4401,
	notMember: 4403,
	notAllowed: 4403,
	unknownDocument: 4404
};
const MALFORMED = { code: 1007, reason: 'malformed message' };
const UNAVAILABLE = { code: 1011, reason: 'document could not be loaded' };

/** A peer that has not answered a ping within this long is gone; its document is released. */
const PING_INTERVAL_MS = 30_000;

type DirectConnection = Awaited<ReturnType<Hocuspocus['openDirectConnection']>>;
type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };

export interface YwsDeps {
	hocuspocus: Hocuspocus;
	authentication: Authentication;
	metrics: Metrics;
	guard: WriteGuard;
}

function documentNameOf(pathname: string): string {
	try {
		return decodeURIComponent(pathname.slice(YWS_PREFIX.length));
	} catch {
		return '';
	}
}

function bytesOf(data: RawData): Uint8Array {
	if (Array.isArray(data)) return Buffer.concat(data);
	return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SYNC);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/**
 * One y-websocket client on one document. It holds a direct connection to the relay's own
 * in-memory document, so /sync and /yws clients edit the same `Y.Doc`, its updates go through
 * the same persistence listener, and the document stays loaded until the socket closes.
 */
class YwsSession {
	/** Frames that arrive while the token is checked and the document loaded, in order. */
	private pending: Uint8Array[] | null = [];
	private document: Document | null = null;
	private context: ConnectionContext | null = null;
	/** Messages are applied one after the other: an update may wait for the write guard. */
	private queue: Promise<void> = Promise.resolve();
	private direct: DirectConnection | null = null;
	/** Awareness clients whose states came through this socket, removed when it closes. */
	private readonly clients = new Set<number>();
	/**
	 * Transaction origin of this socket's updates. Hocuspocus reads `socketId` and `context` off
	 * it: with a socket id the update counts as a client's (metrics, debounced snapshot).
	 */
	private readonly origin: { socketId: string; context: object };
	private answeredPing = true;
	private readonly pinger: NodeJS.Timeout;
	/** Settles once the socket has closed and the document has been released. */
	readonly finished: Promise<void>;

	constructor(
		private readonly ws: WebSocket,
		private readonly deps: YwsDeps,
		private readonly connectionId: string,
		private readonly log: Logger,
		documentName: string,
		token: string | null
	) {
		this.origin = { socketId: `yws-${connectionId}`, context: {} };
		const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
		ws.on('message', this.onMessage);
		ws.on('pong', this.onPong);
		this.pinger = setInterval(this.ping, PING_INTERVAL_MS);
		closed.then(() => this.teardown());
		const opening = this.open(documentName, token).catch((error) => {
			this.log.error({ err: error, document: documentName }, 'could not open the document');
			this.close(UNAVAILABLE);
		});
		this.finished = Promise.all([closed, opening]).then(() => this.release());
	}

	private get isOpen(): boolean {
		return this.ws.readyState === this.ws.OPEN;
	}

	close({ code, reason }: { code: number; reason: string }): void {
		if (this.isOpen) this.ws.close(code, reason);
	}

	/** The member this socket was authorised as, once it has been. */
	get member(): ConnectionContext | null {
		return this.context;
	}

	terminate(): void {
		this.ws.terminate();
	}

	private async open(documentName: string, token: string | null): Promise<void> {
		let context: ConnectionContext;
		try {
			context = await this.deps.authentication.authorize(token, documentName, this.log);
		} catch (error) {
			if (!(error instanceof RefusedError)) throw error;
			return this.close({ code: REFUSAL_CLOSE_CODES[error.refusal], reason: error.reason });
		}
		if (!this.isOpen) return;
		this.context = context;
		this.origin.context = { ...context, connectionId: this.connectionId };
		this.direct = await this.deps.hocuspocus.openDirectConnection(documentName, this.origin.context);
		const document = this.direct.document;
		if (!this.isOpen || !document) return;

		this.document = document;
		document.on('update', this.onUpdate);
		document.awareness.on('update', this.onAwareness);
		// As y-websocket's own server: our state vector, so the client sends what we lack, and
		// who else is here.
		this.send(syncMessage((encoder) => syncProtocol.writeSyncStep1(encoder, document)));
		const present = [...document.awareness.getStates().keys()];
		if (present.length) this.send(awarenessMessage(document.awareness, present));
		const queued = this.pending ?? [];
		this.pending = null;
		for (const frame of queued) this.enqueue(frame);
	}

	private readonly onMessage = (data: RawData) => {
		const frame = bytesOf(data);
		if (this.pending) this.pending.push(frame);
		else this.enqueue(frame);
	};

	private enqueue(frame: Uint8Array): void {
		this.queue = this.queue.then(() => this.receive(frame));
	}

	private async receive(frame: Uint8Array): Promise<void> {
		if (!this.isOpen || !this.document) return;
		try {
			const reply = await this.apply(this.document, frame);
			if (reply) this.send(reply);
		} catch (error) {
			// Only this socket is at fault: close it, and everyone else carries on.
			const reason = error instanceof Error ? error.message : String(error);
			if (error instanceof UpdateRefusedError || error instanceof DependenciesMissingError) {
				this.log.warn({ reason }, 'update refused, closing');
				return this.close({ code: error.code, reason: error.reason });
			}
			this.deps.metrics.countRefusedUpdate('malformedMessage');
			this.log.warn({ reason }, 'malformed message, closing');
			this.close(MALFORMED);
		}
	}

	/** Applies one client message; returns the answer to send back, if it needs one. */
	private async apply(document: Document, frame: Uint8Array): Promise<Uint8Array | null> {
		const decoder = decoding.createDecoder(frame);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (step === syncProtocol.messageYjsSyncStep1) {
				return syncMessage((encoder) => syncProtocol.writeSyncStep2(encoder, document, payload));
			}
			if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) {
				throw new Error(`unknown sync step ${step}`);
			}
			await this.deps.guard.check(document, payload, this.context!);
			// Not readSyncMessage: it prints a broken update and carries on as if it were fine.
			Y.applyUpdate(document, payload, this.origin);
			return null;
		}
		if (type === MESSAGE_AWARENESS) {
			awarenessProtocol.applyAwarenessUpdate(document.awareness, decoding.readVarUint8Array(decoder), this.origin);
			return null;
		}
		if (type === MESSAGE_QUERY_AWARENESS) {
			return awarenessMessage(document.awareness, [...document.awareness.getStates().keys()]);
		}
		throw new Error(`unknown message type ${type}`);
	}

	private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin !== this.origin) this.send(syncMessage((encoder) => syncProtocol.writeUpdate(encoder, update)));
	};

	private readonly onAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
		if (origin === this.origin) {
			for (const client of added) this.clients.add(client);
			for (const client of removed) this.clients.delete(client);
		}
		// Echoed to the sender too, as y-websocket's server does: a client that hears nothing for
		// 30 s drops the connection, and its own awareness renewal is what it hears when alone.
		if (this.document) this.send(awarenessMessage(this.document.awareness, [...added, ...updated, ...removed]));
	};

	private readonly onPong = () => {
		this.answeredPing = true;
	};

	private readonly ping = () => {
		if (!this.answeredPing) return this.terminate();
		this.answeredPing = false;
		if (this.isOpen) this.ws.ping();
	};

	private send(message: Uint8Array): void {
		if (this.isOpen) this.ws.send(message);
	}

	private teardown(): void {
		clearInterval(this.pinger);
		this.ws.off('message', this.onMessage);
		this.ws.off('pong', this.onPong);
		const document = this.document;
		if (!document) return;
		document.off('update', this.onUpdate);
		document.awareness.off('update', this.onAwareness);
		awarenessProtocol.removeAwarenessStates(document.awareness, [...this.clients], null);
		this.document = null;
	}

	private async release(): Promise<void> {
		try {
			await this.direct?.disconnect();
		} catch (error) {
			this.log.error({ err: error }, 'releasing the document failed');
		}
		this.direct = null;
	}
}

/** The y-websocket-compatible endpoint: the relay's documents for stock Yjs clients. */
export class YwsEndpoint {
	private readonly sessions = new Set<YwsSession>();

	constructor(private readonly deps: YwsDeps) {}

	/** Takes an upgraded socket whose path starts with `/yws/`. */
	handleConnection(ws: WebSocket, req: IncomingMessage, connectionId: string, log: Logger): void {
		// The upgrade was routed here on its path, so the URL parses.
		const url = new URL(req.url ?? '/', 'http://localhost');
		const documentName = documentNameOf(url.pathname);
		const session = new YwsSession(ws, this.deps, connectionId, log, documentName, url.searchParams.get('token'));
		this.sessions.add(session);
		session.finished.then(() => this.sessions.delete(session));
	}

	/** The authorised sockets, for the relay's periodic check of memberships and token expiry. */
	*connections(): Iterable<LiveConnection> {
		for (const session of this.sessions) {
			const context = session.member;
			if (context?.member) yield { context, close: (code, reason) => session.close({ code, reason }) };
		}
	}

	/** Drops every socket and waits until each has released its document. */
	async close(): Promise<void> {
		const sessions = [...this.sessions];
		for (const session of sessions) session.terminate();
		await Promise.all(sessions.map((session) => session.finished));
	}
}
