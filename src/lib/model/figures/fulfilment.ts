import { isOverdue, type Commitment } from '../commitments';

/**
 * How the 手拉手 agreements stand at a moment: their live commitments, how many are done (the
 * latest progress says 100%), how many are past due and not done, and the mean of their
 * percents. `percentSum` is kept so communities add up exactly.
 */
export interface Fulfilment {
	agreements: number;
	commitments: number;
	done: number;
	overdue: number;
	percentSum: number;
	/** percentSum / commitments, 0 when there are none. */
	averagePercent: number;
}

export function fulfilmentOf(agreements: number, commitments: number, done: number, overdue: number, percentSum: number): Fulfilment {
	return { agreements, commitments, done, overdue, percentSum, averagePercent: commitments ? percentSum / commitments : 0 };
}

export function addFulfilment(...list: Fulfilment[]): Fulfilment {
	const sum = (key: 'agreements' | 'commitments' | 'done' | 'overdue' | 'percentSum') => list.reduce((total, f) => total + f[key], 0);
	return fulfilmentOf(sum('agreements'), sum('commitments'), sum('done'), sum('overdue'), sum('percentSum'));
}

/** One agreement's commitments at `now`; stale at `validUntil`, when the next one falls overdue. */
export interface PairingSummary {
	fulfilment: Fulfilment;
	validUntil: number | null;
}

export function summarisePairing(commitments: readonly Commitment[], now: number): PairingSummary {
	const live = commitments.filter((c) => !c.archived);
	const waiting = live.filter((c) => !c.done && c.due >= now).map((c) => c.due + 1);
	return {
		fulfilment: fulfilmentOf(
			1,
			live.length,
			live.filter((c) => c.done).length,
			live.filter((c) => isOverdue(c, now)).length,
			live.reduce((sum, c) => sum + c.percent, 0)
		),
		validUntil: waiting.length ? Math.min(...waiting) : null
	};
}
