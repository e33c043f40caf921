/** The statistics of the benchmarks: pure, so the runner's arithmetic has unit tests. */

/** The q-th quantile (0…1) of `values` by linear interpolation between the closest ranks; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = Float64Array.from(values).sort();
	const position = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
	const below = Math.floor(position);
	const above = Math.ceil(position);
	return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export interface Percentiles {
	p50: number;
	p95: number;
	p99: number;
	count: number;
}

export function percentiles(values: readonly number[]): Percentiles {
	return { p50: quantile(values, 0.5), p95: quantile(values, 0.95), p99: quantile(values, 0.99), count: values.length };
}

/**
 * The median of each percentile over repeated runs of one configuration: a single run's p99
 * swings by 2× here, the median of three interleaved runs much less.
 */
export function medianOfRuns(runs: readonly Percentiles[]): Percentiles {
	return {
		p50: median(runs.map((r) => r.p50)),
		p95: median(runs.map((r) => r.p95)),
		p99: median(runs.map((r) => r.p99)),
		count: runs.reduce((sum, r) => sum + r.count, 0)
	};
}

/** value / baseline, or null when either is missing or the baseline is 0. */
export function ratioOf(value: number | null, baseline: number | null): number | null {
	if (value === null || baseline === null || !Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) {
		return null;
	}
	return value / baseline;
}

/**
 * Runs each configuration `repetitions` times interleaved (a, b, c, a, b, c …), so that a
 * drift of the shared machine's load hits every configuration alike; returns each one's results
 * in run order.
 */
export async function interleaved<K extends string, T>(
	configurations: readonly K[],
	repetitions: number,
	run: (configuration: K, repetition: number) => Promise<T>
): Promise<Record<K, T[]>> {
	const results = Object.fromEntries(configurations.map((c) => [c, [] as T[]])) as Record<K, T[]>;
	for (let repetition = 0; repetition < repetitions; repetition++) {
		for (const configuration of configurations) results[configuration].push(await run(configuration, repetition));
	}
	return results;
}

/**
 * The knee of a ramp: the first load at which the p99 exceeds `factor` times the p99 at the
 * lowest load, or null when it never does (the ramp stayed below the knee).
 */
export function kneeOf(ramp: readonly { load: number; p99: number }[], factor = 2): number | null {
	if (ramp.length === 0) return null;
	const sorted = [...ramp].sort((a, b) => a.load - b.load);
	const base = sorted[0].p99;
	return sorted.find((step) => step.p99 > base * factor)?.load ?? null;
}
