import { rootDocName } from '../src/lib/model';
import type { Bench, BenchContext } from './context';
import type { FanoutInput, FanoutResult } from './load/fanout-load';
import type { Target } from './load/clients';
import { deal, runLoad } from './support/load';
import { PINNED, startServerProcess, type ServerProcess } from './support/processes';
import { benchCommunities, startOurRelay, type OurRelay } from './support/relay';
import { formatNumber } from './report';
import { interleaved, kneeOf, median, medianOfRuns, percentiles, type Percentiles } from './stats';

const CONFIGURATIONS = ['ours', 'hocuspocus', 'y-websocket'] as const;
type Configuration = (typeof CONFIGURATIONS)[number];
const LABEL: Record<Configuration, string> = {
	ours: 'our relay (auth, validation, durable log)',
	hocuspocus: 'bare @hocuspocus/server 3.4.4',
	'y-websocket': '@y/websocket-server 0.1.1'
};
const CLIENTS_PER_COMMUNITY = 10;
const MAIN_CLIENTS = 500;

interface Run extends Percentiles {
	/** Share of one core the server used while measured. */
	cpu: number;
	/** Server CPU seconds per edit sent (each fanned out to the document's other clients). */
	cpuPerEdit: number;
	sent: number;
}

interface Servers {
	ours: OurRelay;
	baselines: Record<Exclude<Configuration, 'ours'>, ServerProcess>;
	target(configuration: Configuration): { target: Target; pid: number };
	close(): Promise<void>;
}

async function startServers(maxClients: number): Promise<Servers> {
	const ours = await startOurRelay({ communities: benchCommunities(maxClients / CLIENTS_PER_COMMUNITY) });
	const hocuspocus = await startServerProcess('bench/servers/hocuspocus.ts', {});
	const yws = await startServerProcess('bench/servers/y-websocket.ts', {});
	const baselines = { hocuspocus, 'y-websocket': yws };
	return {
		ours,
		baselines,
		target(configuration) {
			if (configuration === 'ours') {
				return { target: { protocol: 'hocuspocus', url: ours.server.url('/sync'), token: ours.token }, pid: ours.server.pid };
			}
			const server = baselines[configuration];
			const protocol = configuration === 'hocuspocus' ? 'hocuspocus' : 'y-websocket';
			return { target: { protocol, url: server.url(''), token: 'none' }, pid: server.pid };
		},
		async close() {
			await Promise.all([ours.close(), hocuspocus.stop(), yws.stop()]);
		}
	};
}

let runs = 0;

/**
 * One measured run: `clients` clients over clients/10 communities, spread over several
 * generator processes (one was the limit at 1,000 clients), each editing once a second.
 */
async function measure(
	servers: Servers,
	configuration: Configuration,
	clients: number,
	timing: { warmupMs: number; measureMs: number }
): Promise<Run> {
	const { target, pid } = servers.target(configuration);
	const docs = benchCommunities(clients / CLIENTS_PER_COMMUNITY).map(rootDocName);
	const processes = Math.min(Math.max(2, Math.ceil(clients / 150)), 8);
	const tag = `r${runs++}`;
	const inputs = deal(docs, processes).map(
		(share, p): FanoutInput => ({
			type: 'input',
			target,
			docs: share,
			clientsPerDoc: CLIENTS_PER_COMMUNITY,
			tag: `${tag}p${p}`,
			periodMs: 1000,
			...timing
		})
	);
	const { results, serverCpu, serverCpuSeconds } = await runLoad<FanoutResult>('bench/load/fanout-load.ts', inputs, pid);
	return {
		...percentiles(results.flatMap((r) => r.latencies)),
		cpu: serverCpu,
		cpuPerEdit: serverCpuSeconds / results.reduce((sum, r) => sum + r.edits, 0),
		sent: results.reduce((sum, r) => sum + r.sent, 0)
	};
}

const ms = (value: number) => `${formatNumber(value)} ms`;
const describe = (run: Percentiles & { cpu?: number; cpuPerEdit?: number }) =>
	`p50 ${ms(run.p50)}, p95 ${ms(run.p95)}, p99 ${ms(run.p99)} (${run.count} deliveries` +
	(run.cpu === undefined ? ')' : `, server at ${Math.round(run.cpu * 100)}% of a core, ${formatNumber(run.cpuPerEdit! * 1e6)} µs of CPU per edit)`);

