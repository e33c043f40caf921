import { describe, expect, it } from 'vitest';
import { cst } from '$lib/model/figures/test-fixture';
import { presetOf, presetRange, rangeFromQuery, reportRange } from './ranges';

const NOW = cst('2026-03-10 09:00');

describe('dashboard ranges', () => {
	it('offers this month, last month, the last 30 and 90 days and this year, in China days', () => {
		expect(presetRange('thisMonth', NOW)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
		expect(presetRange('lastMonth', NOW)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		expect(presetRange('last30', NOW)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
		expect(presetRange('last90', NOW)).toEqual({ from: '2025-12-11', to: '2026-03-10' });
		expect(presetRange('thisYear', NOW)).toEqual({ from: '2026-01-01', to: '2026-03-10' });
		// 00:30 on 1 March in China is still 28 February in UTC.
		expect(presetRange('thisMonth', cst('2026-03-01 00:30'))).toEqual({ from: '2026-03-01', to: '2026-03-01' });
		expect(presetOf({ from: '2026-02-01', to: '2026-02-28' }, NOW)).toBe('lastMonth');
		expect(presetOf({ from: '2026-02-02', to: '2026-02-28' }, NOW)).toBeNull();
	});

	it('reads the range from the address, falling back to this month and saying when it was wrong', () => {
		expect(rangeFromQuery(new URLSearchParams('from=2026-01-01&to=2026-01-31'), NOW)).toEqual({ range: { from: '2026-01-01', to: '2026-01-31' }, invalid: false });
		expect(rangeFromQuery(new URLSearchParams(''), NOW)).toEqual({ range: { from: '2026-03-01', to: '2026-03-10' }, invalid: false });
		expect(rangeFromQuery(new URLSearchParams('from=2026-01-31&to=2026-01-01'), NOW)).toEqual({ range: { from: '2026-03-01', to: '2026-03-10' }, invalid: true });
		expect(rangeFromQuery(new URLSearchParams('from=2024-01-01&to=2026-01-01'), NOW).invalid).toBe(true);
	});
});

describe('the month of a report', () => {
	it('is the month asked for, up to today; this month when none or a future one is asked', () => {
		expect(reportRange('2026-02', NOW)).toEqual({ month: '2026-02', range: { from: '2026-02-01', to: '2026-02-28' } });
		expect(reportRange('2026-03', NOW)).toEqual({ month: '2026-03', range: { from: '2026-03-01', to: '2026-03-10' } });
		expect(reportRange(null, NOW)).toEqual({ month: '2026-03', range: { from: '2026-03-01', to: '2026-03-10' } });
		expect(reportRange('2026-04', NOW).month).toBe('2026-03');
		expect(reportRange('2026-13', NOW).month).toBe('2026-03');
	});
});
