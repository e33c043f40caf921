import { rootDocName } from '../src/lib/model';
import type { Bench, BenchContext } from './context';
import type { AppendInput, AppendResult } from './load/append-load';
import type { Target } from './load/clients';
import { formatNumber } from './report';
import { deal, runLoad } from './support/load';
import { startServerProcess } from './support/processes';
import { benchCommunities, startOurRelay } from './support/relay';
import { interleaved, median } from './stats';

const CONFIGURATIONS = ['hocuspocus', 'sqlite', 'postgres'] as const;
type Configuration = (typeof CONFIGURATIONS)[number];
const LABEL: Record<Configuration, string> = {
	sqlite: 'our relay, ack after commit, SQLite',
	postgres: 'our relay, ack after commit, PostgreSQL',
	hocuspocus: 'bare @hocuspocus/server 3.4.4 (ack before any storage)'
};
const COMMUNITIES = 40;
/** One writer per document: the relay commits and acknowledges, with no fan-out to other clients. */
const CLIENTS_PER_COMMUNITY = 1;
/** Edits each client keeps awaiting acknowledgement: enough to keep a group commit full. */
const WINDOW = 32;
const GENERATORS = 2;
/**
 * Edits made beforehand per client: room for 10,000 updates/s over the whole run (making them
 * takes about 250 µs each); a generator whose client runs out earlier measures until then.
 */
const editsPerClient = (seconds: number) => Math.ceil((10_000 * seconds) / COMMUNITIES);

async function run({ quick, log }: BenchContext) {
	const communities = benchCommunities(COMMUNITIES);
	const [sqlite, postgres] = await Promise.all([
		startOurRelay({ communities }),
		startOurRelay({ communities, engine: 'postgres' })
	]);
	const hocuspocus = await startServerProcess('bench/servers/hocuspocus.ts', {});
	const targets: Record<Configuration, { target: Target; pid: number }> = {
		sqlite: { target: { protocol: 'hocuspocus', url: sqlite.server.url('/sync'), token: sqlite.token }, pid: sqlite.server.pid },
		postgres: { target: { protocol: 'hocuspocus', url: postgres.server.url('/sync'), token: postgres.token }, pid: postgres.server.pid },
		hocuspocus: { target: { protocol: 'hocuspocus', url: hocuspocus.url(''), token: 'none' }, pid: hocuspocus.pid }
	};
	const timing = quick ? { warmupMs: 500, measureMs: 2000 } : { warmupMs: 2000, measureMs: 8000 };
	let runs = 0;
	try {
		log(`durable append: ${COMMUNITIES * CLIENTS_PER_COMMUNITY} clients over ${COMMUNITIES} documents, ` +
			`each keeping ${WINDOW} edits awaiting acknowledgement, in ${GENERATORS} generator processes`);
		const rates = await interleaved(CONFIGURATIONS, quick ? 1 : 3, async (configuration, repetition) => {
			const { target, pid } = targets[configuration];
			const tag = `a${runs++}`;
			const inputs = deal(communities.map(rootDocName), GENERATORS).map(
				(docs, g): AppendInput => ({
					type: 'input',
					target,
					docs,
					clientsPerDoc: CLIENTS_PER_COMMUNITY,
					tag: `${tag}g${g}`,
					window: WINDOW,
					editsPerClient: editsPerClient((timing.warmupMs + timing.measureMs) / 1000),
					...timing
				})
			);
			const { results, serverCpu } = await runLoad<AppendResult>('bench/load/append-load.ts', inputs, pid);
			const rate = results.reduce((sum, r) => sum + r.acknowledged / (r.measuredMs / 1000), 0);
			const short = results.filter((r) => r.measuredMs < timing.measureMs * 0.99);
			if (short.length) log(`  (${short.length} generator(s) ran out of edits after ${short.map((r) => `${formatNumber(r.measuredMs / 1000)} s`).join(', ')}: measured until then)`);
			log(`  run ${repetition + 1} ${LABEL[configuration]}: ${formatNumber(rate)} acknowledged updates/s, server at ${Math.round(serverCpu * 100)}% of a core, generators at ${results.map((r) => `${Math.round(r.cpu * 100)}%`).join(' + ')}`);
			return rate;
		});
		const rate = (c: Configuration) => median(rates[c]);
		return [
			{ name: 'durable append, SQLite (ack after commit)', value: rate('sqlite'), unit: 'updates/s', baseline: LABEL.hocuspocus, baselineValue: rate('hocuspocus'), goal: 'value >= 5000' as const },
			{ name: 'durable append, PostgreSQL (ack after commit)', value: rate('postgres'), unit: 'updates/s', baseline: LABEL.hocuspocus, baselineValue: rate('hocuspocus') }
		];
	} finally {
		await Promise.all([sqlite.close(), postgres.close(), hocuspocus.stop()]);
	}
}

export const append: Bench = { name: 'durable append throughput', run };
