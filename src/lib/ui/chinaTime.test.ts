import { describe, expect, it } from 'vitest';
import { dateInput, formatDate, formatRange, fromInputs, timeInput } from './chinaTime';

const NOV_26_9AM_CHINA = Date.UTC(2026, 10, 26, 1, 0);

describe('China time', () => {
	it('reads and writes inputs in China time whatever the device zone', () => {
		expect(fromInputs('2026-11-26', '09:00')).toBe(NOV_26_9AM_CHINA);
		expect(dateInput(NOV_26_9AM_CHINA)).toBe('2026-11-26');
		expect(timeInput(NOV_26_9AM_CHINA)).toBe('09:00');
		expect(dateInput(Date.UTC(2026, 10, 26, 16, 30))).toBe('2026-11-27');
		expect(fromInputs('2026-11-26', '')).toBeNaN();
		expect(fromInputs('', '09:00')).toBeNaN();
	});

	it('formats dates and ranges, the year only when it is not this year', () => {
		expect(formatDate(NOV_26_9AM_CHINA, NOV_26_9AM_CHINA)).toBe('11月26日');
		expect(formatDate(NOV_26_9AM_CHINA, Date.UTC(2027, 0, 5))).toBe('2026年11月26日');
		expect(formatRange(NOV_26_9AM_CHINA, NOV_26_9AM_CHINA + 90 * 60_000, NOV_26_9AM_CHINA)).toBe('11月26日 09:00–10:30');
		expect(formatRange(NOV_26_9AM_CHINA, NOV_26_9AM_CHINA + 86_400_000, NOV_26_9AM_CHINA)).toBe('11月26日 09:00 – 11月27日 09:00');
	});
});
