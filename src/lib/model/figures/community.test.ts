import { describe, expect, it } from 'vitest';
import { setCareCount } from '../careCounts';
import { listCommitments } from '../commitments';
import { communityFigures, type CommunityParts } from './community';
import { summarisePairing } from './fulfilment';
import { addOpenCounts, summarisePeriod } from './period';
import { summariseRoot } from './root';
import { buildFixture, NOW } from './test-fixture';

/** The fixture's parts as the server sums them: every month, every live agreement. */
async function partsOf(): Promise<CommunityParts> {
	const fixture = await buildFixture();
	const root = summariseRoot(fixture.root);
	const periods = [summarisePeriod('2026-04', fixture.april, NOW), summarisePeriod('2026-05', fixture.may, NOW)];
	const pairings = await Promise.all(root.pairings.map(async (id) => summarisePairing(listCommitments(await fixture.community.pairing(id)), NOW)));
	return { root, periods, open: addOpenCounts(...periods.map((p) => p.open)), pairings };
}

const rate = (met: number, missed: number, pending: number) => ({ met, missed, pending, share: met + missed ? met / (met + missed) : null });
const MAY = { from: '2026-05-01', to: '2026-05-31' };

// Counted by hand from test-fixture.ts: in May's range, A B C D E F (reported in May) and K
// (filed in April, its clock started on 1 May); G is archived; H and J are April's.
describe("a community's figures over a range", () => {
	it('counts the cases reported in the range by level, category (task items read as their category) and grid', async () => {
		const figures = communityFigures(await partsOf(), MAY);
		expect(figures.name).toBe('测试社区');
		expect(figures.reported).toBe(7);
		expect(figures.byLevel).toEqual({ ordinary: 4, complex: 2, major: 1 });
		// patrol-1 (A, K), patrol-2 (B); visit-1 (C); the key `service` (E); mediation-1 (D); F has none.
		expect(figures.byCategory).toEqual({ patrol: 3, visit: 1, publicity: 0, service: 1, mediation: 1, none: 1 });
		// g1: A B C E F; g2: D K; g3: none. The mean is 7/3, so g1 (5 ≥ 3 and ≥ 4.67) stands out.
		expect(figures.byGrid).toEqual([
			{ id: 'g1', name: '第1网格', count: 5, standsOut: true },
			{ id: 'g2', name: '第2网格', count: 2, standsOut: false },
			{ id: 'g3', name: '第3网格', count: 0, standsOut: false }
		]);
	});

	it('gives the share of each 1341 deadline met among those decided', async () => {
		const figures = communityFigures(await partsOf(), MAY);
		// On site: A C met; B D E K missed; F still has until 12:05.
		expect(figures.compliance.onSite).toEqual(rate(2, 4, 1));
		// Ordinary: A met; B K missed; E due 12:10. Complex: C met; F due 15:50. Major: D planned in time.
		expect(figures.compliance.ordinary).toEqual(rate(1, 2, 1));
		expect(figures.compliance.complex).toEqual(rate(1, 0, 1));
		expect(figures.compliance.major).toEqual(rate(1, 0, 0));
		expect(figures.finish).toEqual(rate(3, 2, 2));
	});

	it('draws the trend day by day over a month, quiet days included', async () => {
		const { trend, bucketing } = communityFigures(await partsOf(), MAY);
		expect(bucketing).toBe('day');
		expect(trend).toHaveLength(31);
		expect(trend[0]).toEqual({ bucket: '2026-05-01', reported: 1, onSite: rate(0, 1, 0), finish: rate(0, 1, 0) });
		expect(trend[1]).toEqual({ bucket: '2026-05-02', reported: 0, onSite: rate(0, 0, 0), finish: rate(0, 0, 0) });
		expect(trend[17]).toEqual({ bucket: '2026-05-18', reported: 2, onSite: rate(1, 1, 0), finish: rate(1, 1, 0) });
		expect(trend[18]).toEqual({ bucket: '2026-05-19', reported: 2, onSite: rate(1, 1, 0), finish: rate(2, 0, 0) });
		expect(trend[19]).toEqual({ bucket: '2026-05-20', reported: 2, onSite: rate(0, 1, 1), finish: rate(0, 0, 2) });
	});

	it('counts only the days of the range', async () => {
		const parts = await partsOf();
		// 18–19 May: A B C D.
		const two = communityFigures(parts, { from: '2026-05-18', to: '2026-05-19' });
		expect(two.reported).toBe(4);
		expect(two.compliance.onSite).toEqual(rate(2, 2, 0));
		expect(two.services['home-visit']).toEqual({ count: 1, minutes: 40, hours: 0.67 });
		expect(two.services.mediation.count).toBe(0);
		expect(two.volunteers).toEqual({ serviceMinutes: 90, serviceHours: 1.5, activityHours: 0, hours: 1.5 });
		// April: H (30th) and J (10th); K counts in May.
		const april = communityFigures(parts, { from: '2026-04-01', to: '2026-04-30' });
		expect(april.reported).toBe(2);
		expect(april.compliance.onSite).toEqual(rate(1, 1, 0));
		expect(april.services.patrol).toEqual({ count: 1, minutes: 90, hours: 1.5 });
	});

	it('adds up services and volunteer time over the range', async () => {
		const figures = communityFigures(await partsOf(), MAY);
		expect(figures.services).toEqual({
			'home-visit': { count: 1, minutes: 40, hours: 0.67 },
			'elder-care': { count: 1, minutes: 60, hours: 1 },
			'micro-service': { count: 1, minutes: 30, hours: 0.5 },
			mediation: { count: 1, minutes: 75, hours: 1.25 },
			publicity: { count: 0, minutes: 0, hours: 0 },
			patrol: { count: 0, minutes: 0, hours: 0 }
		});
		// 90 minutes of services for volunteers, 5.5 hours attended on the 16th.
		expect(figures.volunteers).toEqual({ serviceMinutes: 90, serviceHours: 1.5, activityHours: 5.5, hours: 7 });
	});

	it('shows open cases, agreements and grid load as they are now, whatever the range', async () => {
		const parts = await partsOf();
		for (const range of [MAY, { from: '2026-01-01', to: '2026-01-31' }]) {
			const figures = communityFigures(parts, range);
			// B D E F (May) and J K (April); E J K are late.
			expect(figures.open.total).toBe(6);
			expect(figures.open.late).toBe(3);
			expect(figures.open.byDepartment['']).toEqual({ ordinary: 1, complex: 1, major: 0 });
			// p1: done (100%) and late (60%, due 10 May); p2: 0%, due in June; p3 is archived.
			expect(figures.fulfilment).toEqual({ agreements: 2, commitments: 3, done: 1, overdue: 1, percentSum: 160, averagePercent: 160 / 3 });
			// g1 320 (u-wang), g2 410 (nobody), g3 300 with 55 special-needs households (u-li); g4 is archived.
			expect(figures.gridLoad).toEqual({ grids: 3, households: 1030, specialNeedsHouseholds: 55, workers: 2, householdsPerWorker: 515, needsPartTime: 2, understaffed: 2 });
			expect(figures.grids.map((g) => [g.id, g.reasons])).toEqual([['g1', []], ['g2', ['households']], ['g3', ['specialNeeds']]]);
		}
	});

	it('takes a grid\'s special-needs households from its care register when that counts more than the grid record', async () => {
		const fixture = await buildFixture();
		const needs = { livingAlone: 0, disabled: 0, lowIncome: 0, chronicIllness: 0, leftBehindChildren: 0 };
		const entry = (specialNeeds: number) => ({ households: 80, specialNeeds, needs, elderly: 0, healthFiles: 0, visits: {}, due: {}, openSickbed: 0 });
		// g1's record says 0: its register of 60 makes it need a part-time worker; g3's record says 55, its register only 12.
		setCareCount(fixture.root, 'g1', entry(60));
		setCareCount(fixture.root, 'g3', entry(12));
		const grids = summariseRoot(fixture.root).grids;
		expect(grids.map((g) => [g.id, g.specialNeedsHouseholds])).toEqual([['g1', 60], ['g2', 0], ['g3', 55]]);
		const figures = communityFigures({ ...(await partsOf()), root: summariseRoot(fixture.root) }, MAY);
		expect(figures.grids.map((g) => [g.id, g.reasons])).toEqual([['g1', ['specialNeeds']], ['g2', ['households']], ['g3', ['specialNeeds']]]);
	});
});
