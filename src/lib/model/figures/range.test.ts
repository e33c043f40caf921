import { describe, expect, it } from 'vitest';
import { addDays, bucketOf, bucketingOf, bucketsOf, chinaDay, dayRangeShape, monthRange, periodsOfRange, rangeLength } from './range';
import { periodsForRange } from './read';
import { cst } from './test-fixture';

describe('day ranges', () => {
	it('reads days in China time', () => {
		expect(chinaDay(cst('2026-05-31 23:59'))).toBe('2026-05-31');
		expect(chinaDay(cst('2026-06-01 00:00'))).toBe('2026-06-01');
		// 16:00 UTC is already the next day in China.
		expect(chinaDay(Date.parse('2026-05-31T16:00:00Z'))).toBe('2026-06-01');
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
	});

	it('accepts real days in order, a year and a day at most, and says what is wrong otherwise', () => {
		const problem = (value: unknown) => {
			const result = dayRangeShape.safeParse(value);
			return result.success ? null : result.error.issues[0].message;
		};
		expect(problem({ from: '2026-05-01', to: '2026-05-31' })).toBeNull();
		expect(problem({ from: '2025-05-20', to: '2026-05-20' })).toBeNull();
		expect(problem({ from: '2026-02-30', to: '2026-03-01' })).toBe('from must be a day as YYYY-MM-DD');
		expect(problem({ from: '2026-05-01' })).toBe('to is required: a day as YYYY-MM-DD');
		expect(problem({ from: '2026-06-01', to: '2026-05-01' })).toBe('from must not be after to');
		expect(problem({ from: '2025-01-01', to: '2026-01-02' })).toBe('a range may span at most 366 days');
		expect(rangeLength({ from: '2026-05-01', to: '2026-05-31' })).toBe(31);
	});

	it('lists the months a range touches, and those its records may be filed in', () => {
		expect(periodsOfRange({ from: '2025-12-15', to: '2026-02-01' })).toEqual(['2025-12', '2026-01', '2026-02']);
		expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
		// One month either side, never past the current month.
		expect(periodsForRange({ from: '2026-03-01', to: '2026-04-30' }, cst('2026-05-20 12:00'))).toEqual(['2026-02', '2026-03', '2026-04', '2026-05']);
		expect(periodsForRange({ from: '2026-05-01', to: '2026-05-20' }, cst('2026-05-20 12:00'))).toEqual(['2026-04', '2026-05']);
	});

	it('groups a trend by day up to a month, by week up to half a year, then by month', () => {
		expect(bucketingOf({ from: '2026-05-01', to: '2026-05-31' })).toBe('day');
		expect(bucketingOf({ from: '2026-03-01', to: '2026-05-31' })).toBe('week');
		expect(bucketingOf({ from: '2025-06-01', to: '2026-05-31' })).toBe('month');
		// 2026-05-20 is a Wednesday; its week starts on Monday the 18th.
		expect(bucketOf('2026-05-20', 'week')).toBe('2026-05-18');
		expect(bucketOf('2026-05-18', 'week')).toBe('2026-05-18');
		expect(bucketOf('2026-05-17', 'week')).toBe('2026-05-11');
		expect(bucketsOf({ from: '2026-05-14', to: '2026-05-26' }, 'week')).toEqual(['2026-05-11', '2026-05-18', '2026-05-25']);
		expect(bucketsOf({ from: '2026-04-29', to: '2026-05-02' }, 'day')).toEqual(['2026-04-29', '2026-04-30', '2026-05-01', '2026-05-02']);
		expect(bucketsOf({ from: '2026-01-15', to: '2026-03-01' }, 'month')).toEqual(['2026-01', '2026-02', '2026-03']);
	});
});
