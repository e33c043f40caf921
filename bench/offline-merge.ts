import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { collection, logService, periodDocName, shiftPeriod } from '../src/lib/model';
import type { Bench, BenchContext } from './context';
import { countingSocket, type Traffic } from './load/clients';
import { formatNumber } from './report';
import { startServerProcess } from './support/processes';
import { benchCommunities, startOurRelay } from './support/relay';
import { until } from './support/wait';
import { interleaved, median } from './stats';

const EDITS = 1000;
const LABEL = 'bare @hocuspocus/server 3.4.4';

interface Replica {
	doc: Y.Doc;
	socket: HocuspocusProviderWebsocket;
	provider: HocuspocusProvider;
	traffic: Traffic;
	/** Bytes of the updates its own edits made. */
	edited: number;
}

async function replica(url: string, name: string, token: string): Promise<Replica> {
	const traffic: Traffic = { sent: 0, received: 0 };
	const doc = new Y.Doc();
	const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: countingSocket(traffic) });
	const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc, token });
	const synced = new Promise((resolve) => provider.on('synced', resolve));
	provider.attach();
	await synced;
	return { doc, socket, provider, traffic, edited: 0 };
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

/** Two replicas edit offline, then reconnect together: ms until both hold every edit, bytes both moved meanwhile. */
async function merge(url: string, name: string, token: string): Promise<{ ms: number; wire: number; edited: number }> {
	const a = await replica(url, name, token);
	const b = await replica(url, name, token);
	try {
		await editOffline(a, 'merge-a');
		await editOffline(b, 'merge-b');
		for (const r of [a, b]) r.traffic.sent = r.traffic.received = 0;
		const started = performance.now();
		void a.socket.connect();
		void b.socket.connect();
		const entries = (r: Replica) => collection(r.doc, 'serviceLog').size;
		await until(() => entries(a) === 2 * EDITS && entries(b) === 2 * EDITS, 'both replicas to hold every edit', { everyMs: 2 });
		const ms = performance.now() - started;
		const wire = a.traffic.sent + a.traffic.received + b.traffic.sent + b.traffic.received;
		return { ms, wire, edited: a.edited + b.edited };
	} finally {
		for (const r of [a, b]) {
			r.provider.destroy();
			r.socket.destroy();
		}
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
					? await merge(ours.server.url('/sync'), name, ours.token)
					: await merge(bare.url(''), name, 'none');
			log(`  ${configuration === 'ours' ? 'our relay' : LABEL}: converged in ${formatNumber(result.ms)} ms, ` +
				`${formatNumber(result.wire)} bytes on the wire for ${formatNumber(result.edited)} bytes of edits`);
			return result;
		});
		const edited = median(runs.ours.map((r) => r.edited));
		return [
			{ name: `offline merge, 2 clients × ${EDITS} edits: time to convergence`, value: median(runs.ours.map((r) => r.ms)), unit: 'ms', baseline: LABEL, baselineValue: median(runs.bare.map((r) => r.ms)) },
			{ name: `offline merge, 2 clients × ${EDITS} edits: bytes on the wire (both ways)`, value: median(runs.ours.map((r) => r.wire)), unit: 'bytes', baseline: "2 × the edits' own update sizes (each edit goes up once and down once)", baselineValue: 2 * edited, goal: 'ratio <= 1.2' as const }
		];
	} finally {
		await Promise.all([ours.close(), bare.stop()]);
	}
}

export const offlineMerge: Bench = { name: 'offline merge', run };
