import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import {
	SERVICE_KIND_OF_TASK,
	SERVICE_KINDS,
	archiveServiceEntry,
	getServiceEntry,
	listServiceLog,
	listServiceLogIn,
	logService,
	logServiceIn,
	logTaskDoneIn,
	restoreServiceEntry,
	totalsOf,
	type ServiceKind
} from './serviceLog';
import { expectRefused, replicaOf, sampleWorkspace, send, stateOf, syncAll } from './test-helpers';
import { archiveTaskItem, seedTaskList, TASK_CATEGORIES } from './taskList';
import { addVolunteer } from './volunteers';

/** 10:00 on 3 May 2026 in China. */
const MAY_3 = Date.UTC(2026, 4, 3, 2);
const DAY = 86_400_000;
const visit = { kind: 'home-visit', volunteerId: 'v-wang', at: MAY_3, grid: 'g1', minutes: 45, note: '走访独居老人' } as const;

describe('logService', () => {
	it('appends an entry filed under its China month', () => {
		const doc = new Y.Doc();
		const id = logService(doc, { ...visit, taskItem: 't-visit' }, { at: MAY_3 + 5, by: 'u-wang' });
		expect(id).toMatch(/^2026-05-/);
		expect(getServiceEntry(doc, id)).toEqual({
			id,
			kind: 'home-visit',
			volunteerId: 'v-wang',
			userId: '',
			at: MAY_3,
			grid: 'g1',
			minutes: 45,
			note: '走访独居老人',
			taskItem: 't-visit',
			archived: false,
			createdAt: MAY_3 + 5,
			createdBy: 'u-wang',
			problems: []
		});
		// 23:30 on 31 May in UTC is June in China.
		expect(logService(doc, { ...visit, at: Date.UTC(2026, 4, 31, 23, 30) })).toMatch(/^2026-06-/);
	});

	it.each([
		['no one who served', { ...visit, volunteerId: undefined }, 'volunteerId'],
		['an unknown kind', { ...visit, kind: 'party' }, 'kind'],
		['zero minutes', { ...visit, minutes: 0 }, 'minutes'],
		['more than a day', { ...visit, minutes: 24 * 60 + 1 }, 'minutes'],
		['fractional minutes', { ...visit, minutes: 1.5 }, 'minutes'],
		['a malformed grid', { ...visit, grid: 'G 1' }, 'grid'],
		['an over-long note', { ...visit, note: 'x'.repeat(501) }, 'note'],
		['an empty user id', { ...visit, userId: '' }, 'userId']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = new Y.Doc();
		logService(doc, visit);
		const error = expectRefused(doc, () => logService(doc, input as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});
});

describe('task-list categories', () => {
	it('logs every category of the task list as a kind of service', () => {
		for (const { key } of TASK_CATEGORIES) expect(Object.keys(SERVICE_KINDS)).toContain(SERVICE_KIND_OF_TASK[key]);
		expect(SERVICE_KIND_OF_TASK.visit).toBe('home-visit');
		expect(SERVICE_KIND_OF_TASK.patrol).toBe('patrol');
	});
});

describe('archive, never delete', () => {
	it('keeps an archived entry readable, out of the totals, and restorable', () => {
		const doc = new Y.Doc();
		const keep = logService(doc, visit);
		const mistake = logService(doc, { ...visit, minutes: 600 });
		archiveServiceEntry(doc, mistake, { by: 'u-sec' });
		expect(listServiceLog(doc).map((e) => e.id)).toEqual([keep]);
		expect(getServiceEntry(doc, mistake)).toMatchObject({ archived: true, minutes: 600 });
		expect(totalsOf(listServiceLog(doc, { includeArchived: true })).all).toEqual({ count: 1, minutes: 45, hours: 0.75 });
		restoreServiceEntry(doc, mistake);
		expect(totalsOf(listServiceLog(doc)).all.count).toBe(2);
		expect(expectRefused(doc, () => archiveServiceEntry(doc, '2026-05-nope')).code).toBe('not-found');
	});
});

describe('totalsOf', () => {
	it('adds up per volunteer, user, grid and kind across months', () => {
		const may = new Y.Doc();
		const june = new Y.Doc();
		logService(may, visit);
		logService(may, { ...visit, kind: 'mediation', minutes: 90, userId: 'u-wang' });
		logService(may, { kind: 'patrol', userId: 'u-li', at: MAY_3, grid: 'g2', minutes: 30 });
		logService(june, { ...visit, at: MAY_3 + 30 * DAY, minutes: 15 });
		const entries = [...listServiceLog(may), ...listServiceLog(june)];
		expect(totalsOf(entries)).toEqual({
			all: { count: 4, minutes: 180, hours: 3 },
			byVolunteer: { 'v-wang': { count: 3, minutes: 150, hours: 2.5 } },
			byUser: { 'u-li': { count: 1, minutes: 30, hours: 0.5 }, 'u-wang': { count: 1, minutes: 90, hours: 1.5 } },
			byGrid: { g1: { count: 3, minutes: 150, hours: 2.5 }, g2: { count: 1, minutes: 30, hours: 0.5 } },
			byKind: {
				'home-visit': { count: 2, minutes: 60, hours: 1 },
				mediation: { count: 1, minutes: 90, hours: 1.5 },
				patrol: { count: 1, minutes: 30, hours: 0.5 }
			}
		});
		expect(totalsOf([])).toEqual({ all: { count: 0, minutes: 0, hours: 0 }, byVolunteer: {}, byUser: {}, byGrid: {}, byKind: {} });
	});

	it('counts every entry logged offline on any replica, the same everywhere (property)', () => {
		const kinds = Object.keys(SERVICE_KINDS) as ServiceKind[];
		const entry = fc.record({
			replica: fc.integer({ min: 0, max: 2 }),
			kind: fc.constantFrom(...kinds),
			volunteerId: fc.constantFrom('v-1', 'v-2', 'v-3'),
			grid: fc.constantFrom('g1', 'g2'),
			minutes: fc.integer({ min: 1, max: 600 }),
			day: fc.integer({ min: 0, max: 25 })
		});
		fc.assert(
			fc.property(fc.array(entry, { maxLength: 30 }), fc.array(fc.tuple(fc.nat(2), fc.nat(2))), (entries, exchanges) => {
				const replicas = [0, 1, 2].map(() => new Y.Doc());
				for (const { replica, day, ...e } of entries) logService(replicas[replica], { ...e, at: MAY_3 + day * DAY });
				for (const [from, to] of exchanges) if (from !== to) send(replicas[from], replicas[to]);
				syncAll(...replicas);
				const totals = replicas.map((doc) => totalsOf(listServiceLog(doc)));
				expect(totals[1]).toEqual(totals[0]);
				expect(totals[2]).toEqual(totals[0]);
				expect(totals[0].all.count).toBe(entries.length);
				expect(totals[0].all.minutes).toBe(entries.reduce((sum, e) => sum + e.minutes, 0));
			})
		);
	});
});

describe('reading foreign content', () => {
	it('reports broken fields and shows the rest', () => {
		const doc = new Y.Doc();
		const id = logService(doc, visit);
		const raw = collection(doc, 'serviceLog').get(id) as Y.Map<unknown>;
		raw.set('minutes', '45');
		raw.set('kind', 'dance');
		collection(doc, 'serviceLog').set('junk', []);
		const problems: string[] = [];
		const [read] = listServiceLog(doc, { problems });
		expect(read).toMatchObject({ kind: '', minutes: 0, volunteerId: 'v-wang', grid: 'g1', note: '走访独居老人' });
		expect(read.problems).toEqual([`serviceLog.${id}.kind dance is unknown`, `serviceLog.${id}.minutes should be a number`]);
		expect(problems).toEqual(['serviceLog.junk is not a record']);
		expect(totalsOf([read]).byKind).toEqual({});
	});
});

describe('over a Community', () => {
	async function setup() {
		const { source, community, root } = await sampleWorkspace('u-wang', MAY_3 + 1);
		addVolunteer(root, { id: 'v-wang', name: '王建国' });
		return { source, community };
	}

	it('logs into the month of the service and lists several months in time order', async () => {
		const { community } = await setup();
		const june = await logServiceIn(community, { ...visit, at: MAY_3 + 40 * DAY });
		const may = await logServiceIn(community, visit);
		expect(getServiceEntry(await community.period('2026-05'), may)?.createdBy).toBe('u-wang');
		const entries = await listServiceLogIn(community, ['2026-06', '2026-05', '2026-04']);
		expect(entries.map((e) => e.id)).toEqual([may, june]);
		expect(totalsOf(entries).byVolunteer['v-wang'].minutes).toBe(90);
	});

	it('refuses an unknown grid or volunteer, writing nothing anywhere', async () => {
		const { source, community } = await setup();
		const states = () => [...source.docs].map(([name, doc]) => [name, stateOf(doc)]);
		const before = states();
		await expect(logServiceIn(community, { ...visit, grid: 'g9' })).rejects.toMatchObject({ field: 'grid' });
		await expect(logServiceIn(community, { ...visit, volunteerId: 'v-nobody' })).rejects.toMatchObject({
			field: 'volunteerId'
		});
		await expect(logServiceIn(community, { ...visit, minutes: -5 })).rejects.toMatchObject({ field: 'minutes' });
		expect(states()).toEqual(before);
	});

	it('logs a task-list item done by the grid worker, as the kind of its category', async () => {
		const { source, community } = await setup();
		const root = await community.root();
		seedTaskList(root);
		const id = await logTaskDoneIn(community, { grid: 'g1', taskItem: 'visit-1', at: MAY_3, minutes: 40, note: ' 走访独居老人 ' });
		expect(getServiceEntry(await community.period('2026-05'), id)).toMatchObject({
			kind: 'home-visit',
			userId: 'u-wang',
			volunteerId: '',
			taskItem: 'visit-1',
			grid: 'g1',
			minutes: 40,
			note: '走访独居老人'
		});
		archiveTaskItem(root, 'patrol-1');
		const states = () => [...source.docs].map(([name, doc]) => [name, stateOf(doc)]);
		const before = states();
		for (const [input, field] of [
			[{ taskItem: 'patrol-1' }, 'taskItem'],
			[{ taskItem: 'no-such-item' }, 'taskItem'],
			[{ taskItem: '' }, 'taskItem'],
			[{ taskItem: 'patrol-2', grid: '' }, 'grid'],
			[{ taskItem: 'patrol-2', minutes: 0 }, 'minutes']
		] as const) {
			await expect(logTaskDoneIn(community, { grid: 'g1', at: MAY_3, minutes: 30, ...input })).rejects.toMatchObject({ field });
		}
		expect(states()).toEqual(before);
	});

	it('keeps entries logged offline on two devices', async () => {
		const a = new Y.Doc();
		logService(a, visit);
		const b = replicaOf(a);
		logService(a, { ...visit, minutes: 10 });
		logService(b, { ...visit, minutes: 20 });
		syncAll(a, b);
		for (const doc of [a, b]) expect(totalsOf(listServiceLog(doc)).all).toEqual({ count: 3, minutes: 75, hours: 1.25 });
	});
});
