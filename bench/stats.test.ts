import { describe, expect, it } from 'vitest';
import { interleaved, kneeOf, median, medianOfRuns, percentiles, quantile, ratioOf } from './stats';

describe('quantile', () => {
	it('interpolates between the closest ranks, whatever the input order', () => {
		expect(quantile([40, 10, 30, 20], 0.5)).toBe(25);
		expect(quantile([1, 2, 3, 4, 5], 0.99)).toBeCloseTo(4.96);
		expect(quantile([7], 0.99)).toBe(7);
		expect(median([3, 1, 2])).toBe(2);
	});

	it('is NaN for no values, and clamps q to 0…1', () => {
		expect(quantile([], 0.5)).toBeNaN();
		expect(quantile([1, 9], 2)).toBe(9);
		expect(quantile([1, 9], -1)).toBe(1);
	});

	it('does not reorder the caller’s array', () => {
		const values = [3, 1, 2];
		quantile(values, 0.5);
		expect(values).toEqual([3, 1, 2]);
	});
});

describe('percentiles over runs', () => {
	it('takes p50/p95/p99 of one run, then the median of each over runs, summing the counts', () => {
		const one = percentiles(Array.from({ length: 101 }, (_, i) => i));
		expect(one).toEqual({ p50: 50, p95: 95, p99: 99, count: 101 });
		const runs = [
			{ p50: 1, p95: 5, p99: 30, count: 10 },
			{ p50: 2, p95: 6, p99: 9, count: 20 },
			{ p50: 3, p95: 4, p99: 10, count: 30 }
		];
		expect(medianOfRuns(runs)).toEqual({ p50: 2, p95: 5, p99: 10, count: 60 });
	});
});

describe('ratioOf', () => {
	it('divides, or says null when a side is missing or the baseline is 0', () => {
		expect(ratioOf(3, 2)).toBe(1.5);
		expect(ratioOf(null, 2)).toBeNull();
		expect(ratioOf(3, null)).toBeNull();
		expect(ratioOf(3, 0)).toBeNull();
		expect(ratioOf(NaN, 2)).toBeNull();
	});
});

describe('interleaved', () => {
	it('runs a, b, c, a, b, c … and groups the results by configuration in run order', async () => {
		const order: string[] = [];
		const results = await interleaved(['a', 'b', 'c'] as const, 2, async (c, repetition) => {
			order.push(`${c}${repetition}`);
			return `${c}${repetition}`;
		});
		expect(order).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'c1']);
		expect(results).toEqual({ a: ['a0', 'a1'], b: ['b0', 'b1'], c: ['c0', 'c1'] });
	});
});

describe('kneeOf', () => {
	it('is the first load whose p99 exceeds twice the p99 at the lowest load', () => {
		const ramp = [
			{ load: 500, p99: 12 },
			{ load: 100, p99: 5 },
			{ load: 250, p99: 9 },
			{ load: 1000, p99: 40 }
		];
		expect(kneeOf(ramp)).toBe(500);
		expect(kneeOf(ramp, 10)).toBeNull();
		expect(kneeOf([])).toBeNull();
	});
});
