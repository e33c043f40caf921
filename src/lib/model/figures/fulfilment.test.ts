import { describe, expect, it } from 'vitest';
import { listCommitments } from '../commitments';
import { addFulfilment, summarisePairing } from './fulfilment';
import { buildFixture, cst, NOW } from './test-fixture';

describe('fulfilment of the agreements', () => {
	it('counts live commitments, those done and those past due, from the latest progress', async () => {
		const { community } = await buildFixture();
		const p1 = summarisePairing(listCommitments(await community.pairing('p1'), { includeArchived: true }), NOW);
		// 100% (done), 60% due 10 May (late); the third is archived.
		expect(p1).toEqual({ fulfilment: { agreements: 1, commitments: 2, done: 1, overdue: 1, percentSum: 160, averagePercent: 80 }, validUntil: null });
		const p2 = summarisePairing(listCommitments(await community.pairing('p2')), NOW);
		// 0%, due 30 June 18:00: the summary holds until that moment has passed.
		expect(p2).toEqual({ fulfilment: { agreements: 1, commitments: 1, done: 0, overdue: 0, percentSum: 0, averagePercent: 0 }, validUntil: cst('2026-06-30 18:00') + 1 });
		expect(summarisePairing(listCommitments(await community.pairing('p2')), cst('2026-07-01 09:00')).fulfilment.overdue).toBe(1);
		expect(addFulfilment(p1.fulfilment, p2.fulfilment)).toEqual({ agreements: 2, commitments: 3, done: 1, overdue: 1, percentSum: 160, averagePercent: 160 / 3 });
	});
});
