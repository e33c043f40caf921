import { describe, expect, it } from 'vitest';
import { closeCase, dispatchCase, raiseCase, recordOnSite, resolveCase, verifyCase } from '../cases';
import { Community, MemoryDocumentSource } from '../family';
import { addGrid } from '../grids';
import { logService } from '../serviceLog';
import { setUpCommunity } from '../setup';
import { districtFigures } from './district';
import { readCommunityFigures } from './read';
import { buildFixture, cst, NOW } from './test-fixture';

const MAY = { from: '2026-05-01', to: '2026-05-31' };

/** A second, small community: one grid of 450 households, one case handled in time, one mediation. */
async function smallCommunity() {
	const source = new MemoryDocumentSource();
	const community = new Community('small', source, { userId: 'u-sec', now: () => NOW });
	const root = await community.root();
	const may = await community.period('2026-05');
	const at = (time: string) => ({ by: 'u-sec', at: cst(time), root });
	setUpCommunity(root, { id: 'small', name: '小社区' }, at('2026-01-05 09:00'));
	addGrid(root, { id: 'h1', name: '和平第1网格', households: 450, workers: ['u-zhou'] }, at('2026-01-05 09:00'));
	const id = raiseCase({ root, period: may }, { grid: 'h1', title: '井盖缺失', level: 'ordinary', category: 'patrol-4' }, at('2026-05-05 08:00'));
	dispatchCase(may, id, { department: 'chengguan' }, at('2026-05-05 08:01'));
	recordOnSite(may, id, {}, at('2026-05-05 08:10'));
	resolveCase(may, id, {}, at('2026-05-05 08:25'));
	verifyCase(may, id, {}, at('2026-05-05 09:00'));
	closeCase(may, id, {}, at('2026-05-05 09:10'));
	logService(may, { kind: 'mediation', volunteerId: 'v9', at: cst('2026-05-06 10:00'), grid: 'h1', minutes: 30 }, { by: 'u-sec' });
	return community;
}

describe('the district roll-up', () => {
	it('adds every community up, side by side with their own figures', async () => {
		const a = await readCommunityFigures((await buildFixture()).community, MAY);
		const b = await readCommunityFigures(await smallCommunity(), MAY);
		const district = districtFigures(MAY, [
			{ id: 'fixture', figures: a.figures },
			{ id: 'small', figures: b.figures }
		]);
		expect(district.communities.map((c) => c.figures.name)).toEqual(['测试社区', '小社区']);
		const { total } = district;
		// 7 cases in the fixture's May, 1 in the small community.
		expect(total.reported).toBe(8);
		expect(total.byCategory).toEqual({ patrol: 4, visit: 1, publicity: 0, service: 1, mediation: 1, none: 1 });
		// On site: 2 met, 4 missed, 1 pending + the small one's met; ordinary: 1/2/1 + 1 met.
		expect(total.compliance.onSite).toEqual({ met: 3, missed: 4, pending: 1, share: 3 / 7 });
		expect(total.compliance.ordinary).toEqual({ met: 2, missed: 2, pending: 1, share: 0.5 });
		expect(total.finish).toEqual({ met: 4, missed: 2, pending: 2, share: 4 / 6 });
		expect(total.trend[4]).toMatchObject({ bucket: '2026-05-05', reported: 1 });
		expect(total.trend[17]).toMatchObject({ bucket: '2026-05-18', reported: 2 });
		expect(total.services.mediation).toEqual({ count: 2, minutes: 105, hours: 1.75 });
		// 90 + 30 minutes of volunteer services, 5.5 hours attended.
		expect(total.volunteers).toEqual({ serviceMinutes: 120, serviceHours: 2, activityHours: 5.5, hours: 7.5 });
		// The small community's case is closed: open cases are the fixture's.
		expect(total.open).toEqual(a.figures.open);
		expect(total.fulfilment).toEqual(a.figures.fulfilment);
		// 1030 + 450 households over 2 + 1 workers; h1 has over 400 households and one worker.
		expect(total.gridLoad).toEqual({ grids: 4, households: 1480, specialNeedsHouseholds: 55, workers: 3, householdsPerWorker: 493, needsPartTime: 3, understaffed: 3 });
	});
});
