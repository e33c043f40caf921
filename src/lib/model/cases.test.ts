import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	acceptCase,
	appendCaseEvent,
	archiveCase,
	caseAt,
	closeCase,
	commentCase,
	dispatchCase,
	extendCase,
	getCase,
	listCases,
	listOpenCaseRefs,
	planCase,
	raiseCase,
	recordOnSite,
	resolveCase,
	restoreCase,
	returnCase,
	stampRelayTime,
	syncOpenCaseIndex,
	updateCase,
	verifyCase,
	caseHistory
} from './cases';
import { addCaseEvent, openCasesOf, raiseCaseIn, reportCaseIn } from './communityCases';
import { collection } from './community';
import { addDepartment, archiveDepartment } from './departments';
import { rootDocName } from './documents';
import { ModelError } from './errors';
import { Community, MemoryDocumentSource, periodOfRecordId } from './family';
import { addGrid, archiveGrid } from './grids';
import { fieldHistory, setArchived } from './records';
import { setUpCommunity } from './setup';
import { archiveTaskItem, seedTaskList } from './taskList';
import { canonicalJson, expectRefused, recordUpdates, replicaOf, sampleCommunity, syncAll } from './test-helpers';

const MIN = 60_000;
const T0 = Date.UTC(2026, 4, 10, 2, 0); // 10:00 on 10 May, China time
const at = (minutes: number) => T0 + minutes * MIN;

function setup() {
	const root = sampleCommunity(1);
	addDepartment(root, { id: 'chengguan', name: '城管' });
	addDepartment(root, { id: 'zhujian', name: '住建' });
	addDepartment(root, { id: 'gone', name: '旧部门' });
	archiveDepartment(root, 'gone');
	seedTaskList(root);
	const period = new Y.Doc();
	period.clientID = 11;
	return { root, period };
}

const input = { grid: 'g1', title: '楼道堆放杂物', level: 'ordinary', location: '3号楼2单元' } as const;

function raise(docs: { root: Y.Doc; period: Y.Doc }, extra: object = {}, minutes = 0): string {
	return raiseCase(docs, { ...input, ...extra }, { at: at(minutes), by: 'u-wang' });
}

function rawEvents(period: Y.Doc, id: string): unknown[] {
	return ((collection(period, 'cases').get(id) as Y.Map<unknown>).get('events') as Y.Array<unknown>).toArray();
}

describe('raiseCase', () => {
	it('writes the case with its reported event and indexes it as open', () => {
		const docs = setup();
		const id = raise(docs, { category: 'patrol-2' });
		expect(id).toMatch(/^2026-05-[a-z0-9]{16}$/);
		expect(periodOfRecordId(id)).toBe('2026-05');
		expect(getCase(docs.period, id, at(1))).toMatchObject({
			id,
			period: '2026-05',
			grid: 'g1',
			title: '楼道堆放杂物',
			description: '',
			category: 'patrol-2',
			level: 'ordinary',
			reporter: 'u-wang',
			location: '3号楼2单元',
			photo: '',
			archived: false,
			createdAt: T0,
			createdBy: 'u-wang',
			events: [{ id: expect.any(String), type: 'reported', at: T0, by: 'u-wang' }],
			status: 'reported',
			reportedAt: T0,
			deadlines: { onSite: at(15), resolve: at(30) },
			anomalies: [],
			problems: []
		});
		expect(listOpenCaseRefs(docs.root)).toEqual([
			{ caseId: id, period: '2026-05', grid: 'g1', level: 'ordinary', reportedAt: T0 }
		]);
	});

	it('names the month of the report in China time', () => {
		const docs = setup();
		const id = raiseCase(docs, input, { at: Date.UTC(2026, 4, 31, 16, 30) });
		expect(id.startsWith('2026-06-')).toBe(true);
	});

	it('takes a category key, a reporter and a photo reference', () => {
		const docs = setup();
		const id = raise(docs, { category: 'mediation', reporter: 'u-li', photo: 'blob:abc123', level: 'major' });
		expect(getCase(docs.period, id, T0)).toMatchObject({ category: 'mediation', reporter: 'u-li', photo: 'blob:abc123', level: 'major' });
	});

	it.each([
		['an empty title', { title: '  ' }, 'title'],
		['an over-long title', { title: 't'.repeat(81) }, 'title'],
		['an over-long description', { description: 'd'.repeat(2001) }, 'description'],
		['an over-long location', { location: 'l'.repeat(201) }, 'location'],
		['an unknown level', { level: 'urgent' }, 'level'],
		['an unknown grid', { grid: 'g9' }, 'grid'],
		['a malformed grid id', { grid: 'G 1' }, 'grid'],
		['a category not in the task list', { category: 'cleaning' }, 'category'],
		['an empty reporter', { reporter: '' }, 'reporter'],
		['an unknown field', { status: 'closed' }, 'status']
	])('refuses %s, writing nothing to either document', (_label, extra, field) => {
		const docs = setup();
		const error = expectRefused([docs.root, docs.period], () => raise(docs, extra));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});

	it('refuses an archived grid or task list item', () => {
		const docs = setup();
		archiveGrid(docs.root, 'g2');
		archiveTaskItem(docs.root, 'visit-1');
		expect(expectRefused([docs.root, docs.period], () => raise(docs, { grid: 'g2' })).field).toBe('grid');
		expect(expectRefused([docs.root, docs.period], () => raise(docs, { category: 'visit-1' })).field).toBe('category');
	});
});

