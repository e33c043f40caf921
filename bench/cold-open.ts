import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench, BenchContext } from './context';
import { FULL_SCALE, LARGE_COMMUNITY, QUICK_SCALE, largeCommunity, workingSetOf } from './large-community';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { authMessage, readMessage, syncStep1Message, SYNC_STEP_2 } from './load/raw';
import { formatNumber } from './report';
import { openDocumentsFile } from './servers/debounced-store';
import { startServerProcess } from './support/processes';
import { startOurRelay } from './support/relay';
import { relayMetric, relayUnloaded } from './support/wait';
import { interleaved, median } from './stats';

const LOAD_SECONDS = 'gongzhi_store_latency_seconds_sum{operation="load"}';
const LABEL = 'bare @hocuspocus/server 3.4.4 + extension-database-style SQLite store';

interface Opened {
	/** ms until the relay's sync step 2 (the document's state) of every document had arrived. */
	served: number;
	/** ms the client then took to apply them all (not the relay's part). */
	applied: number;
	/** Every byte received, authentication and the relay's own sync step 1 included. */
	received: number;
}

/**
 * Opens the working set over one socket as the app does (a token and a sync step 1 per
 * document), but applies nothing while the relay answers: a provider applying the root's
 * 1.4 MB would hold back the reading of the other documents' answers, adding the client's
 * work to the relay's time. The answers are applied once all have arrived, to check them.
 */
async function openWorkingSet(target: { url: string; token: string }, names: string[]): Promise<Opened> {
	const started = performance.now();
	const socket = new WebSocket(target.url);
	socket.binaryType = 'nodebuffer';
	const states = new Map<string, Uint8Array>();
	let received = 0;
	let served = 0;
	const answered = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the working set was not served within 60 s (${states.size} of ${names.length})`)), 60_000);
		socket.on('error', reject);
		socket.on('message', (data: Buffer) => {
			received += data.byteLength;
			const { name, sync } = readMessage(data);
			if (sync?.step !== SYNC_STEP_2) return;
			states.set(name, sync.data);
			if (states.size < names.length) return;
			served = performance.now() - started;
			clearTimeout(timer);
			resolve();
		});
		socket.on('open', () => {
			for (const name of names) {
				socket.send(authMessage(name, target.token));
				socket.send(syncStep1Message(name));
			}
		});
	});
	try {
		await answered;
	} finally {
		socket.close();
	}
	const applying = performance.now();
	for (const name of names) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, states.get(name)!);
		if (!doc.share.size) throw new Error(`${name} was served empty`);
		doc.destroy();
	}
	return { served, applied: performance.now() - applying, received };
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
		// Once each first, not counted: "cold" is about documents not in memory, not about a
		// process that has never run Yjs's decoder (its first open took three times as long).
		const targets = { bare: { url: bare.url(''), token: 'none' }, ours: { url: ours.server.url('/sync'), token: ours.token } };
		await openWorkingSet(targets.bare, names);
		await openWorkingSet(targets.ours, names);
		await relayUnloaded(port);
		const opens = await interleaved(['ours', 'bare'] as const, quick ? 2 : 5, async (configuration) => {
			if (configuration === 'bare') return openWorkingSet(targets.bare, names);
			const loadsBefore = (await relayMetric(port, LOAD_SECONDS)) || 0;
			const opened = await openWorkingSet(targets.ours, names);
			const storeMs = ((await relayMetric(port, LOAD_SECONDS)) - loadsBefore) * 1000;
			log(`  our relay: working set served in ${formatNumber(opened.served)} ms (store reads ${formatNumber(storeMs)} ms of it), ` +
				`then applied by the client in ${formatNumber(opened.applied)} ms; ${formatNumber(opened.received)} bytes received`);
			// Cold again: the next open must load from the store, not find the documents in memory.
			await relayUnloaded(port);
			return opened;
		});
		const bytes = median(opens.ours.map((o) => o.received));
		log(`  ${LABEL}: served in ${opens.bare.map((o) => `${formatNumber(o.served)} ms`).join(', ')}`);
		return [
			{ name: 'cold open: relay loads the working set from the store and sends it', value: median(opens.ours.map((o) => o.served)), unit: 'ms', baseline: LABEL, baselineValue: median(opens.bare.map((o) => o.served)), goal: 'value < 150' as const },
			{ name: 'cold open: relay loads the working set from the store and sends it', value: median(opens.ours.map((o) => o.served)), unit: 'ms', baseline: 'Yjs applyUpdate of the same working set (the client, same runs)', baselineValue: median(opens.ours.map((o) => o.applied)) },
			{ name: 'cold open: initial sync bytes of the working set', value: bytes, unit: 'bytes', baseline: 'encodeStateAsUpdate of the working set', baselineValue: workingSetBytes, goal: 'ratio <= 1.1' as const }
		];
	} finally {
		await Promise.all([ours.close(), bare.stop()]);
		rmSync(dir, { recursive: true, force: true });
	}
}

export const coldOpen: Bench = { name: 'cold open of a large community (relay)', run };
