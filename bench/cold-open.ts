import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench, BenchContext } from './context';
import { FULL_SCALE, LARGE_COMMUNITY, QUICK_SCALE, largeCommunity, workingSetOf } from './large-community';
import * as decoding from 'lib0/decoding';
import { openFamily, type Target, type Traffic } from './load/clients';
import { formatNumber } from './report';
import { openDocumentsFile } from './servers/debounced-store';
import { startServerProcess } from './support/processes';
import { startOurRelay } from './support/relay';
import { relayMetric, relayUnloaded } from './support/wait';
import { interleaved, median } from './stats';

const LOAD_SECONDS = 'gongzhi_store_latency_seconds_sum{operation="load"}';
const LABEL = 'bare @hocuspocus/server 3.4.4 + extension-database-style SQLite store';

const SYNC = 0;
const SYNC_STEP_2 = 1;

interface Opened {
	/** ms until the relay's sync step 2 (the document's state) of every document had arrived. */
	served: number;
	/** ms until every document was synced on the client (applied there too). */
	synced: number;
	traffic: Traffic;
}

/**
 * Opens the working set as the app does (one socket, a provider per document). The relay
 * answers each document's sync step 1 with its state once it has loaded it: the arrival of the
 * last of those answers is the relay's part, the client's own apply comes after.
 */
async function openWorkingSet(target: Omit<Target, 'traffic'>, names: string[]): Promise<Opened> {
	const answered = new Map<string, number>();
	const traffic: Traffic = {
		sent: 0,
		received: 0,
		onReceived(frame) {
			const decoder = decoding.createDecoder(frame);
			const name = decoding.readVarString(decoder);
			// Other messages (authentication, status) may end before a sync step would.
			if (decoding.hasContent(decoder) && decoding.readVarUint(decoder) === SYNC && decoding.hasContent(decoder)) {
				if (decoding.readVarUint(decoder) === SYNC_STEP_2) answered.set(name, performance.now());
			}
		}
	};
	const started = performance.now();
	const family = openFamily({ ...target, traffic }, names);
	await family.synced;
	const synced = performance.now() - started;
	family.destroy();
	return { served: Math.max(...names.map((name) => answered.get(name) ?? NaN)) - started, synced, traffic };
}

async function run({ quick, log }: BenchContext) {
	const { states, generatedMs } = largeCommunity(quick ? QUICK_SCALE : FULL_SCALE);
	const total = [...states.values()].reduce((sum, s) => sum + s.byteLength, 0);
	log(`community: ${states.size} documents, ${formatNumber(total / 1e6)} MB encoded` +
		(generatedMs === null ? ' (from bench/.cache)' : `, generated in ${formatNumber(generatedMs / 1000)} s and cached`));
	const names = workingSetOf();
	const workingSetBytes = names.reduce((sum, name) => sum + (states.get(name)?.byteLength ?? 0), 0);
	log(`working set: ${names.join(', ')}: ${formatNumber(workingSetBytes / 1e3)} kB encoded`);

	const ours = await startOurRelay({ communities: [LARGE_COMMUNITY], documents: states });
	const dir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-hp-'));
	const file = join(dir, 'documents.sqlite');
	const documents = openDocumentsFile(file);
	for (const [name, state] of states) documents.store(name, state);
	documents.close();
	const bare = await startServerProcess('bench/servers/hocuspocus.ts', { SQLITE_FILE: file });
	const port = ours.server.port;
	try {
		const opens = await interleaved(['ours', 'bare'] as const, quick ? 2 : 5, async (configuration) => {
			if (configuration === 'bare') return openWorkingSet({ protocol: 'hocuspocus', url: bare.url(''), token: 'none' }, names);
			const loadsBefore = (await relayMetric(port, LOAD_SECONDS)) || 0;
			const opened = await openWorkingSet({ protocol: 'hocuspocus', url: ours.server.url('/sync'), token: ours.token }, names);
			const storeMs = ((await relayMetric(port, LOAD_SECONDS)) - loadsBefore) * 1000;
			log(`  our relay: working set served in ${formatNumber(opened.served)} ms (store reads ${formatNumber(storeMs)} ms of it), ` +
				`synced on the client in ${formatNumber(opened.synced)} ms, ${formatNumber(opened.traffic.received)} bytes received`);
			// Cold again: the next open must load from the store, not find the documents in memory.
			await relayUnloaded(port);
			return opened;
		});
		const bytes = median(opens.ours.map((o) => o.traffic.received));
		log(`  ${LABEL}: served in ${opens.bare.map((o) => `${formatNumber(o.served)} ms`).join(', ')}`);
		return [
			{ name: 'cold open: relay loads the working set from the store and sends it', value: median(opens.ours.map((o) => o.served)), unit: 'ms', baseline: LABEL, baselineValue: median(opens.bare.map((o) => o.served)), goal: 'value < 150' as const },
			{ name: 'cold open: initial sync bytes of the working set', value: bytes, unit: 'bytes', baseline: 'encodeStateAsUpdate of the working set', baselineValue: workingSetBytes, goal: 'ratio <= 1.1' as const }
		];
	} finally {
		await Promise.all([ours.close(), bare.stop()]);
		rmSync(dir, { recursive: true, force: true });
	}
}

export const coldOpen: Bench = { name: 'cold open of a large community (relay)', run };
