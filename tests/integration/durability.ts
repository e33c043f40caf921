import type { HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import {
	addGrid,
	exportCommunity,
	getGrid,
	getServiceEntry,
	listServiceLog,
	logService,
	periodDocName,
	periodOf,
	rootDocName,
	updateGrid
} from '../../src/lib/model';
import { docOf } from '../../server/store/documents';
import { openStore } from '../../server/store/open';
import { Acknowledgements } from './acknowledgements';
import { canonical, connect, getJson, login, socketTo, waitFor, type Client } from './clients';
import { startServer, type RunningServer } from './harness';
import { seededRandom } from '../../server/seed/random';

/** A demo community and its secretary, who may write both documents edited here. */
const COMMUNITY = 'wenyuan';
const USER = 'wenyuan-sec';

export interface TrialOptions {
	clients: number;
	/** Edits per client. */
	edits: number;
	/** SIGKILLs of the relay while clients edit, each followed by a restart on the same data. */
	kills: number;
	/** Seeds the kill moments and the pauses between edits; random when not given. */
	seed?: number;
	/** Longest pause between two edits of one client, in ms (each pause is random up to it). */
	paceMs?: number;
	/** PostgreSQL instead of the data dir's SQLite file. */
	databaseUrl?: string;
}

export interface TrialResult {
	seed: number;
	edits: number;
	/** Edits acknowledged by the end (all of them, once every client has synced). */
	acknowledged: number;
	/** Per kill: the edits acknowledged before it, every one of them found in the store it left. */
	acknowledgedAtKill: number[];
	/** Per kill: ms from the SIGKILL to the restarted relay listening. */
	restartMs: number[];
	/**
	 * Times a provider's `unsyncedChanges` fell to 0 while one of its edits was not acknowledged:
	 * after a reconnection, updates queued offline are acknowledged before the sync that carries
	 * the rest (the count was reset to 1 by then).
	 */
	earlyZeros: number;
	durationMs: number;
}


/** One edit: which document, the clocks of its own changes there, and what to look for. */
interface Edit {
	label: string;
	name: string;
	from: number;
	to: number;
	/** The service entry it logged, if that is what it did. */
	entry?: string;
	/** Set once the relay acknowledged every change of it (which stays true). */
	acknowledged?: boolean;
	/** Whether these documents hold it: its entry, its grid, or the grid's households at least as high. */
	in(root: Y.Doc, period: Y.Doc): boolean;
}

interface TrialClient {
	index: number;
	tracker: Acknowledgements;
	socket: HocuspocusProviderWebsocket;
	root: Client;
	period: Client;
	edits: Edit[];
	/** The households its grid was last given. */
	households: number;
}

type Made = { c: TrialClient; e: Edit };

const gridOf = (c: TrialClient) => `dur-${c.index}`;
const some = (made: Made[]) => made.slice(0, 10).map(({ e }) => e.label).join(', ');
const isAcknowledged = ({ c, e }: Made) => (e.acknowledged ||= c.tracker.acknowledged(e.name, e.from, e.to));

async function openClient(server: RunningServer, index: number, token: string, names: string[]): Promise<TrialClient> {
	const tracker = new Acknowledgements();
	const socket = socketTo(server, { fastReconnect: true, WebSocketPolyfill: tracker.socketClass() });
	const [root, period] = await Promise.all(names.map((name) => connect(server, name, token, socket)));
	tracker.watch(names[0], root.doc);
	tracker.watch(names[1], period.doc);
	return { index, tracker, socket, root, period, edits: [], households: 0 };
}

function closeAll(clients: TrialClient[]): void {
	for (const c of clients.splice(0)) {
		c.root.close();
		c.period.close();
		c.socket.destroy();
	}
}

/** Edit `i` of a client: its own grid first, then by turns its grid's households and a service entry. */
function edit(c: TrialClient, i: number, at: number): void {
	const grid = gridOf(c);
	const target = i % 2 === 0 && i > 0 ? c.period : c.root;
	const clock = () => Y.getState(target.doc.store, target.doc.clientID);
	const from = clock();
	const label = `client ${c.index} edit ${i}`;
	const name = target.provider.configuration.name;
	if (target === c.period) {
		const entry = logService(target.doc, { kind: 'patrol', userId: 'durability', at, grid, minutes: 1 + (i % 60) });
		const found = (_root: Y.Doc, period: Y.Doc) => getServiceEntry(period, entry) !== null;
		c.edits.push({ label, name, from, to: clock(), entry, in: found });
	} else {
		const households = (c.households = 100 + i);
		if (i === 0) addGrid(target.doc, { id: grid, name: `耐久第${c.index}网格`, households });
		else updateGrid(target.doc, grid, { households });
		const found = (root: Y.Doc) => (getGrid(root, grid)?.households ?? -1) >= households;
		c.edits.push({ label, name, from, to: clock(), in: found });
	}
}

/** At the end: a fresh client and export.json hold every edit, and every replica is the same. */
async function checkFinal(server: RunningServer, token: string, names: string[], clients: TrialClient[]): Promise<void> {
	const socket = socketTo(server);
	const [root, period] = await Promise.all(names.map((name) => connect(server, name, token, socket)));
	try {
		const view = (r: Client, p: Client) => canonical({ root: exportCommunity(r.doc), log: listServiceLog(p.doc) });
		await waitFor(
			'every replica the same as a fresh one',
			() => clients.every((c) => view(c.root, c.period) === view(root, period)),
			60_000
		);
		const made = clients.flatMap((c) => c.edits.map((e) => ({ c, e })));
		const lost = made.filter(({ e }) => !e.in(root.doc, period.doc));
		if (lost.length) throw new Error(`${lost.length} edits missing at the end: ${some(lost)}`);
		const exported = (await getJson(server, `/api/communities/${COMMUNITY}/export.json`, token)).body;
		const wrong = clients.filter((c) => exported.grids[gridOf(c)]?.households !== c.households);
		if (wrong.length) throw new Error(`export.json has other households for the grids of clients ${wrong.map((c) => c.index)}`);
		const unexported = made.filter(({ e }) => e.entry && !(e.entry in exported.serviceLog));
		if (unexported.length) throw new Error(`export.json lacks ${unexported.length} service entries: ${some(unexported)}`);
	} finally {
		root.close();
		period.close();
		socket.destroy();
	}
}

/**
 * N clients edit two documents of one community while the relay is killed with SIGKILL at
 * random moments and restarted. After each kill, before the restart, every edit a client had
 * seen acknowledged must be in the store as the crash left it; at the end every edit must be in
 * the documents a fresh client opens and in export.json, and every replica must be the same.
 * Throws with the seed (DURABILITY_SEED replays the kill moments and the pace) on any loss.
 */
export async function runDurabilityTrial(options: TrialOptions): Promise<TrialResult> {
	const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
	const random = seededRandom(seed);
	const started = Date.now();
	const total = options.clients * options.edits;
	const names = [rootDocName(COMMUNITY), periodDocName(COMMUNITY, periodOf(started))];
	const result: TrialResult = {
		seed,
		edits: total,
		acknowledged: 0,
		acknowledgedAtKill: [],
		restartMs: [],
		earlyZeros: 0,
		durationMs: 0
	};
	const clients: TrialClient[] = [];
	const made = () => clients.flatMap((c) => c.edits.map((e) => ({ c, e })));
	const acknowledged = () => made().filter(isAcknowledged);
	const server = await startServer({ env: options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {} });
	let stopped = false;

	/** While the relay is down: the store as the crash left it holds every acknowledged edit. */
	const checkStore = async (kill: number) => {
		const expected = acknowledged();
		const store = await openStore(
			{ dataDir: server.dataDir, databaseUrl: options.databaseUrl ?? null, retentionSeconds: 86400, sqliteSynchronous: 'normal' },
			{ warn: () => undefined }
		);
		try {
			const [root, period] = await Promise.all(names.map(async (name) => docOf(name, await store.loadDocument(name))));
			const lost = expected.filter(({ e }) => !e.in(root, period));
			if (lost.length) throw new Error(`kill ${kill} lost ${lost.length} acknowledged edits: ${some(lost)}`);
		} finally {
			await store.close();
		}
		result.acknowledgedAtKill.push(expected.length);
	};

	try {
		const { token } = await login(server, USER);
		for (let i = 0; i < options.clients; i++) clients.push(await openClient(server, i, token, names));
		for (const c of clients) {
			for (const replica of [c.root, c.period]) {
				const name = replica.provider.configuration.name;
				let previous = 0;
				replica.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
					const fell = number === 0 && previous > 0;
					previous = number;
					if (fell && c.edits.some((e) => e.name === name && !isAcknowledged({ c, e }))) result.earlyZeros++;
				});
			}
		}
		const editing = clients.map(async (c) => {
			const pause = seededRandom(seed + 1 + c.index);
			for (let i = 0; i < options.edits; i++) {
				await new Promise((resolve) => setTimeout(resolve, pause() * (options.paceMs ?? 150)));
				edit(c, i, started);
			}
		});

		// Moments counted in acknowledged edits, which only grow while the relay is up and clients
		// are connected; and at least one more since the last kill, so that a kill never falls
		// into the previous restart's gap.
		const moments = Array.from({ length: options.kills }, () => 1 + Math.floor(random() * total * 0.9));
		for (const [k, moment] of moments.sort((a, b) => a - b).entries()) {
			const before = result.acknowledgedAtKill.at(-1) ?? 0;
			await waitFor(
				`${moment} of ${total} edits acknowledged`,
				() => {
					const count = acknowledged().length;
					return count >= moment && (count > before || count === total);
				},
				120_000
			);
			const killed = Date.now();
			await server.restart('SIGKILL', () => checkStore(k + 1));
			result.restartMs.push(Date.now() - killed);
		}

		await Promise.all(editing);
		await waitFor('every edit acknowledged', () => acknowledged().length === total, 60_000);
		result.acknowledged = total;
		await checkFinal(server, token, names, clients);
		closeAll(clients);
		stopped = true;
		await server.stop();
		result.durationMs = Date.now() - started;
		return result;
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		throw new Error(`durability trial with seed ${seed} (DURABILITY_SEED=${seed} replays it): ${message}`, {
			cause: error
		});
	} finally {
		if (!stopped) {
			closeAll(clients);
			await server.stop().catch(() => undefined);
		}
	}
}
