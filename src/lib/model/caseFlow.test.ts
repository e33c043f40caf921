import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { flagsByEvent, mayCorrectCase, nextSteps, type CaseActor } from './caseFlow';
import { appendCaseEvent, archiveCase, getCase, raiseCase, type CaseStep } from './cases';
import { addDepartment } from './departments';
import { seedTaskList } from './taskList';
import { replicaOf, sampleCommunity, syncAll } from './test-helpers';

const MIN = 60_000;
const T0 = Date.UTC(2026, 4, 10, 2, 0);

const worker: CaseActor = { role: 'gridworker', grids: ['g1'], departments: [] };
const otherWorker: CaseActor = { role: 'gridworker', grids: ['g2'], departments: [] };
const liaison: CaseActor = { role: 'liaison', grids: [], departments: ['chengguan'] };
const otherLiaison: CaseActor = { role: 'liaison', grids: [], departments: ['dianli'] };
const secretary: CaseActor = { role: 'secretary', grids: [], departments: [] };
const volunteer: CaseActor = { role: 'volunteer', grids: ['g1'], departments: ['chengguan'] };

function setup(level: 'ordinary' | 'major' = 'ordinary') {
	const root = sampleCommunity(1);
	addDepartment(root, { id: 'chengguan', name: '城管' });
	addDepartment(root, { id: 'dianli', name: '电力' });
	seedTaskList(root);
	const period = new Y.Doc();
	const docs = { root, period };
	const id = raiseCase(docs, { grid: 'g1', title: '井盖缺失', level, category: 'patrol' }, { at: T0, by: 'u-wang' });
	let minute = 0;
	const take = (type: CaseStep, input: object = {}) =>
		appendCaseEvent(period, id, type, input as never, { at: T0 + ++minute * MIN, by: 'x', root });
	return { docs, id, take, read: () => getCase(period, id, T0 + 100 * MIN)! };
}

describe('nextSteps', () => {
	it('offers the grid worker the dispatch of a new case, and nothing to the department yet', () => {
		const { read } = setup();
		expect(nextSteps(read(), worker)).toEqual(['dispatched', 'commented']);
		expect(nextSteps(read(), liaison)).toEqual([]);
		expect(nextSteps(read(), otherWorker)).toEqual([]);
		expect(nextSteps(read(), volunteer)).toEqual([]);
		expect(nextSteps(read(), secretary)).toEqual(['dispatched', 'commented']);
	});

	it('follows an ordinary case through the department and back to the grid', () => {
		const { take, read } = setup();
		take('dispatched', { department: 'chengguan' });
		expect(nextSteps(read(), liaison)).toEqual(['accepted', 'on-site', 'returned', 'extended', 'commented']);
		expect(nextSteps(read(), otherLiaison)).toEqual([]);
		expect(nextSteps(read(), worker)).toEqual(['on-site', 'dispatched', 'extended', 'commented']);
		take('accepted');
		expect(nextSteps(read(), liaison)).toEqual(['on-site', 'dispatched', 'returned', 'extended', 'commented']);
		expect(nextSteps(read(), worker)).toEqual(['on-site', 'extended', 'commented']);
		take('on-site');
		expect(nextSteps(read(), liaison)).toEqual(['resolved', 'returned', 'extended', 'commented']);
		// On the spot, the grid worker may record the department's resolution on its behalf.
		expect(nextSteps(read(), worker)).toEqual(['resolved', 'extended', 'commented']);
		take('resolved');
		expect(nextSteps(read(), liaison)).toEqual(['commented']);
		expect(nextSteps(read(), worker)).toEqual(['verified', 'returned', 'commented']);
		take('verified');
		expect(nextSteps(read(), worker)).toEqual(['closed', 'returned', 'commented']);
		take('closed');
		expect(nextSteps(read(), worker)).toEqual(['returned', 'commented']);
		expect(nextSteps(read(), secretary)).toEqual(['returned', 'commented']);
	});

	it('offers a plan, not a resolution, on a major case', () => {
		const { take, read } = setup('major');
		take('dispatched', { department: 'chengguan' });
		take('on-site');
		expect(nextSteps(read(), liaison)).toEqual(['planned', 'returned', 'extended', 'commented']);
		expect(nextSteps(read(), worker)).toEqual(['planned', 'extended', 'commented']);
		expect(nextSteps(read(), secretary)).toEqual(['planned', 'returned', 'extended', 'commented']);
	});

	it('waits for a new dispatch after the department returns a case', () => {
		const { take, read } = setup();
		take('dispatched', { department: 'chengguan' });
		take('returned', { reason: '不属于城管职责' });
		expect(nextSteps(read(), liaison)).toEqual([]);
		expect(nextSteps(read(), worker)).toEqual(['dispatched', 'commented']);
	});

	it('offers nothing on an archived case', () => {
		const { docs, id, read } = setup();
		archiveCase(docs, id);
		expect(nextSteps(read(), secretary)).toEqual([]);
	});
});

describe('mayCorrectCase', () => {
	it('lets the managers and the grid workers of its grid correct a case, until it is archived', () => {
		const { docs, id, read } = setup();
		expect([worker, otherWorker, liaison, secretary, volunteer].map((actor) => mayCorrectCase(read(), actor))).toEqual([
			true,
			false,
			false,
			true,
			false
		]);
		archiveCase(docs, id, { at: T0, by: 'sec' });
		expect(mayCorrectCase(read(), secretary)).toBe(false);
	});
});

describe('flagsByEvent', () => {
	it('puts each anomaly on its event and skips those of the case as a whole', () => {
		expect(
			flagsByEvent(['no reported event', 'event e1: on-site after closed', 'event e2: reported twice', 'event e1: second'])
		).toEqual(
			new Map([
				['e1', ['on-site after closed', 'second']],
				['e2', ['reported twice']]
			])
		);
	});

	it('flags the late step that arrives from another replica', () => {
		const { docs, id, take } = setup();
		const phone = replicaOf(docs.period);
		take('dispatched', { department: 'chengguan' });
		take('on-site');
		take('resolved');
		take('verified');
		take('closed');
		// Offline since the dispatch, the phone records an arrival after the case was closed.
		const late = appendCaseEvent(phone, id, 'on-site', {}, { at: T0 + 30 * MIN, by: 'l' });
		syncAll(docs.period, phone);
		const found = getCase(docs.period, id, T0 + 40 * MIN)!;
		expect(found.status).toBe('closed');
		expect(flagsByEvent(found.anomalies).get(late)).toEqual(['on-site after closed']);
	});
});
