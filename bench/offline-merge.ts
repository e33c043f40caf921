import 'fake-indexeddb/auto';
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { collection, logService, periodDocName, shiftPeriod } from '../src/lib/model';
import { Confirmer } from '../src/lib/sync/confirmations';
import { OfflineDatabase, OfflineDoc } from '../src/lib/sync/offline-store';
import { RelaySocket } from '../src/lib/sync/socket';
import { describeCounts } from '../tests/support/frames';
import type { Bench, BenchContext } from './context';
import { countingSocket, type Traffic } from './load/clients';
import { formatNumber } from './report';
import { startServerProcess } from './support/processes';
import { benchCommunities, startOurRelay } from './support/relay';
import { until } from './support/wait';
import { interleaved, median } from './stats';

const EDITS = 1000;
const LABEL = 'bare @hocuspocus/server 3.4.4';

type Kinds = NonNullable<Traffic['kinds']>;

interface Replica {
	doc: Y.Doc;
	socket: HocuspocusProviderWebsocket;
	provider: HocuspocusProvider;
	traffic: Traffic;
	/** Bytes of the updates its own edits made. */
	edited: number;
	/** Local changes the relay has not confirmed (the app's count), for our relay only. */
	pending(): number;
	destroy(): Promise<void>;
}

let databases = 0;

/**
 * A client as the app makes one: its socket (RelaySocket), and against our relay its offline
 * store and confirmations too, so that their traffic counts. The bare server has no
 * confirmations, and its client is the stock provider's socket.
 */
async function replica(url: string, name: string, token: string, app: boolean): Promise<Replica> {
	const traffic: Traffic = { sent: 0, received: 0, kinds: { sent: new Map(), received: new Map() } };
	const doc = new Y.Doc();
	const Socket = app ? RelaySocket : HocuspocusProviderWebsocket;
	const socket = new Socket({ url, WebSocketPolyfill: countingSocket(traffic) });
	let provider: HocuspocusProvider | null = null;
	const db = app ? new OfflineDatabase(`bench-merge-${process.pid}-${databases++}`) : null;
	const offline = db && new OfflineDoc(db, name, doc, (origin) => origin === provider);
	await offline?.whenLoaded;
	provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
	const confirmer = offline && new Confirmer(provider, offline, () => (socket as RelaySocket).open);
	const synced = new Promise((resolve) => provider!.on('synced', resolve));
	provider.attach();
	await synced;
	return {
		doc,
		socket,
		provider,
		traffic,
		edited: 0,
		pending: () => offline?.pending ?? 0,
		async destroy() {
			confirmer?.destroy();
			provider!.destroy();
			socket.destroy();
			offline?.destroy();
			db?.close();
			await db?.delete();
		}
	};
}

/** Takes the replica offline and makes its edits there, each a service-log entry through the model. */
async function editOffline(r: Replica, who: string): Promise<void> {
	r.socket.disconnect();
	await until(() => r.socket.status === WebSocketStatus.Disconnected, 'the socket to close', { everyMs: 2 });
	const onUpdate = (update: Uint8Array) => (r.edited += update.byteLength);
	r.doc.on('update', onUpdate);
	const at = Date.now();
	for (let i = 0; i < EDITS; i++) {
		logService(r.doc, { kind: 'patrol', userId: who, at: at + i, grid: 'g01', minutes: 1 + (i % 90), note: `离线巡查记录 ${i}` }, { by: who, at: at + i });
	}
	r.doc.off('update', onUpdate);
}

/**
 * Two replicas edit offline, then reconnect together: ms until both hold every edit, and the
 * bytes both moved until then and (our relay) until the relay had confirmed every edit to both.
 */
async function merge(url: string, name: string, token: string, app: boolean): Promise<{ ms: number; wire: number; edited: number; kinds: Kinds }> {
	const a = await replica(url, name, token, app);
	const b = await replica(url, name, token, app);
	try {
		await editOffline(a, 'merge-a');
		await editOffline(b, 'merge-b');
		for (const r of [a, b]) {
			r.traffic.sent = r.traffic.received = 0;
			r.traffic.kinds = { sent: new Map(), received: new Map() };
		}
		const started = performance.now();
		void a.socket.connect();
		void b.socket.connect();
		const entries = (r: Replica) => collection(r.doc, 'serviceLog').size;
		await until(() => entries(a) === 2 * EDITS && entries(b) === 2 * EDITS, 'both replicas to hold every edit', { everyMs: 2 });
		const ms = performance.now() - started;
		await until(() => a.pending() === 0 && b.pending() === 0, 'the relay to confirm every edit', { everyMs: 5 });
		const wire = a.traffic.sent + a.traffic.received + b.traffic.sent + b.traffic.received;
		return { ms, wire, edited: a.edited + b.edited, kinds: a.traffic.kinds! };
	} finally {
		await Promise.all([a.destroy(), b.destroy()]);
	}
}

async function run({ quick, log }: BenchContext) {
	const [community] = benchCommunities(1);
	const ours = await startOurRelay({ communities: [community] });
	const bare = await startServerProcess('bench/servers/hocuspocus.ts', {});
	let month = 0;
	try {
		const runs = await interleaved(['ours', 'bare'] as const, quick ? 1 : 3, async (configuration) => {
			// A fresh document each time: a month of its own.
			const name = periodDocName(community, shiftPeriod('2020-01', -month++));
			const result =
				configuration === 'ours'
					? await merge(ours.server.url('/sync'), name, ours.token, true)
					: await merge(bare.url(''), name, 'none', false);
			log(`  ${configuration === 'ours' ? 'our relay, the app’s client' : `${LABEL}, the stock provider`}: converged in ${formatNumber(result.ms)} ms, ` +
				`${formatNumber(result.wire)} bytes on the wire for ${formatNumber(result.edited)} bytes of edits\n` +
				`    one client sent: ${describeCounts(result.kinds.sent)}\n    and received: ${describeCounts(result.kinds.received)}`);
			return result;
		});
		const edited = median(runs.ours.map((r) => r.edited));
		return [
			{ name: `offline merge, 2 clients × ${EDITS} edits: time to convergence`, value: median(runs.ours.map((r) => r.ms)), unit: 'ms', baseline: LABEL, baselineValue: median(runs.bare.map((r) => r.ms)) },
			{ name: `offline merge, 2 clients × ${EDITS} edits: bytes on the wire (both ways, confirmations included)`, value: median(runs.ours.map((r) => r.wire)), unit: 'bytes', baseline: "2 × the edits' own update sizes (each edit goes up once and down once)", baselineValue: 2 * edited, goal: 'ratio <= 1.2' as const }
		];
	} finally {
		await Promise.all([ours.close(), bare.stop()]);
	}
}

export const offlineMerge: Bench = { name: 'offline merge', run };