describe('the steps of a case', () => {
	it('appends one event per step and never rewrites the log', () => {
		const docs = setup();
		const id = raise(docs);
		const steps: [() => string, string][] = [
			[() => dispatchCase(docs.period, id, { department: 'chengguan' }, { at: at(1), root: docs.root }), 'dispatched'],
			[() => acceptCase(docs.period, id, {}, { at: at(2) }), 'accepted'],
			[() => recordOnSite(docs.period, id, { note: '已到现场' }, { at: at(9) }), 'on-site'],
			[() => commentCase(docs.period, id, { note: '需要清运车' }, { at: at(10) }), 'commented'],
			[() => resolveCase(docs.period, id, undefined, { at: at(25) }), 'resolved'],
			[() => verifyCase(docs.period, id, {}, { at: at(30) }), 'verified'],
			[() => closeCase(docs.period, id, { note: '居民满意' }, { at: at(31) }), 'closed']
		];
		for (const [step, type] of steps) {
			const before = rawEvents(docs.period, id);
			const eventId = step();
			const after = rawEvents(docs.period, id);
			expect(after.slice(0, before.length)).toEqual(before);
			expect(after.slice(before.length)).toEqual([expect.objectContaining({ id: eventId, type })]);
		}
		expect(rawEvents(docs.period, id)[3]).toEqual({ id: expect.any(String), type: 'on-site', at: at(9), by: '', note: '已到现场' });
		const found = getCase(docs.period, id, at(60));
		expect(found).toMatchObject({ status: 'closed', department: 'chengguan', met: { onSite: true, resolve: true }, anomalies: [] });
	});

	it('plans, extends and returns', () => {
		const docs = setup();
		const id = raise(docs, { level: 'major' });
		dispatchCase(docs.period, id, { department: 'zhujian' }, { at: at(1) });
		recordOnSite(docs.period, id, {}, { at: at(12) });
		extendCase(docs.period, id, { reason: '需要专家论证', deadline: at(2880) }, { at: at(600) });
		planCase(docs.period, id, { note: '分两期维修' }, { at: at(2000) });
		expect(getCase(docs.period, id, at(2100))).toMatchObject({ status: 'planned', deadlines: { plan: at(2880) }, met: { plan: true } });
		returnCase(docs.period, id, { reason: '方案未获居民同意' }, { at: at(2200) });
		expect(getCase(docs.period, id, at(2201))).toMatchObject({ status: 'returned', department: '' });
	});

	it('checks the department against the root only when given it', () => {
		const docs = setup();
		const id = raise(docs);
		expect(dispatchCase(docs.period, id, { department: 'nowhere' })).toBeTruthy();
		const refused = (department: string) =>
			expectRefused([docs.root, docs.period], () => dispatchCase(docs.period, id, { department }, { root: docs.root }));
		expect([refused('nowhere').field, refused('gone').field]).toEqual(['department', 'department']);
	});

	it.each([
		['a malformed department', 'dispatched', { department: 'City Mgmt' }, 'department'],
		['a return without a reason', 'returned', {}, 'reason'],
		['a blank reason', 'returned', { reason: '   ' }, 'reason'],
		['an over-long reason', 'returned', { reason: 'r'.repeat(501) }, 'reason'],
		['an empty comment', 'commented', { note: '' }, 'note'],
		['an over-long note', 'on-site', { note: 'n'.repeat(501) }, 'note'],
		['an extension without a deadline', 'extended', { reason: 'x' }, 'deadline'],
		['an extension into the past', 'extended', { reason: 'x', deadline: at(-1) }, 'deadline'],
		['a fractional deadline', 'extended', { reason: 'x', deadline: at(60) + 0.5 }, 'deadline'],
		['a plan for an ordinary case', 'planned', {}, 'level'],
		['an unknown field', 'accepted', { department: 'chengguan' }, 'department'],
		['a second report', 'reported', {}, 'type'],
		['an unknown step', 'reopened', {}, 'type']
	])('refuses %s, writing nothing', (_label, type, stepInput, field) => {
		const docs = setup();
		const id = raise(docs);
		const error = expectRefused([docs.period], () =>
			appendCaseEvent(docs.period, id, type as never, stepInput as never, { at: at(1), root: docs.root })
		);
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});

	it('refuses to resolve a major case, and steps of an unknown case', () => {
		const docs = setup();
		const id = raise(docs, { level: 'major' });
		expect(expectRefused([docs.period], () => resolveCase(docs.period, id)).field).toBe('level');
		expect(expectRefused([docs.period], () => acceptCase(docs.period, '2026-05-nope')).code).toBe('not-found');
	});
});

