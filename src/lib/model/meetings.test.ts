import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import {
	addAgendaItem,
	addAttendee,
	addDecision,
	addMeeting,
	addOutsideParticipant,
	archiveMeeting,
	createMeetingIn,
	finaliseMeetingIn,
	getMeeting,
	listMeetings,
	markReviewedIn,
	meetingsKeptOffline,
	removeAttendee,
	removeOutsideParticipant,
	restoreMeeting,
	setAgendaItemArchived,
	setDecisionArchived,
	setMeetingStatus,
	updateDecision,
	updateMeeting,
	type MeetingStatus
} from './meetings';
import { Community } from './family';
import { bodyText, getVersion, listReviews, minutesBody, readVersionText } from './minutes';
import { expectRefused, recordUpdates, replicaOf, sampleCommunity, sampleWorkspace, stateOf, syncAll } from './test-helpers';

const JUNE_12 = Date.UTC(2026, 5, 12, 7);
const header = { title: '加装电梯议事会', date: JUNE_12, place: '第1网格党群服务站', convener: 'u-sec' };

function withMeeting() {
	const doc = sampleCommunity();
	const id = addMeeting(
		doc,
		{ ...header, attendees: ['u-sec', 'u-wang', 'u-sec'], outsideParticipants: [{ name: '刘经理', unit: '物业公司' }], agenda: ['方案', '分摊'] },
		{ at: 1, by: 'u-sec' }
	);
	return { doc, id };
}

describe('addMeeting', () => {
	it('writes the header as a draft with its lists', () => {
		const { doc, id } = withMeeting();
		const meeting = getMeeting(doc, id)!;
		expect(meeting).toMatchObject({
			...header,
			status: 'draft',
			finalVersion: '',
			attendees: ['u-sec', 'u-wang'],
			outsideParticipants: [{ name: '刘经理', unit: '物业公司' }],
			decisions: [],
			archived: false,
			createdBy: 'u-sec',
			problems: []
		});
		expect(meeting.agenda.map((item) => [item.title, item.archived])).toEqual([
			['方案', false],
			['分摊', false]
		]);
		expect(getMeeting(doc, addMeeting(doc, { title: '例会', date: 0 }))).toMatchObject({ place: '', convener: '' });
	});

	it.each([
		['an empty title', { ...header, title: ' ' }, 'title'],
		['a date as text', { ...header, date: '6月12日' }, 'date'],
		['an empty attendee', { ...header, attendees: [''] }, 'attendees.0'],
		['a participant without a name', { ...header, outsideParticipants: [{ unit: '物业' }] }, 'outsideParticipants.0.name'],
		['too long an agenda', { ...header, agenda: Array.from({ length: 51 }, (_, i) => `${i}`) }, 'agenda']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = sampleCommunity();
		expect(expectRefused(doc, () => addMeeting(doc, input as never)).field).toBe(field);
	});
});

describe('status', () => {
	it('goes draft → held → finalised, may step back from held, and never from finalised', () => {
		const { doc, id } = withMeeting();
		const status = () => getMeeting(doc, id)?.status;
		expect(expectRefused(doc, () => setMeetingStatus(doc, id, 'finalised')).field).toBe('status');
		setMeetingStatus(doc, id, 'held');
		setMeetingStatus(doc, id, 'draft');
		expect(status()).toBe('draft');
		setMeetingStatus(doc, id, 'held');
		setMeetingStatus(doc, id, 'finalised', { at: 99 });
		expect(status()).toBe('finalised');
		for (const back of ['held', 'draft', 'finalised'] as MeetingStatus[]) {
			expect(expectRefused(doc, () => setMeetingStatus(doc, id, back)).field).toBe('status');
		}
		expect(expectRefused(doc, () => setMeetingStatus(doc, id, 'cancelled' as never)).field).toBe('status');
	});

	it('writes nothing when the status does not change', () => {
		const { doc, id } = withMeeting();
		const stop = recordUpdates(doc);
		setMeetingStatus(doc, id, 'draft');
		expect(stop()).toEqual([]);
	});

	it('stays finalised everywhere when someone steps back to draft offline meanwhile', () => {
		const storedStatuses = new Set<unknown>();
		// Whichever device wins the `status` field, the meeting reads finalised.
		for (const [finaliser, stepper] of [
			[1, 2],
			[2, 1]
		]) {
			const a = sampleCommunity(finaliser);
			const id = addMeeting(a, header);
			setMeetingStatus(a, id, 'held');
			const b = replicaOf(a, stepper);
			setMeetingStatus(a, id, 'finalised');
			setMeetingStatus(b, id, 'draft');
			syncAll(a, b);
			for (const doc of [a, b]) expect(getMeeting(doc, id)?.status).toBe('finalised');
			storedStatuses.add((collection(a, 'meetings').get(id) as Y.Map<unknown>).get('status'));
		}
		expect(storedStatuses).toEqual(new Set(['draft', 'finalised']));
	});

	it('locks the header, lists and new decisions once finalised, but not follow-up of decisions', () => {
		const { doc, id } = withMeeting();
		const decision = addDecision(doc, id, { text: '成立电梯加装小组' });
		setMeetingStatus(doc, id, 'held');
		setMeetingStatus(doc, id, 'finalised');
		for (const write of [
			() => updateMeeting(doc, id, { place: '别处' }),
			() => addAttendee(doc, id, 'u-li'),
			() => removeAttendee(doc, id, 'u-wang'),
			() => addOutsideParticipant(doc, id, { name: '张三' }),
			() => addAgendaItem(doc, id, '追加'),
			() => addDecision(doc, id, { text: '追加决定' })
		]) {
			expect(expectRefused(doc, write).field).toBe('status');
		}
		updateDecision(doc, id, decision, { owner: '王建国', link: { kind: 'case', id: '2026-06-abc' } });
		expect(getMeeting(doc, id)?.decisions[0]).toMatchObject({ owner: '王建国', link: { kind: 'case', id: '2026-06-abc' } });
	});
});

