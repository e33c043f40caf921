import { z } from 'zod';
import { CHINA_OFFSET_MS, DAY_MS, periodOf } from '../time';

/**
 * The span a dashboard covers: whole China days, `from` and `to` included, written
 * `YYYY-MM-DD`. Figures are kept per day, so any such span sums the same days everywhere.
 */
export interface DayRange {
	from: string;
	to: string;
}

/** The longest span a dashboard or the district API adds up: a year and a day (a leap year). */
export const MAX_RANGE_DAYS = 366;

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The China day holding `ms`, `YYYY-MM-DD`. */
export function chinaDay(ms: number): string {
	return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of the China midnight starting `day`. */
export function dayStart(day: string): number {
	return Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS;
}

/** The day `count` days after `day` (negative: before). */
export function addDays(day: string, count: number): string {
	return chinaDay(dayStart(day) + count * DAY_MS);
}

/** How many days the range holds, both ends included. */
export function rangeLength(range: DayRange): number {
	return Math.round((dayStart(range.to) - dayStart(range.from)) / DAY_MS) + 1;
}

/** A real calendar day (not 2026-02-30). */
function isDay(value: string): boolean {
	return DAY_PATTERN.test(value) && chinaDay(dayStart(value)) === value;
}

const day = (name: string) =>
	z
		.string({ error: `${name} is required: a day as YYYY-MM-DD` })
		.refine(isDay, `${name} must be a day as YYYY-MM-DD`);

/** A range as callers send it: real days, in order, at most `MAX_RANGE_DAYS` long. */
export const dayRangeShape = z
	.object({ from: day('from'), to: day('to') })
	.refine((r) => r.from <= r.to, 'from must not be after to')
	.refine((r) => r.from > r.to || rangeLength(r) <= MAX_RANGE_DAYS, `a range may span at most ${MAX_RANGE_DAYS} days`);

export function inRange(day: string, range: DayRange): boolean {
	return day >= range.from && day <= range.to;
}

/** The months (`YYYY-MM`) the range touches, oldest first. */
export function periodsOfRange(range: DayRange): string[] {
	const periods: string[] = [];
	for (let period = range.from.slice(0, 7); period <= range.to.slice(0, 7); period = nextPeriod(period)) periods.push(period);
	return periods;
}

function nextPeriod(period: string): string {
	return periodOf(dayStart(`${period}-01`) + 32 * DAY_MS);
}

/** The calendar month holding `period`, as a range. */
export function monthRange(period: string): DayRange {
	return { from: `${period}-01`, to: addDays(`${nextPeriod(period)}-01`, -1) };
}

/** A trend over a month reads by day, over a quarter by week, over longer spans by month. */
export type Bucketing = 'day' | 'week' | 'month';

export function bucketingOf(range: DayRange): Bucketing {
	const days = rangeLength(range);
	return days <= 31 ? 'day' : days <= 184 ? 'week' : 'month';
}

/** The bucket a day falls in: the day, the Monday starting its week, or its month. */
export function bucketOf(day: string, bucketing: Bucketing): string {
	if (bucketing === 'day') return day;
	if (bucketing === 'month') return day.slice(0, 7);
	const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
	return addDays(day, -weekday);
}

/** Every bucket the range touches, in order, empty ones included: a trend shows its quiet days. */
export function bucketsOf(range: DayRange, bucketing: Bucketing): string[] {
	const buckets: string[] = [];
	for (let d = range.from; d <= range.to; d = addDays(d, 1)) {
		const bucket = bucketOf(d, bucketing);
		if (buckets.at(-1) !== bucket) buckets.push(bucket);
	}
	return buckets;
}
