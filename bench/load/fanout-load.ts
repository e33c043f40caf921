/**
 * A fan-out load generator (one process of several): opens every client of its documents,
 * each adding a grid of its own; on "start" each client edits its grid's boundary once per
 * period, stamping the send time; every other client of the document notes how long the edit
 * took to reach it. All clients of a document live in this process, so send and receive times
 * come from one clock.
 *
 * The clients speak the protocol by hand (raw.ts) and apply nothing they receive: each reads
 * the send time out of the update's bytes. Through providers, every client applying every
 * delivery to a Y.Doc, the generators saturated their core from about 250 clients on, and the
 * latencies measured their own queues more than the servers'.
 */
import * as Y from 'yjs';
import { addGrid, updateGrid } from '../../src/lib/model';
import { fromParent, generatorInput, reply } from '../support/processes';
import { stopBy, type Target } from './clients';
import { openRawClient, openRawClients } from './raw';

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
const latencies: number[] = [];
let measureFrom = Infinity;
let measureTo = Infinity;

/**
 * An edit's boundary is `<client>:<seq>@<ms>`; its update also carries the value it replaced
 * (the grid's history), so the latest time in the bytes is the edit's own.
 */
const STAMP = /(\d+):\d+@(\d+\.\d{3})/g;
function received(by: number, update: Uint8Array): void {
	const at = performance.now();
	let sender = -1;
	let sentAt = -Infinity;
	for (const [, client, time] of Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1').matchAll(STAMP)) {
		if (Number(time) > sentAt) [sender, sentAt] = [Number(client), Number(time)];
	}
	// A server that echoes an update to its sender (bare Hocuspocus) counts no delivery for it.
	if (sender !== by && sentAt >= measureFrom && sentAt < measureTo) latencies.push(at - sentAt);
}

const names = input.docs.flatMap((doc) => Array.from({ length: input.clientsPerDoc }, () => doc));
const clients = await openRawClients(names.length, async (index) => {
	const raw = await openRawClient(input.target, names[index], { onUpdate: (update) => received(index, update) });
	const doc = new Y.Doc();
	doc.on('update', (update: Uint8Array) => raw.send(update));
	const grid = `${input.tag}-${index}`;
	addGrid(doc, { id: grid, name: `压测网格${grid}`, households: 1 });
	return { raw, doc, grid };
});
await reply({ type: 'ready' });
await fromParent('start');

const started = performance.now();
measureFrom = started + input.warmupMs;
measureTo = measureFrom + input.measureMs;
let sent = 0;
let edits = 0;
const timers = clients.map((client, index) => {
	let seq = 0;
	const edit = () => {
		const at = performance.now();
		if (at >= measureFrom && at < measureTo) sent++;
		edits++;
		updateGrid(client.doc, client.grid, { boundary: `${index}:${seq++}@${at.toFixed(3)}` });
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
for (const client of clients) client.raw.close();
process.exit(0);
