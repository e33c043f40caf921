/**
 * A fan-out load generator (one process of several): opens every client of its documents,
 * each adding a grid of its own; on "start" each client edits its grid's boundary once per
 * period, stamping the send time; every other client of the document notes how long the edit
 * took to reach it. All clients of a document live in this process, so send and receive times
 * come from one clock.
 */
import * as Y from 'yjs';
import { addGrid, updateGrid } from '../../src/lib/model';
import { fromParent, generatorInput, reply } from '../support/processes';
import { openClients, stopBy, type Target } from './clients';

export interface FanoutInput {
	type: 'input';
	target: Target;
	docs: string[];
	clientsPerDoc: number;
	tag: string;
	periodMs: number;
	warmupMs: number;
	measureMs: number;
}

export interface FanoutResult {
	latencies: number[];
	/** Edits sent while measured. */
	sent: number;
	/** Edits sent from "start" on, warm-up included: what the server's CPU time is divided by. */
	edits: number;
}

const input = await generatorInput<FanoutInput>();
stopBy(120_000 + input.warmupMs + input.measureMs);
const names = input.docs.flatMap((doc) => Array.from({ length: input.clientsPerDoc }, () => doc));
const clients = await openClients(input.target, names);
const latencies: number[] = [];
let measureFrom = Infinity;
let measureTo = Infinity;

clients.forEach((client, index) => {
	const grid = `${input.tag}-${index}`;
	addGrid(client.doc, { id: grid, name: `压测网格${grid}`, households: 1 });
	client.doc.getMap('grids').observeDeep((events, transaction) => {
		if (transaction.local) return;
		const received = performance.now();
		for (const event of events) {
			if (!(event instanceof Y.YMapEvent) || !event.keysChanged.has('boundary')) continue;
			const sentAt = Number(String(event.target.get('boundary')).split('@')[1]);
			if (sentAt >= measureFrom && sentAt < measureTo) latencies.push(received - sentAt);
		}
	});
});
await reply({ type: 'ready' });
await fromParent('start');

const started = performance.now();
measureFrom = started + input.warmupMs;
measureTo = measureFrom + input.measureMs;
let sent = 0;
let edits = 0;
const timers = clients.map((client, index) => {
	const grid = `${input.tag}-${index}`;
	let seq = 0;
	const edit = () => {
		const at = performance.now();
		if (at >= measureFrom && at < measureTo) sent++;
		edits++;
		updateGrid(client.doc, grid, { boundary: `${seq++}@${at.toFixed(3)}` });
	};
	// Spread over the period, as people's edits are, rather than all at once.
	return setTimeout(() => {
		edit();
		timers[index] = setInterval(edit, input.periodMs);
	}, Math.random() * input.periodMs);
});
await new Promise((resolve) => setTimeout(resolve, input.warmupMs + input.measureMs));
for (const timer of timers) clearInterval(timer);
// Edits still in flight when sending stopped.
await new Promise((resolve) => setTimeout(resolve, 1000));
await reply({ type: 'result', result: { latencies, sent, edits } satisfies FanoutResult });
for (const client of clients) client.destroy();
process.exit(0);
