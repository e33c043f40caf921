import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { careCountOf, careCountsOf, chinaDayNumber, setCareCount, sumCareNumbers } from './careCounts';
import { addHealthFile } from './healthFiles';
import { addHousehold, archiveHousehold, getHousehold } from './households';
import { requestSickbed } from './sickbed';
import { DAY_MS } from './time';
import { logVisit } from './visits';

const NOV_2 = Date.UTC(2026, 10, 2, 1, 0);

function grid() {
	const doc = new Y.Doc();
	const alone = addHousehold(doc, { building: '3号楼', door: '502', livingAlone: true, chronicIllness: true, visitEveryDays: 14, members: [{ name: '赵秀珍', ageBand: '80+' }] }, { at: NOV_2 - 20 * DAY_MS });
	addHousehold(doc, { building: '3号楼', door: '601', lowIncome: true, visitEveryDays: 30, members: [{ name: '钱某', ageBand: '65-79' }, { name: '钱某某', ageBand: '0-17' }] }, { at: NOV_2 - DAY_MS });
	addHousehold(doc, { building: '4号楼', door: '101' });
	const moved = addHousehold(doc, { building: '5号楼', door: '101', disabled: true });
	archiveHousehold(doc, moved);
	const elder = getHousehold(doc, alone)!.members[0].id;
	addHealthFile(doc, { household: alone, member: elder, conditions: '高血压' });
	requestSickbed(doc, { household: alone, member: elder, reason: '卧床', requestedAt: NOV_2 });
	logVisit(doc, { household: alone, kind: 'home', at: NOV_2 - 40 * DAY_MS, done: '入户' });
	logVisit(doc, { household: alone, kind: 'home', at: NOV_2 - 20 * DAY_MS, done: '入户' });
	logVisit(doc, { household: alone, kind: 'phone', at: NOV_2 - 3600_000, done: '电话' });
	return doc;
}

describe('care counts', () => {
	it('counts a grid without a single name, address or note in them', () => {
		const entry = careCountOf(grid(), NOV_2);
		expect(entry).toMatchObject({
			households: 3,
			specialNeeds: 2,
			needs: { livingAlone: 1, disabled: 0, lowIncome: 1, chronicIllness: 1, leftBehindChildren: 0 },
			elderly: 2,
			healthFiles: 1,
			visits: { '2026-09': 1, '2026-10': 1, '2026-11': 1 },
			openSickbed: 1
		});
		const today = chinaDayNumber(NOV_2);
		expect(entry.due).toEqual({ [today + 14]: 1, [today + 29]: 1 });
		expect(JSON.stringify(entry)).not.toMatch(/[\u4e00-\u9fff]/);
	});

	it('reads the numbers at the reader’s own time: this month’s visits, overdue by then', () => {
		const root = new Y.Doc();
		setCareCount(root, 'g1', careCountOf(grid(), NOV_2));
		expect(careCountsOf(root, NOV_2).g1).toMatchObject({ visitsThisMonth: 1, overdueVisits: 0, dueThisWeek: 0, specialNeeds: 2 });
		// A month on: no visit yet this month, and both planned visits have fallen due.
		const later = careCountsOf(root, NOV_2 + 31 * DAY_MS).g1;
		expect([later.visitsThisMonth, later.overdueVisits]).toEqual([0, 2]);
		expect(later.visitsByMonth.slice(-2)).toEqual([
			{ period: '2026-11', count: 1 },
			{ period: '2026-12', count: 0 }
		]);
		expect(careCountsOf(root, NOV_2 + 10 * DAY_MS).g1.dueThisWeek).toBe(1);
	});

	it('files visits overdue when counted under the day before, so they stay overdue', () => {
		const doc = grid();
		const entry = careCountOf(doc, NOV_2 + 20 * DAY_MS);
		const root = new Y.Doc();
		setCareCount(root, 'g1', entry);
		expect(careCountsOf(root, NOV_2 + 20 * DAY_MS).g1.overdueVisits).toBe(1);
	});

	it('writes only when the numbers changed, skips unreadable entries and adds grids up', () => {
		const root = new Y.Doc();
		const doc = grid();
		expect(setCareCount(root, 'g1', careCountOf(doc, NOV_2))).toBe(true);
		expect(setCareCount(root, 'g1', careCountOf(doc, NOV_2))).toBe(false);
		setCareCount(root, 'g2', careCountOf(new Y.Doc(), NOV_2));
		root.getMap('careCounts').set('g3', { households: 'many' });
		const numbers = careCountsOf(root, NOV_2);
		expect(Object.keys(numbers)).toEqual(['g1', 'g2']);
		const total = sumCareNumbers(Object.values(numbers));
		expect([total.households, total.specialNeeds, total.needs.livingAlone, total.visitsByMonth.at(-1)]).toEqual([3, 2, 1, { period: '2026-11', count: 1 }]);
	});
});
