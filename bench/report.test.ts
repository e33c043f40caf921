import { describe, expect, it } from 'vitest';
import { describeMachine, formatNumber, markdownTable, meets, reportJson, resultOf, type Report } from './report';

describe('goals', () => {
	it('checks a ratio or a value against its bound', () => {
		expect(meets('ratio <= 1.15', 10, 1.15)).toBe(true);
		expect(meets('ratio <= 1.15', 10, 1.2)).toBe(false);
		expect(meets('value < 150', 149.9, null)).toBe(true);
		expect(meets('value >= 5000', 4999, 0.5)).toBe(false);
		expect(meets('value = 0', 0, null)).toBe(true);
		expect(meets('value > 1', 2, null)).toBe(true);
	});

	it('is undecided when the quantity it names was not measured', () => {
		expect(meets('ratio <= 1.2', 10, null)).toBeNull();
		expect(meets('value < 150', null, 1)).toBeNull();
		expect(meets('value < 150', NaN, 1)).toBeNull();
	});
});

describe('resultOf', () => {
	it('computes the ratio and whether the goal is met, in the format of latest.json', () => {
		expect(resultOf({ name: 'p99', value: 12, unit: 'ms', baseline: 'bare', baselineValue: 10, goal: 'ratio <= 1.15' })).toEqual({
			name: 'p99',
			value: 12,
			unit: 'ms',
			baseline: 'bare',
			baselineValue: 10,
			ratio: 1.2,
			goal: 'ratio <= 1.15',
			met: false
		});
	});

	it('leaves goal and met null for a figure given for context', () => {
		const result = resultOf({ name: 'floor', value: 5, unit: 'ms', baseline: 'working set', baselineValue: 1 });
		expect(result.goal).toBeNull();
		expect(result.met).toBeNull();
		expect(result.ratio).toBe(5);
	});
});

describe('formatting', () => {
	it('gives three significant digits below 100 and whole numbers with separators above', () => {
		expect(formatNumber(1.23456)).toBe('1.23');
		expect(formatNumber(0.0012345)).toBe('0.00123');
		expect(formatNumber(12345.6)).toBe('12,346');
		expect(formatNumber(null)).toBe('—');
		expect(formatNumber(NaN)).toBe('—');
	});

	it('prints a Markdown table with a row per figure, escaping pipes', () => {
		const table = markdownTable([
			resultOf({ name: 'a | b', value: 2, unit: 'ms', baseline: 'x', baselineValue: 1, goal: 'ratio <= 1.5' }),
			resultOf({ name: 'c', value: null, unit: 'ms', baseline: 'y', baselineValue: null })
		]);
		const lines = table.split('\n');
		expect(lines[0]).toBe('| figure | value | baseline | baseline value | ratio | goal | met |');
		expect(lines[2]).toBe('| a \\| b | 2 ms | x | 1 ms | 2× | ratio <= 1.5 | **no** |');
		expect(lines[3]).toBe('| c | — ms | y | — | — | — | — |');
	});

	it('writes exactly date, machine and results to the JSON', () => {
		const report: Report = {
			date: '2026-11-26T00:00:00.000Z',
			machine: { cores: 2, cpu: 'AMD EPYC', node: '20.20.2', platform: 'linux x64', memoryGb: 24, loadAverage: { start: 1.5, end: 1.75 } },
			results: [resultOf({ name: 'n', value: 1, unit: 'ms', baseline: 'b', baselineValue: 1 })]
		};
		const parsed = JSON.parse(reportJson({ ...report, extra: true } as Report));
		expect(Object.keys(parsed)).toEqual(['date', 'machine', 'results']);
		expect(Object.keys(parsed.results[0])).toEqual(['name', 'value', 'unit', 'baseline', 'baselineValue', 'ratio', 'goal', 'met']);
		expect(describeMachine(report.machine)).toBe(
			'2 cores (AMD EPYC), 24 GB, Node 20.20.2 on linux x64; load average 1.50 at the start, 1.75 at the end'
		);
	});
});
