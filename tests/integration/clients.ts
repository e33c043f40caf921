import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { RunningServer } from './harness';

export const DEMO_PASSWORD = 'demo1234';

export interface Session {
	token: string;
	user: { id: string; name: string };
	memberships: { communityId: string; role: string }[];
}

export async function login(server: RunningServer, username: string, password = DEMO_PASSWORD): Promise<Session> {
	const response = await fetch(`${server.url}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password })
	});
	if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
	return (await response.json()) as Session;
}

export async function getJson(server: RunningServer, path: string, token?: string) {
	const response = await fetch(`${server.url}${path}`, {
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
	return { status: response.status, body: await response.json() };
}

/** One scrape of /metrics: the value of every sample, keyed by name and labels as printed. */
export async function scrapeMetrics(server: RunningServer): Promise<Map<string, number>> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	const samples = text.split('\n').filter((line) => line && !line.startsWith('#'));
	return new Map(samples.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]));
}

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

/** JSON with object keys sorted at every level: replicas list map keys in different orders. */
export function canonical(value: unknown): string {
	const sort = (v: unknown): unknown =>
		Array.isArray(v)
			? v.map(sort)
			: v && typeof v === 'object'
				? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]))
				: v;
	return JSON.stringify(sort(value));
}

export interface Client {
	doc: Y.Doc;
	provider: HocuspocusProvider;
	/** Resolves when the server has acknowledged every local change (`unsyncedChanges` is 0). */
	saved(): Promise<void>;
	close(): void;
}

/** What the provider needs of a WebSocket class: it only ever passes the URL. */
export type WebSocketClass = new (url: string) => WebSocket;

export interface SocketOptions {
	/** Retry within tens of milliseconds instead of the provider's second or more (server restarts). */
	fastReconnect?: boolean;
	/** The WebSocket class the provider makes its sockets with, e.g. one that watches frames. */
	WebSocketPolyfill?: WebSocketClass;
}

/**
 * `ws` reports a socket closed while still connecting (the provider abandons one after removing
 * its own listeners, e.g. a test ending during a reconnection) as an error event; in a browser
 * that stays silent, in Node with no listener it would end the test run. The provider learns
 * of the close from the close event either way.
 */
export class TestWebSocket extends WebSocket {
	constructor(url: string) {
		super(url);
		this.on('error', () => undefined);
	}
}

/** One WebSocket to the relay that several providers (documents) can share, as the app does. */
export function socketTo(server: Pick<RunningServer, 'wsUrl'>, options: SocketOptions = {}): HocuspocusProviderWebsocket {
	const retry = options.fastReconnect ? { delay: 50, minDelay: 20, maxDelay: 200, factor: 1.5 } : {};
	return new HocuspocusProviderWebsocket({
		url: server.wsUrl,
		WebSocketPolyfill: options.WebSocketPolyfill ?? TestWebSocket,
		...retry
	});
}

/**
 * A Node client of the relay, as the browser app makes one. Not yet connected until `attach`.
 * Over `shared` when given, which it then leaves open on close.
 */
export function client(
	server: RunningServer,
	name: string,
	token: string | null,
	doc = new Y.Doc(),
	shared?: HocuspocusProviderWebsocket
): Client {
	const socket = shared ?? socketTo(server);
	const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
	return {
		doc,
		provider,
		saved: () => waitFor(`${name} saved`, () => provider.synced && provider.unsyncedChanges === 0),
		close() {
			provider.destroy();
			if (!shared) socket.destroy();
		}
	};
}

/** Connects and waits for the first sync, so `doc` holds the server's state. */
export async function connect(
	server: RunningServer,
	name: string,
	token: string,
	shared?: HocuspocusProviderWebsocket
): Promise<Client> {
	const c = client(server, name, token, new Y.Doc(), shared);
	const synced = new Promise<void>((resolve, reject) => {
		c.provider.on('synced', () => resolve());
		c.provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
			reject(new Error(`${name} refused: ${reason}`))
		);
	});
	c.provider.attach();
	await synced;
	return c;
}

/** Attaches and resolves with the reason the relay gives for refusing the connection. */
export function refusal(c: Client): Promise<string> {
	const refused = new Promise<string>((resolve, reject) => {
		c.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason));
		c.provider.on('synced', () => reject(new Error('the relay accepted the connection')));
	});
	c.provider.attach();
	return refused;
}

/** Attaches and resolves with 'synced', or with the reason the relay gives for refusing the document. */
export function outcomeOf(c: Client): Promise<string> {
	const outcome = new Promise<string>((resolve) => {
		c.provider.on('synced', () => resolve('synced'));
		c.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason));
	});
	c.provider.attach();
	return outcome;
}

/** The reason the relay closes this client's document with, once it does. */
export function closedWith(c: Client): Promise<string> {
	return new Promise((resolve) => c.provider.on('close', ({ event }: { event: { reason: string } }) => resolve(event.reason)));
}

/** Asks the relay whether its document holds `update` (the app's confirm message). */
export function confirm(c: Client, update: Uint8Array): Promise<boolean> {
	return new Promise((resolve) => {
		c.provider.on('stateless', ({ payload }: { payload: string }) => resolve(JSON.parse(payload).contained));
		c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 1, update: Buffer.from(update).toString('base64') }));
	});
}
