/**
 * A durable-append load generator: its clients each keep `window` edits awaiting the relay's
 * acknowledgement, sending the next as soon as one is acknowledged, and count the
 * acknowledgements that arrive within the measured window.
 */
import { addGrid, updateGrid } from '../../src/lib/model';
import { fromParent, generatorInput, reply } from '../support/processes';
import { openClients, stopBy, type Target } from './clients';

export interface AppendInput {
	type: 'input';
	target: Target;
	docs: string[];
	clientsPerDoc: number;
	tag: string;
	window: number;
	warmupMs: number;
	measureMs: number;
}

export interface AppendResult {
	acknowledged: number;
	/** Share of a core this generator used while measured. */
	cpu: number;
}

const input = await generatorInput<AppendInput>();
stopBy(120_000 + input.warmupMs + input.measureMs);
const clients = await openClients(
	input.target,
	input.docs.flatMap((doc) => Array.from({ length: input.clientsPerDoc }, () => doc))
);
const grids = clients.map((client, index) => {
	const grid = `${input.tag}-${index}`;
	addGrid(client.doc, { id: grid, name: `压测网格${grid}`, households: 1 });
	return grid;
});
await reply({ type: 'ready' });
await fromParent('start');

let running = true;
let atStart = 0;
const acknowledgedNow = () => clients.reduce((sum, c) => sum + c.acknowledged(), 0);
clients.forEach((client, index) => {
	let sent = client.acknowledged();
	const pump = () => {
		while (running && sent - client.acknowledged() < input.window) {
			updateGrid(client.doc, grids[index], { boundary: `append ${sent++}` });
		}
	};
	client.onAcknowledged(pump);
	pump();
});
await new Promise((resolve) => setTimeout(resolve, input.warmupMs));
atStart = acknowledgedNow();
const cpuAtStart = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, input.measureMs));
const acknowledged = acknowledgedNow() - atStart;
const { user, system } = process.cpuUsage(cpuAtStart);
const cpu = (user + system) / 1000 / input.measureMs;
running = false;
await reply({ type: 'result', result: { acknowledged, cpu } satisfies AppendResult });
for (const client of clients) client.destroy();
process.exit(0);
