/**
 * The process whose heap the memory benchmark reads, with `--expose-gc`: either our relay
 * (server/app.ts's `startServer`, as server/index.ts runs it) on a prepared data directory, or
 * bare Y.Docs holding the same documents — the CRDT's own floor. Answers "heap" with the heap
 * used after a full collection.
 */
import * as Y from 'yjs';
import { startServer } from '../../server/app';
import { loadConfig } from '../../server/config';
import { largeCommunity, type Scale } from '../large-community';
import { generatorInput, reply } from '../support/processes';
import { stopBy } from './clients';

export type MemoryInput =
	| { type: 'input'; mode: 'relay'; dataDir: string }
	| { type: 'input'; mode: 'floor'; scale: Scale; names: string[] };

export type MemoryMessage = { type: 'ready'; port: number } | { type: 'heap'; bytes: number };

const gc = globalThis.gc!;
function heapUsed(): number {
	gc();
	gc();
	return process.memoryUsage().heapUsed;
}

const input = await generatorInput<MemoryInput>();
stopBy(600_000);
if (input.mode === 'relay') {
	const server = await startServer(loadConfig({ DATA_DIR: input.dataDir, SEED: 'none', PORT: '0', HOST: '127.0.0.1' }));
	process.on('message', (message: { type: string }) => {
		if (message.type === 'heap') void reply<MemoryMessage>({ type: 'heap', bytes: heapUsed() });
		if (message.type === 'stop') void server.close().then(() => process.exit(0));
	});
	await reply<MemoryMessage>({ type: 'ready', port: server.port });
} else {
	const { states } = largeCommunity(input.scale);
	const updates = input.names.map((name) => states.get(name)!);
	states.clear();
	const before = heapUsed();
	const docs = updates.map((update) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		return doc;
	});
	updates.length = 0;
	const bytes = heapUsed() - before;
	await reply<MemoryMessage>({ type: 'heap', bytes });
	docs.forEach((doc) => doc.destroy());
	process.exit(0);
}
