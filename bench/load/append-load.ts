/**
 * A durable-append load generator: its clients each keep `window` edits awaiting the relay's
 * acknowledgement, sending the next as soon as one is acknowledged, and count the
 * acknowledgements that arrive within the measured window.
 *
 * Each client's edits are made before the start, with the model's own functions, and kept as
 * the Hocuspocus messages that carry them; while measured, the generator only sends them and
 * reads acknowledgements. Made during the run through a provider, an edit cost the generator
 * more CPU than the relay: two generators sharing the load core were the ceiling (bare
 * Hocuspocus, which stores nothing, went no faster than 3,520 updates/s).
 */
import * as Y from 'yjs';
import { addGrid, updateGrid } from '../../src/lib/model';
import { fromParent, generatorInput, reply } from '../support/processes';
import { stopBy, type Target } from './clients';
import { openRawClient, type RawClient } from './raw';

export interface AppendInput {
	type: 'input';
	target: Target;
	docs: string[];
	clientsPerDoc: number;
	tag: string;
	window: number;
	/** Edits made beforehand per client; the measured window ends early when one client has sent them all. */
	editsPerClient: number;
	warmupMs: number;
	measureMs: number;
}

export interface AppendResult {
	acknowledged: number;
	/** How long the window was: `measureMs`, or less when a client ran out of edits (past that the load is capped). */
	measuredMs: number;
	/** Share of a core this generator used while measured. */
	cpu: number;
}

const input = await generatorInput<AppendInput>();
stopBy(120_000 + input.warmupMs + input.measureMs);

/**
 * One client's edits, each as its update: a grid made, then its boundary edited, a new grid
 * every 200 edits (each edit reads the grid's history, which would make thousands of edits to
 * one grid take minutes to make).
 */
function editsOf(grid: string): Uint8Array[] {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; updates.length < input.editsPerClient; i++) {
		const id = `${grid}-${Math.floor(i / 200)}`;
		if (i % 200 === 0) addGrid(doc, { id, name: `压测网格${id}`, households: 1 });
		updateGrid(doc, id, { boundary: `append ${i}` });
	}
	doc.destroy();
	return updates;
}

interface Client {
	raw: RawClient;
	edits: Uint8Array[];
	sent: number;
	acknowledged: number;
}

async function openClient(name: string, grid: string): Promise<Client> {
	const client = { edits: editsOf(grid), sent: 0, acknowledged: 0 } as Client;
	client.raw = await openRawClient(input.target, name, {
		onAcknowledged() {
			client.acknowledged++;
			pump(client);
		}
	});
	return client;
}

let running = false;
/** Resolves with the moment the first client sent its last edit. */
let ranOut: (at: number) => void;
const exhausted = new Promise<number>((resolve) => (ranOut = resolve));
function pump(client: Client): void {
	while (running && client.sent - client.acknowledged < input.window && client.sent < client.edits.length) {
		client.raw.send(client.edits[client.sent++]);
	}
	if (client.sent === client.edits.length) ranOut(performance.now());
}

const clients: Client[] = [];
for (const [d, name] of input.docs.entries()) {
	for (let c = 0; c < input.clientsPerDoc; c++) clients.push(await openClient(name, `${input.tag}-${d}-${c}`));
}
await reply({ type: 'ready' });
await fromParent('start');

running = true;
for (const client of clients) pump(client);
const acknowledgedNow = () => clients.reduce((sum, c) => sum + c.acknowledged, 0);
const elapsed = (ms: number) => new Promise<number>((resolve) => setTimeout(() => resolve(performance.now()), ms));
if ((await Promise.race([elapsed(input.warmupMs), exhausted.then(() => null)])) === null) {
	throw new Error('a client ran out of edits made beforehand during the warm-up; make more');
}
const atStart = acknowledgedNow();
const startedAt = performance.now();
const cpuAtStart = process.cpuUsage();
const endedAt = await Promise.race([elapsed(input.measureMs), exhausted]);
const acknowledged = acknowledgedNow() - atStart;
const measuredMs = endedAt - startedAt;
const { user, system } = process.cpuUsage(cpuAtStart);
const cpu = (user + system) / 1000 / measuredMs;
running = false;
await reply({ type: 'result', result: { acknowledged, measuredMs, cpu } satisfies AppendResult });
for (const client of clients) client.raw.close();
process.exit(0);
