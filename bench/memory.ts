import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocName } from '../src/lib/model';
import type { Bench, BenchContext } from './context';
import { FULL_SCALE, LARGE_COMMUNITY, QUICK_SCALE, largeCommunity, workingSetOf } from './large-community';
import { openFamily, type Family } from './load/clients';
import type { MemoryInput, MemoryMessage } from './load/memory-relay';
import { formatNumber } from './report';
import { startGenerator } from './support/processes';
import { login, prepareStore } from './support/relay';
import { relayUnloaded } from './support/wait';

type Heap = Extract<MemoryMessage, { type: 'heap' }>;
const MB = 2 ** 20;

/**
 * The heap once it stops falling: sampled every half second (each after a full collection)
 * until two samples agree within 1%, at most ten. Right after the last document unloads, the
 * relay may still be finishing with what its closing sockets and last sends held; a leak stays.
 */
async function settledHeap(heap: () => Promise<number>): Promise<{ bytes: number; samples: number[] }> {
	const samples = [await heap()];
	while (samples.length < 10) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		samples.push(await heap());
		if (Math.abs(samples.at(-1)! - samples.at(-2)!) <= 0.01 * samples.at(-2)!) break;
	}
	return { bytes: samples.at(-1)!, samples };
}

/**
 * The relay's heap per loaded document against bare Y.Docs holding the same documents, and the
 * heap once the documents are unloaded against its idle level. The documents are the large
 * community's months (the periods a busy relay holds), opened over one socket as the app does.
 */
async function run({ quick, log }: BenchContext) {
	const scale = quick ? QUICK_SCALE : FULL_SCALE;
	const { states } = largeCommunity(scale);
	const periods = [...states.keys()].filter((name) => parseDocName(name)?.kind === 'period');
	const encoded = periods.reduce((sum, name) => sum + states.get(name)!.byteLength, 0);

	const floor = startGenerator<MemoryMessage>('bench/load/memory-relay.ts', { type: 'input', mode: 'floor', scale, names: periods } satisfies MemoryInput);
	const floorBytes = (await floor.next<Heap>('heap')).bytes;
	await floor.exit();

	const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-memory-'));
	await prepareStore({ dataDir, databaseUrl: null }, [LARGE_COMMUNITY], states);
	const relay = startGenerator<MemoryMessage>('bench/load/memory-relay.ts', { type: 'input', mode: 'relay', dataDir } satisfies MemoryInput, { LOG_LEVEL: 'warn' });
	let family: Family | null = null;
	try {
		const { port } = await relay.next<Extract<MemoryMessage, { type: 'ready' }>>('ready');
		const heap = async () => {
			relay.send({ type: 'heap' });
			return (await relay.next<Heap>('heap')).bytes;
		};
		const target = { protocol: 'hocuspocus' as const, url: `ws://127.0.0.1:${port}/sync`, token: await login(port) };
		// Once through first, so that code loaded and caches filled on first use count as idle.
		const first = openFamily(target, workingSetOf());
		await first.synced;
		first.destroy();
		await relayUnloaded(port);
		const idle = await heap();
		family = openFamily(target, periods);
		await family.synced;
		const loaded = await heap();
		family.destroy();
		family = null;
		await relayUnloaded(port);
		const after = await settledHeap(heap);
		const perDocument = (loaded - idle) / periods.length;
		log(`${periods.length} period documents, ${formatNumber(encoded / periods.length / 1e3)} kB encoded each on average`);
		log(`relay heap: idle ${formatNumber(idle / MB)} MB, loaded ${formatNumber(loaded / MB)} MB, after unloading ${after.samples.map((b) => formatNumber(b / MB)).join(' → ')} MB; ` +
			`bare Y.Docs: ${formatNumber(floorBytes / MB)} MB (${formatNumber(floorBytes / encoded)}× the encoded size)`);
		return [
			{ name: 'relay heap per loaded period document', value: perDocument / 1e3, unit: 'kB', baseline: 'bare Y.Doc holding the same document', baselineValue: floorBytes / periods.length / 1e3, goal: 'ratio <= 1.2' as const },
			{ name: 'relay heap after its documents unloaded (settled)', value: after.bytes / MB, unit: 'MB', baseline: 'relay heap idle, before loading them', baselineValue: idle / MB, goal: 'ratio <= 1.1' as const }
		];
	} finally {
		family?.destroy();
		relay.send({ type: 'stop' });
		await relay.exit();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

export const memory: Bench = { name: 'memory per loaded document', run };