describe('two replicas offline', () => {
	it('keep both transitions in the log and derive the same status', () => {
		const docs = setup();
		const id = raise(docs);
		dispatchCase(docs.period, id, { department: 'chengguan' }, { at: at(1) });
		const a = docs.period;
		const b = replicaOf(a, 12);
		acceptCase(a, id, {}, { at: at(3), by: 'u-liaison' });
		recordOnSite(b, id, {}, { at: at(4), by: 'u-worker' });
		syncAll(a, b);
		const [onA, onB] = [a, b].map((doc) => getCase(doc, id, at(5)));
		expect(onA?.events.map((e) => e.type)).toEqual(['reported', 'dispatched', 'accepted', 'on-site']);
		expect(canonicalJson(onA)).toBe(canonicalJson(onB));
		expect(onA?.status).toBe('on-site');
	});

	it('agree on a case closed on one and returned on the other', () => {
		const docs = setup();
		const id = raise(docs);
		dispatchCase(docs.period, id, { department: 'chengguan' }, { at: at(1) });
		recordOnSite(docs.period, id, {}, { at: at(5) });
		resolveCase(docs.period, id, {}, { at: at(20) });
		verifyCase(docs.period, id, {}, { at: at(30) });
		const b = replicaOf(docs.period, 12);
		closeCase(docs.period, id, {}, { at: at(40) });
		returnCase(b, id, { reason: '又漏水了' }, { at: at(41) });
		syncAll(docs.period, b);
		const derived = [docs.period, b].map((doc) => getCase(doc, id, at(50)));
		expect(derived.map((c) => c?.status)).toEqual(['returned', 'returned']);
		expect(derived[0]?.events).toHaveLength(7);
		expect(canonicalJson(derived[0])).toBe(canonicalJson(derived[1]));
	});
});

describe('caseAt', () => {
	it('derives the clock again at another moment without reading the document', () => {
		const docs = setup();
		const id = raise(docs);
		const read = getCase(docs.period, id, at(1))!;
		expect(read).toMatchObject({ overdue: { onSite: false }, dueSoon: false });
		expect(caseAt(read, at(11))).toMatchObject({ overdue: { onSite: false }, dueSoon: true, title: read.title });
		expect(caseAt(read, at(16))).toEqual(getCase(docs.period, id, at(16)));
	});
});

