import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { Accounts } from './accounts/accounts';
import { createTokens, ensureSecret } from './accounts/tokens';
import { createApi } from './api';
import type { Router } from './api/router';
import { SYNC_PATH, type Config } from './config';
import { createRelay } from './relay/hocuspocus';
import { seedDemo, type SeedSummary } from './seed/demo';
import { openSqliteStore } from './store/sqlite';

/** Far above any single edit; a client resending a whole large document still fits. */
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** The server minus the listening socket: what `vite dev` attaches to its own HTTP server. */
export interface Runtime {
	api: Router;
	/** Takes the upgrade if it is for the relay; false leaves the socket to the caller. */
	handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
	/** Set when this start seeded the demo district. */
	seeded: SeedSummary | null;
	close(): Promise<void>;
}

export async function createRuntime(config: Config): Promise<Runtime> {
	const store = openSqliteStore(config.dataDir);
	try {
		const tokens = createTokens(ensureSecret(config.dataDir), config.tokenTtlSeconds);
		const accounts = new Accounts(store);
		const seeded =
			config.seed === 'demo' && store.listCommunities().length === 0 ? await seedDemo(store) : null;
		const relay = createRelay({ store, accounts, tokens });
		const api = createApi({
			store,
			accounts,
			tokens,
			metrics: relay.metrics,
			liveDocument: (name) => relay.hocuspocus.documents.get(name)
		});
		const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

		return {
			api,
			seeded,
			handleUpgrade(req, socket, head) {
				if (new URL(req.url ?? '/', 'http://localhost').pathname !== SYNC_PATH) return false;
				sockets.handleUpgrade(req, socket, head, (ws) => {
					// ws reports a bad frame (oversized, malformed) here and closes the socket; with
					// no listener the error would end the process and every other connection.
					ws.on('error', (error) => console.warn(`relay socket closed: ${error.message}`));
					relay.hocuspocus.handleConnection(ws, req);
				});
				return true;
			},
			async close() {
				// Sockets first, so no update arrives after the last snapshot is written.
				for (const ws of sockets.clients) ws.terminate();
				sockets.close();
				await relay.shutdown();
				store.close();
			}
		};
	} catch (error) {
		store.close();
		throw error;
	}
}

type AppHandler = (req: IncomingMessage, res: ServerResponse) => void;

function notBuilt(_req: IncomingMessage, res: ServerResponse): void {
	res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
	res.end(
		'<!doctype html><meta charset="utf-8"><title>共治 Workspace</title>' +
			'<p>app not built: run npm run build</p><p>应用尚未构建：请运行 npm run build</p>'
	);
}

/** The SvelteKit app from `npm run build` (adapter-node), or a page saying to build it. */
async function loadApp(): Promise<AppHandler> {
	const file = fileURLToPath(new URL('../build/handler.js', import.meta.url));
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
		const app = await loadApp();
		const server = http.createServer((req, res) => {
			runtime.api.handle(req, res).then((handled) => handled || app(req, res));
		});
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
