import { PERIOD_PATTERN, addDays, chinaDay, dayRangeShape, monthRange, periodOf, shiftPeriod, type DayRange } from '$lib/model';

/** The spans a dashboard offers at a tap, each ending today (or with last month). */
export const PRESETS = ['thisMonth', 'lastMonth', 'last30', 'last90', 'thisYear'] as const;
export type Preset = (typeof PRESETS)[number];

export function presetRange(preset: Preset, now: number): DayRange {
	const today = chinaDay(now);
	switch (preset) {
		case 'thisMonth':
			return { from: `${today.slice(0, 7)}-01`, to: today };
		case 'lastMonth':
			return monthRange(shiftPeriod(periodOf(now), 1));
		case 'last30':
			return { from: addDays(today, -29), to: today };
		case 'last90':
			return { from: addDays(today, -89), to: today };
		case 'thisYear':
			return { from: `${today.slice(0, 4)}-01-01`, to: today };
	}
}

/** The preset a range is, if any: the picker marks it. */
export function presetOf(range: DayRange, now: number): Preset | null {
	return PRESETS.find((preset) => {
		const candidate = presetRange(preset, now);
		return candidate.from === range.from && candidate.to === range.to;
	}) ?? null;
}

/** The range a page's address names (`?from=…&to=…`), or this month when it names none or a wrong one. */
export function rangeFromQuery(query: URLSearchParams, now: number): { range: DayRange; invalid: boolean } {
	const from = query.get('from');
	const to = query.get('to');
	if (from === null && to === null) return { range: presetRange('thisMonth', now), invalid: false };
	const parsed = dayRangeShape.safeParse({ from: from ?? undefined, to: to ?? undefined });
	return parsed.success ? { range: parsed.data, invalid: false } : { range: presetRange('thisMonth', now), invalid: true };
}

/** The month a report covers (`?month=YYYY-MM`, this month when absent or wrong), up to today. */
export function reportRange(month: string | null, now: number): { month: string; range: DayRange } {
	const current = periodOf(now);
	const chosen = month !== null && PERIOD_PATTERN.test(month) && month <= current ? month : current;
	const whole = monthRange(chosen);
	const today = chinaDay(now);
	return { month: chosen, range: { from: whole.from, to: whole.to < today ? whole.to : today } };
}
