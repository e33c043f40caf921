import { startServer } from '../integration/harness';
import { fuzzRelay } from './fuzz';

/**
 * `npm run fuzz [-- <inputs> [<seed>]]`: a long run against a fresh relay (10,000 inputs by
 * default), printing what happened to the inputs. FUZZ_SEED or the second argument replays one.
 */
const inputs = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const server = await startServer();
const started = Date.now();
try {
	const report = await fuzzRelay(server, inputs, seed);
	const rows = Object.entries(report.outcomes).sort((a, b) => b[1] - a[1]);
	const width = Math.max(...rows.map(([outcome]) => outcome.length));
	console.log(`fuzzed the relay with ${inputs} inputs (seed ${seed}, FUZZ_SEED=${seed} replays it) in ${Math.round((Date.now() - started) / 1000)} s`);
	for (const [outcome, count] of rows) console.log(`  ${outcome.padEnd(width)}  ${String(count).padStart(6)}`);
	const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
	console.log(`relay memory (resident): ${mb(report.memoryBefore)} before, ${mb(report.memoryAfter)} after`);
	console.log('relay up, the bystander client unaffected, every stored document sound');
} finally {
	await server.stop();
}
