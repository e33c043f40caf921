/**
 * `npm run bench [-- --quick] [-- --only <name>…]`: runs every benchmark in turn, prints the
 * machine and a table of each figure against its baseline, and writes bench/results/latest.json
 * (a quick or partial run writes bench/results/quick.json instead, leaving the full results alone).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Bench } from './context';
import { append } from './append';
import { browserOpen } from './browser-open';
import { coldOpen } from './cold-open';
import { durability } from './durability';
import { fanout } from './fanout';
import { memory } from './memory';
import { minutesHistory } from './minutes-history';
import { offlineMerge } from './offline-merge';
import { typing } from './typing';
import { yjsFloor } from './yjs-floor';
import { describeMachine, markdownTable, reportJson, resultOf, type Machine, type Result } from './report';
import { ROOT } from './support/processes';

const BENCHES: Bench[] = [fanout, append, coldOpen, browserOpen, offlineMerge, memory, yjsFloor, durability, typing, minutesHistory];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const selected = only.length ? BENCHES.filter((b) => only.some((o) => b.name.includes(o))) : BENCHES;

const machine = (loadStart: number): Machine => ({
	cores: cpus().length,
	cpu: cpus()[0]?.model.trim() ?? 'unknown',
	node: process.versions.node,
	platform: `${process.platform} ${process.arch}`,
	memoryGb: Math.round(totalmem() / 2 ** 30),
	loadAverage: { start: loadStart, end: loadavg()[0] }
});

const loadStart = loadavg()[0];
const started = performance.now();
process.stdout.write(`${describeMachine(machine(loadStart))}\n${quick ? 'quick run (smoke check)\n' : ''}`);
const results: Result[] = [];
let failed = false;
for (const bench of selected) {
	const benchStarted = performance.now();
	process.stdout.write(`\n## ${bench.name}\n`);
	try {
		const figures = await bench.run({ quick, log: (line) => process.stdout.write(`${line}\n`) });
		results.push(...figures.map(resultOf));
	} catch (error) {
		failed = true;
		process.stdout.write(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	}
	process.stdout.write(`(${((performance.now() - benchStarted) / 1000).toFixed(0)} s)\n`);
}

const report = { date: new Date().toISOString(), machine: machine(loadStart), results };
process.stdout.write(`\n${describeMachine(report.machine)}\n\n${markdownTable(results)}\n`);
const file = join(ROOT, 'bench', 'results', quick || only.length || failed ? 'quick.json' : 'latest.json');
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(file, reportJson(report));
process.stdout.write(`\nwritten to ${file} after ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(failed ? 1 : 0);
