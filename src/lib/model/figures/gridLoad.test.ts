import { describe, expect, it } from 'vitest';
import { addGridLoadTotals, gridLoads } from './gridLoad';

const grids = [
	{ id: 'g1', name: '第1网格', households: 320, specialNeedsHouseholds: 0, workers: ['u-wang'] },
	{ id: 'g2', name: '第2网格', households: 410, specialNeedsHouseholds: 12, workers: [] },
	{ id: 'g3', name: '第3网格', households: 300, specialNeedsHouseholds: 55, workers: ['u-li'] },
	{ id: 'g4', name: '第4网格', households: 432, specialNeedsHouseholds: 35, workers: ['u-li', 'u-ma'] },
	{ id: 'g5', name: '第5网格', households: 400, specialNeedsHouseholds: 49, workers: ['u-zhao'] }
];

describe('grid load', () => {
	it('flags grids over 400 households or with 50 or more special-needs households, and whether a second worker is there', () => {
		const { grids: loads } = gridLoads(grids);
		expect(loads.map((g) => [g.id, g.reasons, g.staffed, g.householdsPerWorker])).toEqual([
			['g1', [], true, 320],
			// Nobody assigned: no households per worker to speak of, and no part-timer.
			['g2', ['households'], false, null],
			['g3', ['specialNeeds'], false, 300],
			// 432 households shared by a full-time and a part-time worker.
			['g4', ['households'], true, 216],
			// Exactly 400 households and 49 special-needs households are within the rule.
			['g5', [], true, 400]
		]);
	});

	it('sums a community: households per distinct worker, grids needing and lacking a part-timer', () => {
		// 320 + 410 + 300 + 432 + 400 = 1862 households; u-wang, u-li, u-ma, u-zhao (u-li serves two grids).
		expect(gridLoads(grids).totals).toEqual({
			grids: 5,
			households: 1862,
			specialNeedsHouseholds: 151,
			workers: 4,
			householdsPerWorker: 466,
			needsPartTime: 3,
			understaffed: 2
		});
	});

	it('takes the special-needs count from elsewhere when given one', () => {
		// Counted from resident records: g3 has 10, g1 has 60.
		const { grids: loads, totals } = gridLoads(grids, { g3: 10, g1: 60 });
		expect(loads.find((g) => g.id === 'g3')).toMatchObject({ specialNeedsHouseholds: 10, needsPartTime: false });
		expect(loads.find((g) => g.id === 'g1')).toMatchObject({ specialNeedsHouseholds: 60, reasons: ['specialNeeds'], staffed: false });
		expect(totals.specialNeedsHouseholds).toBe(60 + 12 + 10 + 35 + 49);
	});

	it('adds communities up', () => {
		const a = gridLoads(grids.slice(0, 2)).totals;
		const b = gridLoads(grids.slice(2)).totals;
		// 730 households / 1 worker and 1132 / 3; together 1862 over 4.
		expect(addGridLoadTotals(a, b)).toEqual({ grids: 5, households: 1862, specialNeedsHouseholds: 151, workers: 4, householdsPerWorker: 466, needsPartTime: 3, understaffed: 2 });
	});
});
