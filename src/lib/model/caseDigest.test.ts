import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { overdueDigest } from './caseDigest';
import { appendCaseEvent, archiveCase, listCases, raiseCase, type CaseStep } from './cases';
import { addDepartment } from './departments';
import { sampleCommunity } from './test-helpers';
import { DAY_MS } from './time';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY_START = Date.UTC(2026, 4, 9, 16, 0); // 00:00 on 10 May, China time

function month() {
	const root = sampleCommunity(1);
	addDepartment(root, { id: 'chengguan', name: '城管' });
	const period = new Y.Doc();
	const raise = (title: string, at: number, level: 'ordinary' | 'complex' = 'ordinary') =>
		raiseCase({ root, period }, { grid: 'g1', title, level }, { at, by: 'u-wang' });
	const step = (id: string, type: CaseStep, at: number, input: object = {}) =>
		appendCaseEvent(period, id, type, input as never, { at, by: 'u-li', root });
	return { root, period, raise, step };
}

describe('overdueDigest', () => {
	it('lists what fell due in the day and was missed, and what was still waiting from before', () => {
		const { root, period, raise, step } = month();
		const onTime = raise('按时处理', DAY_START + 9 * HOUR);
		step(onTime, 'dispatched', DAY_START + 9 * HOUR + MIN, { department: 'chengguan' });
		step(onTime, 'on-site', DAY_START + 9 * HOUR + 10 * MIN);
		step(onTime, 'resolved', DAY_START + 9 * HOUR + 25 * MIN);
		const late = raise('到场迟了', DAY_START + 10 * HOUR);
		step(late, 'on-site', DAY_START + 10 * HOUR + 20 * MIN);
		step(late, 'resolved', DAY_START + 10 * HOUR + 25 * MIN);
		const waiting = raise('昨天的积案', DAY_START - 3 * HOUR, 'complex');
		const archived = raise('误报', DAY_START + 11 * HOUR);
		archiveCase({ root, period }, archived);
		const tomorrow = raise('明天的', DAY_START + DAY_MS + HOUR);

		const digest = overdueDigest(listCases(period, 0, { includeArchived: true }), DAY_START + 12 * HOUR, DAY_START + 2 * DAY_MS);
		expect(digest.day).toBe(DAY_START);
		expect(digest.asOf).toBe(DAY_START + DAY_MS);
		expect(digest.fellDue.map((e) => [e.case.id, e.missed])).toEqual([
			[waiting, ['resolve']],
			[late, ['onSite']]
		]);
		expect(digest.carriedOver.map((e) => [e.case.id, e.missed, e.lateMs])).toEqual([
			[waiting, ['onSite'], DAY_MS + 3 * HOUR - 15 * MIN]
		]);
		expect(JSON.stringify(digest)).not.toContain(tomorrow);
	});

	it('judges today at now, so a deadline still ahead is not in it', () => {
		const { period, raise } = month();
		const id = raise('刚上报', DAY_START + 9 * HOUR);
		const now = DAY_START + 9 * HOUR + 20 * MIN;
		const digest = overdueDigest(listCases(period, now), now, now);
		expect(digest.asOf).toBe(now);
		expect(digest.fellDue.map((e) => [e.case.id, e.missed, e.lateMs, e.case.status])).toEqual([[id, ['onSite'], 5 * MIN, 'reported']]);
		expect(digest.carriedOver).toEqual([]);
	});
});
