import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addHousehold, updateHousehold } from './households';
import { expectRefused, replicaOf, syncAll } from './test-helpers';
import { DAY_MS } from './time';
import { listVisits, logVisit, overdueByWorker, setVisitArchived, visitPlan } from './visits';

/** 09:00 China time on 2 November 2026. */
const NOV_2 = Date.UTC(2026, 10, 2, 1, 0);

describe('the visit log', () => {
	it('appends visits newest first; a mistake is archived, never removed', () => {
		const doc = new Y.Doc();
		const household = addHousehold(doc, { building: '1号楼', door: '101' });
		const first = logVisit(doc, { household, kind: 'home', at: NOV_2, done: '了解近况' }, { by: 'u-g1', at: NOV_2 });
		const second = logVisit(doc, { household, kind: 'phone', at: NOV_2 + DAY_MS, done: '电话问候', followUp: '下周送药' }, { by: 'u-g1' });
		expect(listVisits(doc).map((v) => [v.id, v.kind, v.followUp, v.createdBy])).toEqual([
			[second, 'phone', '下周送药', 'u-g1'],
			[first, 'home', '', 'u-g1']
		]);
		setVisitArchived(doc, second, true, { by: 'u-g1' });
		expect(listVisits(doc, { household }).map((v) => v.id)).toEqual([first]);
		expect(expectRefused(doc, () => logVisit(doc, { household: 'gone', kind: 'home', at: 1, done: '某' })).field).toBe('household');
		expect(expectRefused(doc, () => logVisit(doc, { household, kind: 'home', at: 1, done: '' })).message).toBe('visit done: must not be empty');
	});

	it('counts both visits logged offline on two devices', () => {
		const a = new Y.Doc();
		const household = addHousehold(a, { building: '1号楼', door: '101' });
		const b = replicaOf(a);
		logVisit(a, { household, kind: 'home', at: NOV_2, done: '入户' }, { by: 'u-g1' });
		logVisit(b, { household, kind: 'home', at: NOV_2, done: '入户' }, { by: 'u-g1p' });
		syncAll(a, b);
		expect(listVisits(b)).toHaveLength(2);
	});
});

describe('the visit plan', () => {
	function grid() {
		const doc = new Y.Doc();
		const alone = addHousehold(doc, { building: '3号楼', door: '502', livingAlone: true, visitEveryDays: 14 }, { at: NOV_2 - 30 * DAY_MS });
		const mine = addHousehold(doc, { building: '3号楼', door: '601', disabled: true, visitEveryDays: 7, worker: 'u-g1p' }, { at: NOV_2 - 30 * DAY_MS });
		const unplanned = addHousehold(doc, { building: '4号楼', door: '101' }, { at: NOV_2 - 30 * DAY_MS });
		return { doc, alone, mine, unplanned };
	}

	it('is due the interval after the last visit and overdue from the next China day on', () => {
		const { doc, alone } = grid();
		logVisit(doc, { household: alone, kind: 'home', at: NOV_2 - 14 * DAY_MS, done: '入户' });
		const status = () => visitPlan(doc, NOV_2 + 14 * 3600_000).find((s) => s.household === alone)!;
		// Due at 09:00 on 2 November; on 2 November at 23:00 China time it is not overdue yet.
		expect(status()).toMatchObject({ due: NOV_2, overdueDays: 0, lastVisit: NOV_2 - 14 * DAY_MS });
		expect(visitPlan(doc, NOV_2 + 15 * 3600_000).find((s) => s.household === alone)!.overdueDays).toBe(1);
		logVisit(doc, { household: alone, kind: 'phone', at: NOV_2, done: '电话问候', followUp: '帮助申请助餐' });
		expect(status()).toMatchObject({ due: NOV_2 + 14 * DAY_MS, overdueDays: 0, followUp: '帮助申请助餐' });
	});

	it('counts from registration for a household never visited, and leaves households without a plan out', () => {
		const { doc, mine, alone, unplanned } = grid();
		const plan = visitPlan(doc, NOV_2);
		expect(plan.map((s) => s.household)).toEqual([mine, alone]);
		expect(plan.map((s) => s.overdueDays)).toEqual([23, 16]);
		expect(plan.some((s) => s.household === unplanned)).toBe(false);
		updateHousehold(doc, alone, { visitEveryDays: 0 });
		expect(visitPlan(doc, NOV_2).map((s) => s.household)).toEqual([mine]);
	});

	it("lists overdue visits per worker: the household's own, else every worker of the grid", () => {
		const { doc, alone, mine } = grid();
		const other = new Y.Doc();
		const far = addHousehold(other, { building: '9号楼', door: '1', visitEveryDays: 30 }, { at: NOV_2 - 60 * DAY_MS });
		const workers: Record<string, string[]> = { g1: ['u-g1', 'u-g1p'], g2: [] };
		const overdue = overdueByWorker(
			[
				{ grid: 'g1', doc },
				{ grid: 'g2', doc: other }
			],
			(grid) => workers[grid],
			NOV_2
		);
		const summary = Object.fromEntries([...overdue].map(([worker, list]) => [worker, list.map((o) => [o.grid, o.household, o.overdueDays])]));
		expect(summary).toEqual({
			'u-g1': [['g1', alone, 16]],
			'u-g1p': [
				['g1', mine, 23],
				['g1', alone, 16]
			],
			'': [['g2', far, 30]]
		});
	});
});
