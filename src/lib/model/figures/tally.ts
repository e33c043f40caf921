/**
 * How the 1341 deadlines of a set of cases went: `met` (the step came in time), `missed` (it came
 * late, or the deadline passed without it), `pending` (not yet decided: the deadline is still
 * ahead). The share counts only decided deadlines, so a case reported a minute ago does not
 * lower today's figure.
 */
export interface Rate {
	met: number;
	missed: number;
	pending: number;
	/** met / (met + missed), null when nothing is decided yet. */
	share: number | null;
}

/** The four promises of the clock: on site in 15 min, ordinary solved in 30, complex in 4 h, a major plan in a day. */
export const CLOCKS = ['onSite', 'ordinary', 'complex', 'major'] as const;
/** A case's finishing deadline is held to the clock named after its level. */
export type Clock = (typeof CLOCKS)[number];

export function rateOf(met: number, missed: number, pending: number): Rate {
	const decided = met + missed;
	return { met, missed, pending, share: decided ? met / decided : null };
}

export const emptyRate = (): Rate => rateOf(0, 0, 0);

export function addRates(...rates: Rate[]): Rate {
	const sum = (key: 'met' | 'missed' | 'pending') => rates.reduce((total, r) => total + r[key], 0);
	return rateOf(sum('met'), sum('missed'), sum('pending'));
}

export type ClockRates = Record<Clock, Rate>;

export function emptyClockRates(): ClockRates {
	return { onSite: emptyRate(), ordinary: emptyRate(), complex: emptyRate(), major: emptyRate() };
}

export function addClockRates(a: ClockRates, b: ClockRates): ClockRates {
	return {
		onSite: addRates(a.onSite, b.onSite),
		ordinary: addRates(a.ordinary, b.ordinary),
		complex: addRates(a.complex, b.complex),
		major: addRates(a.major, b.major)
	};
}

/** The finishing deadlines of every level together: solved or planned in time. */
export function finishRate(rates: ClockRates): Rate {
	return addRates(rates.ordinary, rates.complex, rates.major);
}

/** Adds keyed counts, keys sorted so every replica and the server list them alike. */
export function addCounts(...maps: Record<string, number>[]): Record<string, number> {
	const sum = new Map<string, number>();
	for (const map of maps) for (const [key, n] of Object.entries(map)) sum.set(key, (sum.get(key) ?? 0) + n);
	return Object.fromEntries([...sum].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