describe('the open-case index', () => {
	function community(start: number) {
		const source = new MemoryDocumentSource();
		const { root } = setup();
		source.docs.set(rootDocName('xinrong-1'), root);
		let now = start;
		const c = new Community('xinrong-1', source, { userId: 'u-wang', now: () => now });
		return { c, root, setNow: (t: number) => (now = t) };
	}

	it('drops a closed case and takes it back when it is reopened', async () => {
		const { c, root, setNow } = community(T0);
		const id = await raiseCaseIn(c, input);
		expect((await c.periodOfRecord(id)) === (await c.period('2026-05'))).toBe(true);
		expect(getCase(await c.period('2026-05'), id, T0)?.reporter).toBe('u-wang');
		for (const [type, stepInput] of [
			['dispatched', { department: 'chengguan' }],
			['on-site', {}],
			['resolved', {}],
			['verified', {}]
		] as const) {
			setNow(c.now() + MIN);
			await addCaseEvent(c, id, type, stepInput);
			expect(listOpenCaseRefs(root).map((r) => r.caseId)).toEqual([id]);
		}
		setNow(c.now() + MIN);
		await addCaseEvent(c, id, 'closed', {});
		expect(listOpenCaseRefs(root)).toEqual([]);
		expect(await openCasesOf(c)).toEqual([]);

		setNow(c.now() + MIN);
		await addCaseEvent(c, id, 'returned', { reason: '居民投诉问题复发' });
		expect(listOpenCaseRefs(root).map((r) => r.caseId)).toEqual([id]);
		expect((await openCasesOf(c)).map((x) => [x.id, x.status])).toEqual([[id, 'returned']]);
	});

	it('keeps an open case of an old month reachable, and ignores a stale entry', async () => {
		const { c, root, setNow } = community(T0);
		const old = await raiseCaseIn(c, input);
		const closed = await raiseCaseIn(c, { ...input, title: '路灯不亮' });
		for (const type of ['dispatched', 'on-site', 'resolved', 'verified', 'closed'] as const) {
			setNow(c.now() + MIN);
			await addCaseEvent(c, closed, type, (type === 'dispatched' ? { department: 'chengguan' } : {}) as never);
		}
		// A replica that had not seen the close put the entry back: readers check the status.
		collection(root, 'openCases').set(closed, { period: '2026-05', grid: 'g1', level: 'ordinary', reportedAt: T0 });
		setNow(Date.UTC(2026, 8, 15)); // September: May is outside the working set
		const recent = await raiseCaseIn(c, { ...input, level: 'complex' });
		expect((await openCasesOf(c)).map((x) => x.id)).toEqual([old, recent]);
		await expect(addCaseEvent(c, old, 'dispatched', { department: 'gone' })).rejects.toThrow(ModelError);
		await expect(addCaseEvent(c, 'not-a-case', 'accepted', {})).rejects.toThrow(/not the id of a record kept by month/);
	});

	it('requires a category from the task list in a grid worker\'s report, writing nothing without one', async () => {
		const { c, root } = community(T0);
		const period = await c.period('2026-05');
		for (const [report, field] of [
			[{ ...input }, 'category'],
			[{ ...input, category: '  ' }, 'category'],
			[{ ...input, category: 'no-such-item' }, 'category'],
			[{ ...input, grid: '', category: 'patrol' }, 'grid']
		] as const) {
			const error = await reportCaseIn(c, report as never).catch((caught: ModelError) => caught);
			expect([error instanceof ModelError, (error as ModelError).field]).toEqual([true, field]);
		}
		expect(listCases(period, T0)).toEqual([]);
		expect(listOpenCaseRefs(root)).toEqual([]);
		const id = await reportCaseIn(c, { ...input, category: 'patrol-1' });
		expect(getCase(period, id, T0)).toMatchObject({ category: 'patrol-1', status: 'reported' });
	});

	it('leaves the index alone for a case this replica does not hold yet', () => {
		const docs = setup();
		const id = raise(docs);
		const stop = recordUpdates(docs.root);
		syncOpenCaseIndex(docs.root, new Y.Doc(), id);
		syncOpenCaseIndex(docs.root, docs.period, id);
		expect(stop()).toEqual([]);
		setArchived(collection(docs.period, 'cases').get(id) as Y.Map<unknown>, true, { at: 1, by: '' });
		syncOpenCaseIndex(docs.root, docs.period, id);
		expect(listOpenCaseRefs(docs.root)).toEqual([]);
	});

	it('reports unreadable entries', () => {
		const docs = setup();
		collection(docs.root, 'openCases').set('2026-05-x', { period: 'May' });
		const problems: string[] = [];
		expect(listOpenCaseRefs(docs.root, { problems })).toEqual([]);
		expect(problems).toEqual(['openCases.2026-05-x is unreadable']);
	});
});

describe('relay times', () => {
	it('start the clock at the relay time when the phone clock was off, first stamp kept', () => {
		const docs = setup();
		const id = raise(docs);
		const reportId = getCase(docs.period, id, T0)!.events[0].id;
		stampRelayTime(docs.period, id, reportId, at(120));
		stampRelayTime(docs.period, id, reportId, at(500));
		const found = getCase(docs.period, id, at(121))!;
		expect(found.events[0].relayAt).toBe(at(120));
		expect(found).toMatchObject({ reportedAt: at(120), deadlines: { onSite: at(135) }, overdue: { onSite: false } });
		syncOpenCaseIndex(docs.root, docs.period, id);
		expect(listOpenCaseRefs(docs.root)[0].reportedAt).toBe(at(120));
		expect(expectRefused([docs.period], () => stampRelayTime(docs.period, id, reportId, Number.NaN)).field).toBe('relayAt');
	});
});

