import fs from 'node:fs';
import path from 'node:path';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { Accounts } from './accounts/accounts';
import { Invitations } from './accounts/invitations';
import { createTokens } from './accounts/tokens';
import { createApi } from './api';
import { pathnameOf } from './api/http';
import type { Router } from './api/router';
import { SYNC_PATH, type Config } from './config';
import { CommunitySummaries } from './figures/summaries';
import { connectionLog, log, newId, type Logger } from './log';
import { Authentication } from './relay/authentication';
import { createRelay } from './relay/hocuspocus';
import type { Endpoint, Metrics } from './relay/metrics';
import { YWS_PREFIX, YwsEndpoint } from './relay/yws';
import { seedDemo, type SeedSummary } from './seed/demo';
import { openStore } from './store/open';

/**
 * Sent with every response, the app's pages and the API alike (the pages also get SvelteKit's
 * Content-Security-Policy, svelte.config.js). Sign-in uses a bearer token, never a cookie, so a
 * form posted from another site carries no credentials: there is nothing for CSRF to ride on.
 */
const SECURITY_HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'permissions-policy': 'camera=(self), geolocation=(self), microphone=()'
};

/** Far above any single edit; a client resending a whole large document still fits. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

type AppHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The server minus the listening socket: what `vite dev` attaches to its own HTTP server. */
export interface Runtime {
	api: Router;
	/** Serves the API, or hands the request to `app`; logs and counts it either way. */
	handleRequest(req: IncomingMessage, res: ServerResponse, app: AppHandler): void;
	/** Takes the upgrade if it is for /sync or /yws/…; false leaves the socket to the caller. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Set when this start seeded the demo district. */
	seeded: SeedSummary | null;
	close(): Promise<void>;
}

export async function createRuntime(config: Config): Promise<Runtime> {
	const store = await openStore(config, { warn: (message) => log.warn(message) });
	try {
		const tokens = createTokens(await store.tokenSecret(), config.tokenTtlSeconds);
		const sealed = await store.sealPrivateDocuments();
		if (sealed) log.info({ rows: sealed }, 'sealed private documents stored in the clear by an earlier version');
		const accounts = new Accounts(store);
		const seeded =
			config.seed === 'demo' && (await store.listCommunities()).length === 0 ? await seedDemo(store) : null;
		const summaries = new CommunitySummaries(store, { onComputed: (kind) => relay.metrics.countSummary(kind) });
		const relay = createRelay({
			store,
			accounts,
			tokens,
			onLogged: (name, id) => summaries.noteLogged(name, id),
			redis: config.redisUrl ? { url: config.redisUrl, prefix: config.redisPrefix } : null,
			warn: (message) => log.warn(message)
		});
		const api = createApi({
			store,
			accounts,
			tokens,
			invitations: new Invitations(store, accounts),
			metrics: relay.metrics,
			attachmentQuotaBytes: config.attachmentQuotaBytes,
			summaries,
			liveDocument: (name) => relay.hocuspocus.documents.get(name),
			accessOf: relay.accessOf
		});
		const yws = new YwsEndpoint({
			hocuspocus: relay.hocuspocus,
			authentication: new Authentication({
				tokens,
				accounts,
				accessOf: relay.accessOf,
				onRefused: (refusal) => relay.metrics.countRefusal(refusal)
			}),
			metrics: relay.metrics,
			guard: relay.guard
		});
		relay.revocation.watch(() => yws.connections());
		const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

		return {
			api,
			seeded,
			handleRequest(req, res, app) {
				for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
				const requestLog = watchRequest(req, res, api, relay.metrics);
				api
					.handle(req, res, requestLog)
					.then((handled) => handled || app(req, res))
					// Unhandled, a rejection would end the process and every connection with it.
					.catch((error) => {
						requestLog.error({ err: error }, 'request failed');
						res.destroy();
					});
			},
			handleUpgrade(req, socket, head) {
				const endpoint = endpointOf(pathnameOf(req.url));
				if (!endpoint) return false;
				sockets.handleUpgrade(req, socket, head, (ws) => {
					const id = newId();
					const socketLog = connectionLog(id);
					watchSocket(ws, endpoint, socketLog, relay.metrics);
					if (endpoint === 'sync') {
						relay.earlySync.watch(ws, id);
						relay.hocuspocus.handleConnection(ws, req, { connectionId: id });
					}
					else yws.handleConnection(ws, req, id, socketLog);
				});
				return true;
			},
			async close() {
				// Sockets first, so no update arrives after the last snapshot is written.
				for (const ws of sockets.clients) ws.terminate();
				sockets.close();
				await yws.close();
				await relay.shutdown();
				await store.close();
			}
		};
	} catch (error) {
		await store.close();
		throw error;
	}
}