describe('attendees, participants and agenda', () => {
	it('keeps what two people added offline', () => {
		const { doc: a, id } = withMeeting();
		const b = replicaOf(a);
		addAttendee(a, id, 'u-li');
		addAttendee(b, id, 'u-zhao');
		addOutsideParticipant(a, id, { name: '陈老师', unit: '大同二中' });
		addOutsideParticipant(b, id, { name: '居民代表老周' });
		const first = addAgendaItem(a, id, '施工时间');
		const second = addAgendaItem(b, id, '费用公示');
		syncAll(a, b);
		const [left, right] = [getMeeting(a, id)!, getMeeting(b, id)!];
		expect(right).toEqual(left);
		expect(left.attendees.sort()).toEqual(['u-li', 'u-sec', 'u-wang', 'u-zhao']);
		expect(left.outsideParticipants).toHaveLength(3);
		expect(left.outsideParticipants).toContainEqual({ name: '居民代表老周', unit: '' });
		expect(left.agenda.map((item) => item.id)).toEqual(expect.arrayContaining([first, second]));
		expect(left.agenda).toHaveLength(4);
	});

	it('removes attendees and participants, and archives and restores agenda items', () => {
		const { doc, id } = withMeeting();
		removeAttendee(doc, id, 'u-sec');
		addOutsideParticipant(doc, id, { name: '刘经理', unit: '物业公司' });
		removeOutsideParticipant(doc, id, { name: '刘经理', unit: '物业公司' });
		const [first] = getMeeting(doc, id)!.agenda;
		setAgendaItemArchived(doc, id, first.id, true);
		expect(getMeeting(doc, id)).toMatchObject({ attendees: ['u-wang'], outsideParticipants: [] });
		expect(getMeeting(doc, id)?.agenda.map((item) => item.archived)).toEqual([true, false]);
		setAgendaItemArchived(doc, id, first.id, false);
		expect(getMeeting(doc, id)?.agenda[0].archived).toBe(false);
		expect(expectRefused(doc, () => setAgendaItemArchived(doc, id, 'nope', true)).code).toBe('not-found');
		expect(expectRefused(doc, () => addAgendaItem(doc, id, '')).field).toBe('title');
		expect(expectRefused(doc, () => addAttendee(doc, id, '')).field).toBe('attendees');
	});
});

describe('decisions', () => {
	it('keeps decisions made on two devices offline, in the order made', () => {
		const { doc: a, id } = withMeeting();
		const b = replicaOf(a);
		const later = addDecision(a, id, { text: '公示费用', due: JUNE_12 + 7 * 86_400_000 }, { at: 20 });
		const earlier = addDecision(b, id, { text: '联系厂家', owner: '刘经理', link: { kind: 'commitment', pairingId: 'p1', id: 'c1' } }, { at: 10 });
		syncAll(a, b);
		for (const doc of [a, b]) {
			expect(getMeeting(doc, id)?.decisions.map((d) => d.id)).toEqual([earlier, later]);
		}
		expect(getMeeting(a, id)?.decisions[1]).toMatchObject({ kind: 'decision', text: '公示费用', owner: '', link: null, due: JUNE_12 + 7 * 86_400_000, done: false });
	});

	it('updates and archives a decision, refusing bad links and unknown decisions', () => {
		const { doc, id } = withMeeting();
		const decision = addDecision(doc, id, { text: '成立小组' });
		updateDecision(doc, id, decision, { due: null, text: '成立电梯小组' });
		setDecisionArchived(doc, id, decision, true);
		expect(getMeeting(doc, id)?.decisions[0]).toMatchObject({ text: '成立电梯小组', archived: true });
		expect(expectRefused(doc, () => updateDecision(doc, id, decision, { link: { kind: 'task', id: 'x' } } as never)).field).toBe('link.kind');
		expect(expectRefused(doc, () => addDecision(doc, id, { text: '' })).field).toBe('text');
		expect(expectRefused(doc, () => updateDecision(doc, id, 'nope', { text: 'x' })).code).toBe('not-found');
	});
});

