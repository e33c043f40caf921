import { runDurabilityTrial } from '../tests/integration/durability';
import type { Bench, BenchContext } from './context';
import { runBaselineTrial } from './durability-baseline';

/**
 * Issue 4's SIGKILL trial at a large size: clients edit while the relay is killed at random
 * moments; every edit acknowledged before a kill must be in the store the kill left. The trial
 * (tests/integration/durability.ts) throws on the first loss and names it.
 */
async function run({ quick, log }: BenchContext) {
	const size = quick ? { clients: 5, edits: 40, kills: 3 } : { clients: 20, edits: 200, kills: 10 };
	const label = `${size.clients} clients × ${size.edits} edits, ${size.kills} SIGKILLs`;
	let lost: number | null = 0;
	try {
		const result = await runDurabilityTrial(size);
		log(`our relay: ${result.acknowledged} edits acknowledged, ${result.acknowledgedAtKill.join(', ')} of them before the kills; ` +
			`restarts took ${result.restartMs.join(', ')} ms; seed ${result.seed}`);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		log(`our relay: ${message}`);
		const counted = /lost (\d+) acknowledged edits/.exec(message);
		lost = counted ? Number(counted[1]) : null;
	}
	const baseline = await runBaselineTrial(size);
	log(`bare Hocuspocus, debounced store: ${baseline.lost} acknowledged edits lost; ${baseline.acknowledgedAtKill.join(', ')} acknowledged before the kills`);
	return [
		{ name: `acknowledged edits lost to SIGKILL, ${label}`, value: lost, unit: 'edits', baseline: 'bare @hocuspocus/server 3.4.4, extension-database-style store on its debounce', baselineValue: baseline.lost, goal: 'value = 0' as const }
	];
}

export const durability: Bench = { name: 'durability under SIGKILL', run };