function endpointOf(pathname: string | null): Endpoint | null {
	if (pathname === SYNC_PATH) return 'sync';
	return pathname?.startsWith(YWS_PREFIX) ? 'yws' : null;
}

/** A proxy's request id is kept so its log and ours join up; anything odd gets a fresh one. */
function requestIdOf(req: IncomingMessage): string {
	const given = req.headers['x-request-id'];
	return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : newId();
}

/** The request's logger; when the response is done, one line and one count for it. */
function watchRequest(req: IncomingMessage, res: ServerResponse, api: Router, metrics: Metrics): Logger {
	const started = performance.now();
	const id = requestIdOf(req);
	const requestLog = log.child({ req: id });
	res.setHeader('x-request-id', id);
	// The query string can carry what does not belong in a log.
	const path = (req.url ?? '/').split('?')[0];
	const pathname = pathnameOf(req.url);
	const route = pathname === null ? 'unmatched' : (api.routeOf(pathname) ?? 'app');
	res.once('close', () => {
		const status = res.writableFinished ? res.statusCode : 'aborted';
		metrics.countHttpRequest(req.method ?? '', route, status);
		const level = status === 'aborted' || status < 400 ? 'info' : status < 500 ? 'warn' : 'error';
		requestLog[level]({ method: req.method, path, status, ms: elapsedMs(started) }, 'request');
	});
	return requestLog;
}

function elapsedMs(since: number): number {
	return Math.round((performance.now() - since) * 10) / 10;
}

function byteLength(data: unknown): number {
	if (typeof data === 'string') return Buffer.byteLength(data);
	if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLength(part), 0);
	return data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0;
}

/** Counts a socket's bytes both ways, logs its opening and closing, and survives its bad frames. */
function watchSocket(ws: WebSocket, endpoint: Endpoint, socketLog: Logger, metrics: Metrics): void {
	const opened = performance.now();
	let bytesIn = 0;
	let bytesOut = 0;
	ws.on('message', (data) => {
		const bytes = byteLength(data);
		bytesIn += bytes;
		metrics.countBytes(endpoint, 'in', bytes);
	});
	// Hocuspocus and the /yws sessions both send through this one method.
	const send = ws.send.bind(ws) as (...args: unknown[]) => void;
	ws.send = ((data: unknown, ...rest: unknown[]) => {
		const bytes = byteLength(data);
		bytesOut += bytes;
		metrics.countBytes(endpoint, 'out', bytes);
		send(data, ...rest);
	}) as WebSocket['send'];
	// ws reports a bad frame (oversized, malformed) here and closes the socket; with no listener
	// the error would end the process and every other connection.
	ws.on('error', (error: Error & { code?: string }) => {
		metrics.countRefusedUpdate(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'frameTooLarge' : 'badFrame');
		socketLog.warn({ code: error.code, reason: error.message }, 'bad frame, closing');
	});
	ws.once('close', (code, reason) => {
		const why = reason.toString() || undefined;
		socketLog.info({ code, reason: why, ms: elapsedMs(opened), bytesIn, bytesOut }, 'socket closed');
	});
	socketLog.info({ endpoint }, 'socket opened');
}

function notBuilt(_req: IncomingMessage, res: ServerResponse): void {
	res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
	res.end(
		'<!doctype html><meta charset="utf-8"><title>共治 Workspace</title>' +
			'<p>app not built: run npm run build</p><p>应用尚未构建：请运行 npm run build</p>'
	);
}

/** The SvelteKit app from `npm run build` (adapter-node), or a page saying to build it. */
async function loadApp(buildDir: string): Promise<AppHandler> {
	const file = path.join(buildDir, 'handler.js');
	if (!fs.existsSync(file)) return notBuilt;
	// The build output, found at run time: Vite must not try to resolve it while serving dev.
	const { handler } = await import(/* @vite-ignore */ pathToFileURL(file).href);
	return handler;
}

export interface RunningServer {
	url: string;
	port: number;
	seeded: SeedSummary | null;
	close(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
	const runtime = await createRuntime(config);
	try {
		const app = await loadApp(config.buildDir);
		const server = http.createServer((req, res) => runtime.handleRequest(req, res, app));
		server.on('upgrade', (req, socket, head) => {
			if (!runtime.handleUpgrade(req, socket, head)) socket.destroy();
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(config.port, config.host, () => {
				server.off('error', reject);
				resolve();
			});
		});
		const address = server.address();
		const port = typeof address === 'object' && address ? address.port : config.port;
		const host = config.host.includes(':') ? `[${config.host}]` : config.host;
		return {
			url: `http://${host}:${port}`,
			port,
			seeded: runtime.seeded,
			async close() {
				const stopped = new Promise((resolve) => server.close(resolve));
				server.closeAllConnections();
				await runtime.close();
				await stopped;
			}
		};
	} catch (error) {
		await runtime.close();
		throw error;
	}
}
