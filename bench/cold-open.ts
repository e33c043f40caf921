import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench, BenchContext } from './context';
import { FULL_SCALE, LARGE_COMMUNITY, QUICK_SCALE, largeCommunity, workingSetOf } from './large-community';
import { openClient, type Target, type Traffic } from './load/clients';
import { formatNumber } from './report';
import { openDocumentsFile } from './servers/debounced-store';
import { startServerProcess } from './support/processes';
import { startOurRelay } from './support/relay';
import { relayMetric, relayUnloaded } from './support/wait';
import { interleaved, median } from './stats';

const LOAD_SECONDS = 'gongzhi_store_latency_seconds_sum{operation="load"}';
const LABEL = 'bare @hocuspocus/server 3.4.4 + extension-database-style SQLite store';

/** Opens the working set as the app does (one socket, a provider per document): ms until all synced, bytes received. */
async function openWorkingSet(target: Omit<Target, 'traffic'>, names: string[]): Promise<{ ms: number; traffic: Traffic }> {
	const traffic: Traffic = { sent: 0, received: 0 };
	const started = performance.now();
	const clients = names.map((name) => openClient({ ...target, traffic }, name));
	await Promise.all(clients.map((c) => c.synced));
	const ms = performance.now() - started;
	for (const c of clients) c.destroy();
	return { ms, traffic };
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
			log(`  our relay: working set synced in ${formatNumber(opened.ms)} ms (store reads ${formatNumber(storeMs)} ms of it), ${formatNumber(opened.traffic.received)} bytes received`);
			// Cold again: the next open must load from the store, not find the documents in memory.
			await relayUnloaded(port);
			return opened;
		});
		const bytes = median(opens.ours.map((o) => o.traffic.received));
		log(`  ${LABEL}: ${opens.bare.map((o) => `${formatNumber(o.ms)} ms`).join(', ')}`);
		return [
			{ name: 'cold open: relay loads the working set from the store and syncs it', value: median(opens.ours.map((o) => o.ms)), unit: 'ms', baseline: LABEL, baselineValue: median(opens.bare.map((o) => o.ms)), goal: 'value < 150' as const },
			{ name: 'cold open: initial sync bytes of the working set', value: bytes, unit: 'bytes', baseline: 'encodeStateAsUpdate of the working set', baselineValue: workingSetBytes, goal: 'ratio <= 1.1' as const }
		];
	} finally {
		await Promise.all([ours.close(), bare.stop()]);
		rmSync(dir, { recursive: true, force: true });
	}
}

export const coldOpen: Bench = { name: 'cold open of a large community (relay)', run };