describe('reading cases', () => {
	it('lists newest first or by urgency, archived ones only when asked', () => {
		const docs = setup();
		const first = raise(docs, {}, 0);
		const second = raise(docs, { level: 'major' }, 10);
		const third = raise(docs, {}, 20);
		recordOnSite(docs.period, third, {}, { at: at(21) });
		expect(listCases(docs.period, at(22)).map((c) => c.id)).toEqual([third, second, first]);
		// Next deadlines: first on site by 15, second on site by 25, third resolved by 50.
		expect(listCases(docs.period, at(22), { order: 'urgency' }).map((c) => c.id)).toEqual([first, second, third]);
		setArchived(collection(docs.period, 'cases').get(first) as Y.Map<unknown>, true, { at: 1, by: '' });
		expect(listCases(docs.period, at(22)).map((c) => c.id)).toEqual([third, second]);
		expect(listCases(docs.period, at(22), { includeArchived: true })).toHaveLength(3);
	});

	it('shows a case with broken content and reports what it could not read', () => {
		const docs = setup();
		const id = raise(docs);
		dispatchCase(docs.period, id, { department: 'chengguan' }, { at: at(1) });
		const raw = collection(docs.period, 'cases');
		const map = raw.get(id) as Y.Map<unknown>;
		map.set('title', 42);
		map.set('level', 'urgent');
		map.set('relayTimes', 'soon');
		(map.get('events') as Y.Array<unknown>).push(['junk', { id: 'x', type: 'exploded', at: 5, by: '' }]);
		raw.set('2026-05-junk', [1, 2]);
		const problems: string[] = [];
		const [found] = listCases(docs.period, at(2), { problems });
		expect(found).toMatchObject({
			id,
			title: '',
			level: 'ordinary',
			location: '3号楼2单元',
			status: 'dispatched',
			department: 'chengguan'
		});
		expect(found.events.map((e) => e.type)).toEqual(['reported', 'dispatched']);
		expect(found.problems).toEqual([
			`cases.${id}.level is not a level; read as ordinary`,
			`cases.${id}.relayTimes should be a map`,
			`cases.${id}.events holds an unreadable entry`,
			`cases.${id}.events holds an unreadable entry`,
			`cases.${id}.title should be text`
		]);
		expect(problems).toEqual(['cases.2026-05-junk is not a record']);
		expect(getCase(docs.period, '2026-05-junk', T0)).toBeNull();
	});
});

describe('correcting and archiving a case', () => {
	it('corrects the text with history, refuses other fields, and archives out of the index and back', () => {
		const root = new Y.Doc();
		setUpCommunity(root, { id: 'a', name: '社区' });
		addGrid(root, { id: 'g1', name: '一', households: 300 });
		const period = new Y.Doc();
		const docs = { root, period };
		const id = raiseCase(docs, { grid: 'g1', title: '路灯不亮', level: 'ordinary' }, { at: 1000, by: 'w1' });
		updateCase(period, id, { title: '西门路灯不亮', location: '小区西门' }, { at: 2000, by: 'w2' });
		expect(getCase(period, id, 3000)).toMatchObject({ title: '西门路灯不亮', location: '小区西门' });
		const record = collection(period, 'cases').get(id) as Y.Map<unknown>;
		expect(fieldHistory(record, 'title')).toMatchObject([{ value: '西门路灯不亮', previous: '路灯不亮', by: 'w2' }]);
		expectRefused(period, () => updateCase(period, id, { level: 'major' } as never));
		expectRefused(period, () => updateCase(period, id, { title: ' ' }));

		archiveCase(docs, id, { at: 4000, by: 'sec' });
		expect(listOpenCaseRefs(root).map((r) => r.caseId)).toEqual([]);
		expect(listCases(period, 5000)).toEqual([]);
		restoreCase(docs, id, { at: 6000, by: 'sec' });
		expect(listOpenCaseRefs(root).map((r) => r.caseId)).toEqual([id]);
		expect(listCases(period, 7000).map((c) => c.id)).toEqual([id]);
		expect(caseHistory(period, id).map((c) => [c.field, c.previous, c.value, c.by, c.at])).toEqual([
			['title', '路灯不亮', '西门路灯不亮', 'w2', 2000],
			['location', '', '小区西门', 'w2', 2000],
			['archived', false, true, 'sec', 4000],
			['archived', true, false, 'sec', 6000]
		]);
		expect(caseHistory(period, 'nope')).toEqual([]);
	});
});
