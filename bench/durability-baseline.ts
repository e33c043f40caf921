import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { Acknowledgements } from '../tests/integration/acknowledgements';
import { openDocumentsFile } from './servers/debounced-store';
import { startServerProcess, type ServerProcess } from './support/processes';
import { until } from './support/wait';

const NAME = 'durability';

interface Edit {
	key: string;
	from: number;
	to: number;
	acknowledged: boolean;
}

interface TrialClient {
	tracker: Acknowledgements;
	socket: HocuspocusProviderWebsocket;
	provider: HocuspocusProvider;
	doc: Y.Doc;
	edits: Edit[];
}

export interface BaselineTrial {
	clients: number;
	edits: number;
	kills: number;
}

export interface BaselineResult {
	/** Acknowledged edits missing from the store as a kill left it, counted once each. */
	lost: number;
	/** Per kill: the edits acknowledged before it. */
	acknowledgedAtKill: number[];
}

/**
 * The durability trial against the baseline: a bare Hocuspocus storing the whole document on
 * its debounce as `@hocuspocus/extension-database` does. Clients edit one document; the server
 * is killed with SIGKILL at random moments (counted in acknowledged edits, as the trial of
 * tests/integration/durability.ts does) and restarted on the same file and port; after each
 * kill, the acknowledged edits missing from the file are counted.
 */
export async function runBaselineTrial(options: BaselineTrial): Promise<BaselineResult> {
	const dir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-durability-'));
	const file = join(dir, 'documents.sqlite');
	let server: ServerProcess = await startServerProcess('bench/servers/hocuspocus.ts', { SQLITE_FILE: file });
	const clients: TrialClient[] = [];
	const lost = new Set<string>();
	const acknowledgedAtKill: number[] = [];
	const isAcknowledged = (c: TrialClient, e: Edit) => (e.acknowledged ||= c.tracker.acknowledged(NAME, e.from, e.to));
	const acknowledged = () => clients.flatMap((c) => c.edits.filter((e) => isAcknowledged(c, e)));
	try {
		for (let i = 0; i < options.clients; i++) {
			const tracker = new Acknowledgements();
			const socket = new HocuspocusProviderWebsocket({ url: server.url(''), WebSocketPolyfill: tracker.socketClass(), delay: 50, minDelay: 20, maxDelay: 200, factor: 1.5 });
			const doc = new Y.Doc();
			const provider = new HocuspocusProvider({ websocketProvider: socket, name: NAME, document: doc, token: 'none' });
			tracker.watch(NAME, doc);
			const synced = new Promise((resolve) => provider.on('synced', resolve));
			provider.attach();
			await synced;
			clients.push({ tracker, socket, provider, doc, edits: [] });
		}
		const editing = clients.map(async (c, index) => {
			for (let i = 0; i < options.edits; i++) {
				await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
				const from = Y.getState(c.doc.store, c.doc.clientID);
				const key = `client ${index} edit ${i}`;
				c.doc.getMap('edits').set(key, i);
				c.edits.push({ key, from, to: Y.getState(c.doc.store, c.doc.clientID), acknowledged: false });
			}
		});
		const total = options.clients * options.edits;
		const moments = Array.from({ length: options.kills }, () => 1 + Math.floor(Math.random() * total * 0.9)).sort((a, b) => a - b);
		for (const moment of moments) {
			const before = acknowledgedAtKill.at(-1) ?? 0;
			await until(() => {
				const count = acknowledged().length;
				return count >= moment && (count > before || count === total);
			}, `${moment} of ${total} edits acknowledged`, { timeoutMs: 120_000 });
			const expected = acknowledged();
			const port = server.port;
			await server.kill();
			const documents = openDocumentsFile(file);
			const stored = new Y.Doc();
			const state = documents.fetch(NAME);
			if (state) Y.applyUpdate(stored, state);
			documents.close();
			for (const e of expected) if (!stored.getMap('edits').has(e.key)) lost.add(e.key);
			stored.destroy();
			acknowledgedAtKill.push(expected.length);
			server = await startServerProcess('bench/servers/hocuspocus.ts', { SQLITE_FILE: file }, port);
		}
		await Promise.all(editing);
		return { lost: lost.size, acknowledgedAtKill };
	} finally {
		for (const c of clients) {
			c.provider.destroy();
			c.socket.destroy();
		}
		await server.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}
