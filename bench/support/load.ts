import type { Serializable } from 'node:child_process';
import { cpuSeconds, startGenerator } from './processes';

export interface LoadRun<R> {
	/** Each generator's result, in the order of `inputs`. */
	results: R[];
	/** Share of one core the server used from "start" until the last result. */
	serverCpu: number;
	/** CPU seconds the server used meanwhile. */
	serverCpuSeconds: number;
}

/**
 * Starts one generator process per input, waits until every one has its clients connected
 * ("ready"), starts them together, and collects their "result" messages.
 */
export async function runLoad<R>(script: string, inputs: Serializable[], serverPid: number): Promise<LoadRun<R>> {
	const generators = inputs.map((input) => startGenerator<{ type: string; result?: R }>(script, input));
	try {
		await Promise.all(generators.map((g) => g.next('ready')));
		const cpuBefore = cpuSeconds(serverPid);
		const started = performance.now();
		for (const g of generators) g.send({ type: 'start' });
		const results = await Promise.all(generators.map(async (g) => (await g.next('result')).result as R));
		const cpuAfter = cpuSeconds(serverPid);
		const seconds = (performance.now() - started) / 1000;
		const cpu = cpuBefore === null || cpuAfter === null ? NaN : cpuAfter - cpuBefore;
		return { results, serverCpu: cpu / seconds, serverCpuSeconds: cpu };
	} finally {
		await Promise.all(generators.map((g) => g.exit()));
	}
}

/** `items` dealt round-robin into `count` shares. */
export function deal<T>(items: readonly T[], count: number): T[][] {
	return Array.from({ length: count }, (_, share) => items.filter((_, i) => i % count === share));
}