async function run({ quick, log }: BenchContext) {
	// The smoke check: fewer clients, one run each, a ramp of one step.
	const mainClients = quick ? 200 : MAIN_CLIENTS;
	const ramp = quick ? [100] : [100, 250, 750, 1000];
	const repetitions = quick ? 1 : 3;
	const timing = quick ? { warmupMs: 1500, measureMs: 3000 } : { warmupMs: 3000, measureMs: 12_000 };
	const rampTiming = quick ? { warmupMs: 1000, measureMs: 2000 } : { warmupMs: 2000, measureMs: 8000 };
	const servers = await startServers(Math.max(mainClients, ...ramp));
	try {
		log(`fan-out: ${mainClients} clients over ${mainClients / CLIENTS_PER_COMMUNITY} communities, 1 edit/s each; ` +
			`${repetitions} interleaved runs per server; ${PINNED ? 'servers pinned to core 0, generators to the others' : 'unpinned'}`);
		// Once through each server first: code compiled on first use, caches and pools filled (the
		// smoke check does without, to stay within its three minutes).
		if (!quick) for (const configuration of CONFIGURATIONS) await measure(servers, configuration, ramp[0], { warmupMs: 1000, measureMs: 1000 });
		const main = await interleaved(CONFIGURATIONS, repetitions, async (configuration, repetition) => {
			const result = await measure(servers, configuration, mainClients, timing);
			log(`  run ${repetition + 1} ${LABEL[configuration]}: ${describe(result)}`);
			return result;
		});
		const medians = Object.fromEntries(CONFIGURATIONS.map((c) => [c, medianOfRuns(main[c])])) as Record<Configuration, Percentiles>;
		for (const c of CONFIGURATIONS) log(`  median ${LABEL[c]}: ${describe(medians[c])}`);

		const steps: Record<Configuration, { load: number; p99: number }[]> = { ours: [], hocuspocus: [], 'y-websocket': [] };
		for (const clients of ramp) {
			for (const configuration of CONFIGURATIONS) {
				const result = await measure(servers, configuration, clients, rampTiming);
				steps[configuration].push({ load: clients, p99: result.p99 });
				log(`  ramp ${clients} clients, ${LABEL[configuration]}: ${describe(result)}`);
			}
		}
		for (const c of CONFIGURATIONS) {
			steps[c].push({ load: mainClients, p99: medians[c].p99 });
			const knee = kneeOf(steps[c]);
			log(`  knee of ${LABEL[c]} (p99 over 2× its value at ${ramp[0]} clients): ${knee === null ? `none up to ${Math.max(...steps[c].map((s) => s.load))} clients` : `${knee} clients`}`);
		}
		const top = Math.max(...ramp, mainClients);
		const p99At = (c: Configuration) => steps[c].find((s) => s.load === top)?.p99 ?? null;
		// CPU time, unlike latency, hardly depends on what else the machine is doing.
		const cpuPerEdit = (c: Configuration) => median(main[c].map((r) => r.cpuPerEdit)) * 1e6;
		const name = (what: string) => `fan-out ${what}, ${mainClients} clients / ${mainClients / CLIENTS_PER_COMMUNITY} communities`;
		return [
			{ name: name('p50'), value: medians.ours.p50, unit: 'ms', baseline: LABEL.hocuspocus, baselineValue: medians.hocuspocus.p50 },
			{ name: name('p95'), value: medians.ours.p95, unit: 'ms', baseline: LABEL.hocuspocus, baselineValue: medians.hocuspocus.p95 },
			{ name: name('p99'), value: medians.ours.p99, unit: 'ms', baseline: LABEL.hocuspocus, baselineValue: medians.hocuspocus.p99, goal: 'ratio <= 1.15' as const },
			{ name: name('p99'), value: medians.ours.p99, unit: 'ms', baseline: LABEL['y-websocket'], baselineValue: medians['y-websocket'].p99, goal: 'ratio <= 1.3' as const },
			{ name: `relay CPU per edit, fanned out to ${CLIENTS_PER_COMMUNITY - 1} clients, ${mainClients} clients`, value: cpuPerEdit('ours'), unit: 'µs', baseline: LABEL.hocuspocus, baselineValue: cpuPerEdit('hocuspocus') },
			{ name: `fan-out p99 at ${top} clients (top of the ramp)`, value: p99At('ours'), unit: 'ms', baseline: LABEL.hocuspocus, baselineValue: p99At('hocuspocus') }
		];
	} finally {
		await servers.close();
	}
}

export const fanout: Bench = { name: 'relay fan-out latency', run };