describe('archive and reading', () => {
	it('archives and restores a meeting; lists newest first', () => {
		const { doc, id } = withMeeting();
		const older = addMeeting(doc, { ...header, date: JUNE_12 - 1 });
		expect(listMeetings(doc).map((m) => m.id)).toEqual([id, older]);
		archiveMeeting(doc, id);
		expect(listMeetings(doc).map((m) => m.id)).toEqual([older]);
		restoreMeeting(doc, id);
		expect(listMeetings(doc)).toHaveLength(2);
	});

	it('reports broken fields and entries and shows the rest', () => {
		const { doc, id } = withMeeting();
		const decision = addDecision(doc, id, { text: '成立小组' });
		const raw = collection(doc, 'meetings').get(id) as Y.Map<unknown>;
		raw.set('status', 'postponed');
		(raw.get('agenda') as Y.Array<unknown>).push(['not an item']);
		const decisions = raw.get('decisions') as Y.Map<unknown>;
		(decisions.get(decision) as Y.Map<unknown>).set('link', { kind: 'case' });
		decisions.set('junk', 1);
		const meeting = getMeeting(doc, id)!;
		expect(meeting).toMatchObject({ status: 'draft', title: header.title });
		expect(meeting.agenda).toHaveLength(2);
		expect(meeting.decisions).toEqual([expect.objectContaining({ id: decision, text: '成立小组', link: null })]);
		expect(meeting.problems).toEqual([
			`meetings.${id}.status postponed is unknown`,
			`meetings.${id}.agenda holds an unreadable entry`,
			`meetings.${id}.decisions.junk is not a record`,
			`meetings.${id}.decisions.${decision}.link is unreadable`
		]);
	});
});

describe('meetingsKeptOffline', () => {
	it('keeps recent and upcoming meetings, and any not finalised, but not old finalised or archived ones', () => {
		const doc = sampleCommunity();
		const day = 86_400_000;
		const at = (date: number, title: string) => addMeeting(doc, { title, date });
		const recent = at(JUNE_12 - 10 * day, '近期');
		const upcoming = at(JUNE_12 + 5 * day, '即将召开');
		const oldDraft = at(JUNE_12 - 400 * day, '旧草稿');
		const oldFinal = at(JUNE_12 - 100 * day, '旧定稿');
		setMeetingStatus(doc, oldFinal, 'held');
		setMeetingStatus(doc, oldFinal, 'finalised');
		const archived = at(JUNE_12, '已归档');
		archiveMeeting(doc, archived);
		expect(meetingsKeptOffline(doc, JUNE_12).sort()).toEqual([recent, upcoming, oldDraft].sort());
	});
});

describe('over a Community', () => {
	async function setup() {
		return (await sampleWorkspace('u-sec', JUNE_12)).community;
	}

	it('finalises with a frozen version of the minutes', async () => {
		const community = await setup();
		const id = await createMeetingIn(community, header);
		const minutes = await community.meeting(id);
		minutesBody(minutes).insert(0, [new Y.XmlText('同意加装电梯。')]);
		setMeetingStatus(await community.root(), id, 'held');
		const versionId = await finaliseMeetingIn(community, id, { name: '定稿' });
		minutesBody(minutes).insert(0, [new Y.XmlText('会后补记。')]);

		const meeting = getMeeting(await community.root(), id);
		expect(meeting).toMatchObject({ status: 'finalised', finalVersion: versionId, createdBy: 'u-sec' });
		expect(readVersionText(getVersion(minutes, versionId)!)).toBe('同意加装电梯。');
		expect(bodyText(minutes)).toBe('会后补记。\n同意加装电梯。');
	});

	it('refuses to finalise a meeting not held, writing nothing in either document', async () => {
		const community = await setup();
		const id = await createMeetingIn(community, header);
		const [root, minutes] = [await community.root(), await community.meeting(id)];
		const before = [stateOf(root), stateOf(minutes)];
		await expect(finaliseMeetingIn(community, id, { name: '定稿' })).rejects.toMatchObject({ field: 'status' });
		await expect(finaliseMeetingIn(community, 'nope', { name: '定稿' })).rejects.toMatchObject({ code: 'not-found' });
		expect([stateOf(root), stateOf(minutes)]).toEqual(before);
	});

	it('lets attendees mark the finalised minutes reviewed, and nobody else or before', async () => {
		const { community, source } = await sampleWorkspace('u-sec', JUNE_12);
		const id = await createMeetingIn(community, { ...header, attendees: ['u-sec', 'u-wang'] });
		const wang = new Community(community.id, source, { userId: 'u-wang', now: () => JUNE_12 + 5 });
		await expect(markReviewedIn(wang, id)).rejects.toMatchObject({ field: 'status' });
		setMeetingStatus(await community.root(), id, 'held');
		const versionId = await finaliseMeetingIn(community, id, { name: '定稿' });
		await markReviewedIn(wang, id);
		const stranger = new Community(community.id, source, { userId: 'u-zhao' });
		await expect(markReviewedIn(stranger, id)).rejects.toMatchObject({ field: 'attendees' });
		await expect(markReviewedIn(wang, 'nope')).rejects.toMatchObject({ code: 'not-found' });
		expect(listReviews(await community.meeting(id), versionId)).toEqual([{ version: versionId, by: 'u-wang', at: JUNE_12 + 5 }]);
	});
});
