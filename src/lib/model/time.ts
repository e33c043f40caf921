/**
 * Months partition what grows with time. A month is the calendar month in China Standard Time
 * (UTC+8, no daylight saving), where every community of the product lives, so a case reported
 * at 23:30 on 31 May belongs to May on every device whatever its own time zone.
 */
export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function periodOf(epochMs: number): string {
	const date = new Date(epochMs + CHINA_OFFSET_MS);
	return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The period `count` months before `period` (negative: after). */
export function shiftPeriod(period: string, count: number): string {
	const [year, month] = period.split('-').map(Number);
	const index = year * 12 + (month - 1) - count;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The current period and the `previous` before it, newest first. */
export function recentPeriods(now: number, previous = 2): string[] {
	const current = periodOf(now);
	return Array.from({ length: previous + 1 }, (_, i) => shiftPeriod(current, i));
}

/** The months of the calendar year of `now` (China time) up to its own, oldest first. */
export function periodsOfYear(now: number): string[] {
	const current = periodOf(now);
	const month = Number(current.slice(5));
	return Array.from({ length: month }, (_, i) => shiftPeriod(current, month - 1 - i));
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The start of the China Standard Time day holding `epochMs`: days, like months, are China's. */
export function chinaDayStart(epochMs: number): number {
	return Math.floor((epochMs + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
}
