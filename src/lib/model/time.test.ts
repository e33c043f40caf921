import { describe, expect, it } from 'vitest';
import { chinaDayStart, DAY_MS, periodOf, periodsOfYear, recentPeriods, shiftPeriod } from './time';

describe('months', () => {
	it('counts months in China time', () => {
		expect(periodOf(Date.UTC(2026, 0, 1, 0, 0))).toBe('2026-01');
		expect(periodOf(Date.UTC(2025, 11, 31, 15, 59))).toBe('2025-12');
		expect(periodOf(Date.UTC(2025, 11, 31, 16, 0))).toBe('2026-01');
	});

	it('shifts across years both ways', () => {
		expect(shiftPeriod('2026-01', 1)).toBe('2025-12');
		expect(shiftPeriod('2026-01', 13)).toBe('2024-12');
		expect(shiftPeriod('2025-12', -1)).toBe('2026-01');
		expect(shiftPeriod('2026-05', 0)).toBe('2026-05');
	});

	it('lists the recent periods newest first', () => {
		expect(recentPeriods(Date.UTC(2026, 1, 10), 2)).toEqual(['2026-02', '2026-01', '2025-12']);
	});

	it('lists the months of the year so far in China time, oldest first', () => {
		expect(periodsOfYear(Date.UTC(2026, 2, 10))).toEqual(['2026-01', '2026-02', '2026-03']);
		expect(periodsOfYear(Date.UTC(2025, 11, 31, 16, 0))).toEqual(['2026-01']);
	});
});

describe('days', () => {
	it('starts a day at midnight China time, whatever the hour or the UTC date', () => {
		const midnight = Date.UTC(2026, 4, 9, 16, 0); // 00:00 on 10 May in China
		expect(chinaDayStart(midnight)).toBe(midnight);
		expect(chinaDayStart(midnight + DAY_MS - 1)).toBe(midnight);
		expect(chinaDayStart(midnight + DAY_MS)).toBe(midnight + DAY_MS);
		expect(chinaDayStart(midnight - 1)).toBe(midnight - DAY_MS);
		expect(chinaDayStart(Date.UTC(2026, 4, 10, 15, 59))).toBe(midnight);
	});
});
