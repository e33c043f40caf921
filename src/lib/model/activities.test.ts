import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	archiveActivity,
	cancelSignUp,
	cancelSignUpIn,
	getActivity,
	hoursByVolunteer,
	listActivities,
	listActivitiesIn,
	recordAttendance,
	recordAttendanceIn,
	restoreActivity,
	scheduleActivity,
	scheduleActivityIn,
	signUp,
	signUpIn,
	signUpsBeyondSlots,
	updateActivity
} from './activities';
import { collection } from './community';
import { ModelError } from './errors';
import { periodDocName } from './documents';
import { fieldHistory } from './records';
import { expectRefused, recordUpdates, replicaOf, sampleWorkspace, stateOf, syncAll } from './test-helpers';
import { addVolunteer, archiveVolunteer } from './volunteers';

const HOUR = 3_600_000;
/** 09:00 on 10 June 2026 in China (01:00 UTC). */
const JUNE_10 = Date.UTC(2026, 5, 10, 1);
const elderCare = { title: '重阳敬老', kind: 'elder-care', startsAt: JUNE_10, endsAt: JUNE_10 + 3 * HOUR, place: '站点', slots: 2 } as const;

function month() {
	const doc = new Y.Doc();
	const id = scheduleActivity(doc, elderCare, { at: 5, by: 'u-org' });
	return { doc, id };
}

describe('scheduleActivity', () => {
	it('files the activity under the China month it starts in', () => {
		const doc = new Y.Doc();
		// 01:30 on 1 July in China is still 30 June in UTC.
		const id = scheduleActivity(doc, { ...elderCare, startsAt: Date.UTC(2026, 5, 30, 17, 30), endsAt: Date.UTC(2026, 5, 30, 19) });
		expect(id).toMatch(/^2026-07-[a-z0-9]{16}$/);
	});

	it('writes every field with defaults and no sign-ups', () => {
		const doc = new Y.Doc();
		const id = scheduleActivity(doc, { title: ' 护学 ', startsAt: JUNE_10, endsAt: JUNE_10 + HOUR, slots: 4 }, { at: 9 });
		expect(getActivity(doc, id)).toEqual({
			id,
			title: '护学',
			kind: 'other',
			startsAt: JUNE_10,
			endsAt: JUNE_10 + HOUR,
			place: '',
			slots: 4,
			signUps: [],
			attendance: [],
			signedUp: 0,
			overbooked: false,
			archived: false,
			createdAt: 9,
			createdBy: '',
			problems: []
		});
	});

	it.each([
		['an end before the start', { ...elderCare, endsAt: JUNE_10 - 1 }, 'endsAt'],
		['an end equal to the start', { ...elderCare, endsAt: JUNE_10 }, 'endsAt'],
		['no slots', { ...elderCare, slots: 0 }, 'slots'],
		['fractional slots', { ...elderCare, slots: 1.5 }, 'slots'],
		['an unknown kind', { ...elderCare, kind: 'party' }, 'kind'],
		['an empty title', { ...elderCare, title: '' }, 'title'],
		['a start as text', { ...elderCare, startsAt: '2026-06-10' }, 'startsAt']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const { doc } = month();
		const error = expectRefused(doc, () => scheduleActivity(doc, input as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});
});

describe('updateActivity', () => {
	it('changes the given fields within the month', () => {
		const { doc, id } = month();
		updateActivity(doc, id, { startsAt: JUNE_10 + 24 * HOUR, endsAt: JUNE_10 + 26 * HOUR, slots: 5 });
		expect(getActivity(doc, id)).toMatchObject({ startsAt: JUNE_10 + 24 * HOUR, slots: 5, title: '重阳敬老' });
	});

	it.each([
		['a move to another month', { startsAt: Date.UTC(2026, 6, 2), endsAt: Date.UTC(2026, 6, 3) }, 'startsAt'],
		['an end before the stored start', { endsAt: JUNE_10 - HOUR }, 'endsAt'],
		['an unknown field', { capacity: 3 }, 'capacity']
	])('refuses %s, writing nothing', (_label, patch, field) => {
		const { doc, id } = month();
		expect(expectRefused(doc, () => updateActivity(doc, id, patch as never)).field).toBe(field);
	});
});

describe('sign-ups', () => {
	it('counts active sign-ups, cancels without deleting, and signs up again', () => {
		const { doc, id } = month();
		signUp(doc, id, 'v-wang', { at: 100, by: 'u-wang' });
		signUp(doc, id, 'v-li', { at: 200, by: 'u-li' });
		expect(getActivity(doc, id)).toMatchObject({ signedUp: 2, overbooked: false });

		cancelSignUp(doc, id, 'v-wang', { at: 300, by: 'u-org' });
		const raw = (collection(doc, 'activities').get(id) as Y.Map<unknown>).get('signUps') as Y.Map<unknown>;
		expect(raw.get('v-wang')).toEqual({ at: 100, by: 'u-wang', cancelled: true, cancelledAt: 300, cancelledBy: 'u-org' });
		expect(getActivity(doc, id)?.signUps).toEqual([
			{ volunteerId: 'v-wang', at: 100, by: 'u-wang', cancelled: true },
			{ volunteerId: 'v-li', at: 200, by: 'u-li', cancelled: false }
		]);
		expect(getActivity(doc, id)?.signedUp).toBe(1);

		signUp(doc, id, 'v-wang', { at: 400 });
		expect(getActivity(doc, id)?.signUps.map((s) => [s.volunteerId, s.cancelled])).toEqual([
			['v-li', false],
			['v-wang', false]
		]);
	});

	it('writes nothing for a repeated sign-up or cancellation', () => {
		const { doc, id } = month();
		signUp(doc, id, 'v-wang');
		cancelSignUp(doc, id, 'v-wang');
		signUp(doc, id, 'v-li');
		const stop = recordUpdates(doc);
		signUp(doc, id, 'v-li');
		cancelSignUp(doc, id, 'v-wang');
		expect(stop()).toEqual([]);
	});

	it('refuses a sign-up this replica already sees full, and sign-ups to a cancelled activity', () => {
		const { doc, id } = month();
		signUp(doc, id, 'v-1');
		signUp(doc, id, 'v-2');
		expect(expectRefused(doc, () => signUp(doc, id, 'v-3')).field).toBe('slots');
		archiveActivity(doc, id);
		expect(expectRefused(doc, () => cancelSignUp(doc, id, 'v-1')).field).toBe('archived');
		restoreActivity(doc, id);
		cancelSignUp(doc, id, 'v-1');
		signUp(doc, id, 'v-3');
		expect(getActivity(doc, id)?.signedUp).toBe(2);
	});

	it('refuses a malformed volunteer id and an unknown activity', () => {
		const { doc, id } = month();
		expect(expectRefused(doc, () => signUp(doc, id, 'V 1')).field).toBe('volunteerId');
		expect(expectRefused(doc, () => signUp(doc, '2026-06-nope', 'v-1')).code).toBe('not-found');
	});

	it('refuses to cancel a sign-up that does not exist', () => {
		const { doc, id } = month();
		expect(expectRefused(doc, () => cancelSignUp(doc, id, 'v-9')).code).toBe('not-found');
	});

	it('keeps both offline sign-ups to the last slot and shows overbooked alike on both', () => {
		const { doc: a, id } = month();
		signUp(a, id, 'v-first', { at: 100 });
		const b = replicaOf(a);
		signUp(a, id, 'v-wang', { at: 300 });
		signUp(b, id, 'v-li', { at: 200 });
		syncAll(a, b);
		for (const doc of [a, b]) {
			expect(getActivity(doc, id)).toMatchObject({ signedUp: 3, slots: 2, overbooked: true });
		}
		expect(getActivity(a, id)?.signUps).toEqual(getActivity(b, id)?.signUps);
		expect(getActivity(a, id)?.signUps.map((s) => s.volunteerId)).toEqual(['v-first', 'v-li', 'v-wang']);
		expect(signUpsBeyondSlots(getActivity(a, id)!).map((s) => s.volunteerId)).toEqual(['v-wang']);

		cancelSignUp(b, id, 'v-wang', { by: 'u-org' });
		syncAll(a, b);
		for (const doc of [a, b]) expect(getActivity(doc, id)).toMatchObject({ signedUp: 2, overbooked: false });
		expect(signUpsBeyondSlots(getActivity(a, id)!)).toEqual([]);
	});

	it('names the latest active sign-ups past the slots, cancelled ones not counting', () => {
		const { doc, id } = month();
		signUp(doc, id, 'v-1', { at: 100 });
		signUp(doc, id, 'v-2', { at: 200 });
		cancelSignUp(doc, id, 'v-1');
		signUp(doc, id, 'v-3', { at: 300 });
		updateActivity(doc, id, { slots: 1 });
		expect(signUpsBeyondSlots(getActivity(doc, id)!).map((s) => s.volunteerId)).toEqual(['v-3']);
	});
});

describe('attendance and hours', () => {
	it('defaults to the activity length, corrects on a second check-in, and sums per volunteer', () => {
		const { doc, id } = month();
		recordAttendance(doc, id, 'v-wang', {}, { at: JUNE_10 + 60_000, by: 'u-org' });
		recordAttendance(doc, id, 'v-li', { hours: 1.5 });
		expect(getActivity(doc, id)?.attendance).toEqual([
			{ volunteerId: 'v-li', checkedInAt: expect.any(Number), hours: 1.5, by: '' },
			{ volunteerId: 'v-wang', checkedInAt: JUNE_10 + 60_000, hours: 3, by: 'u-org' }
		]);
		recordAttendance(doc, id, 'v-li', { hours: 2, checkedInAt: JUNE_10 });

		const other = scheduleActivity(doc, { ...elderCare, title: '保洁', startsAt: JUNE_10 + 48 * HOUR, endsAt: JUNE_10 + 50 * HOUR });
		recordAttendance(doc, other, 'v-wang', { hours: 0.5 });
		const cancelled = scheduleActivity(doc, { ...elderCare, title: '取消的' });
		recordAttendance(doc, cancelled, 'v-li', { hours: 4 });
		archiveActivity(doc, cancelled);

		expect(hoursByVolunteer(listActivities(doc, { includeArchived: true }))).toEqual({ 'v-li': 2, 'v-wang': 3.5 });
	});

	it.each([
		['zero hours', { hours: 0 }, 'hours'],
		['more than a day', { hours: 25 }, 'hours'],
		['an unknown field', { minutes: 30 }, 'minutes']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const { doc, id } = month();
		expect(expectRefused(doc, () => recordAttendance(doc, id, 'v-wang', input as never)).field).toBe(field);
	});
});

describe('same-entry writes made offline on two phones', () => {
	it('keep one attendance everywhere and the other in history, and keep a cancellation someone signed up over', () => {
		const { doc: a, id } = month();
		const b = replicaOf(a);
		recordAttendance(a, id, 'v-wang', { hours: 2 }, { at: JUNE_10 + HOUR, by: 'u-a' });
		recordAttendance(b, id, 'v-wang', { hours: 3 }, { at: JUNE_10 + HOUR + 1, by: 'u-b' });
		signUp(a, id, 'v-li', { at: 10, by: 'v-li' });
		cancelSignUp(a, id, 'v-li', { at: 20, by: 'u-a' });
		signUp(a, id, 'v-li', { at: 30, by: 'v-li' });
		syncAll(a, b);

		const [onA, onB] = [getActivity(a, id)!, getActivity(b, id)!];
		expect(onA.attendance).toEqual(onB.attendance);
		const record = collection(a, 'activities').get(id) as Y.Map<unknown>;
		expect(fieldHistory(record, 'attendance.v-wang').map((c) => [(c.value as { hours: number }).hours, c.by])).toEqual([
			[2, 'u-a'],
			[3, 'u-b']
		]);
		expect(fieldHistory(record, 'signUps.v-li').map((c) => (c.value as { cancelled?: boolean }).cancelled ?? false)).toEqual([
			false,
			true,
			false
		]);
	});
});

describe('reading foreign content', () => {
	it('reports broken fields and entries and shows the rest', () => {
		const { doc, id } = month();
		signUp(doc, id, 'v-ok', { at: 1 });
		const raw = collection(doc, 'activities').get(id) as Y.Map<unknown>;
		(raw.get('signUps') as Y.Map<unknown>).set('v-bad', 'yes');
		raw.set('slots', 'two');
		raw.set('kind', 'party');
		raw.set('attendance', [1, 2]);
		const read = getActivity(doc, id);
		expect(read).toMatchObject({ title: '重阳敬老', kind: 'other', slots: 0, signedUp: 1, overbooked: true, attendance: [] });
		expect(read?.signUps.map((s) => s.volunteerId)).toEqual(['v-ok']);
		expect(read?.problems).toEqual([
			`activities.${id}.kind party is unknown`,
			`activities.${id}.signUps.v-bad is unreadable`,
			`activities.${id}.attendance should be a map`,
			`activities.${id}.slots should be a number`
		]);
	});
});

describe('over a Community', () => {
	async function setup() {
		const { source, community, root } = await sampleWorkspace('u-org', JUNE_10 - 24 * HOUR);
		addVolunteer(root, { id: 'v-wang', name: '王建国' });
		addVolunteer(root, { id: 'v-gone', name: '离开的' });
		archiveVolunteer(root, 'v-gone');
		return { source, community };
	}

	it('schedules into the month of the start, signs up roster volunteers, and lists across months', async () => {
		const { source, community } = await setup();
		const june = await scheduleActivityIn(community, elderCare);
		const july = await scheduleActivityIn(community, { ...elderCare, startsAt: Date.UTC(2026, 6, 1, 2), endsAt: Date.UTC(2026, 6, 1, 4) });
		expect(source.docs.has(periodDocName('xinrong-1', '2026-06'))).toBe(true);
		expect(getActivity(await community.period('2026-07'), july)?.createdBy).toBe('u-org');

		await signUpIn(community, june, 'v-wang');
		await recordAttendanceIn(community, june, 'v-wang', { hours: 2 });
		const list = await listActivitiesIn(community, ['2026-07', '2026-06']);
		expect(list.map((a) => a.id)).toEqual([june, july]);
		expect(list[0].signUps).toEqual([{ volunteerId: 'v-wang', at: JUNE_10 - 24 * HOUR, by: 'u-org', cancelled: false }]);
		expect(hoursByVolunteer(list)).toEqual({ 'v-wang': 2 });

		await cancelSignUpIn(community, june, 'v-wang');
		expect((await listActivitiesIn(community, ['2026-06']))[0].signedUp).toBe(0);
	});

	it('refuses volunteers not on the roster, writing nothing', async () => {
		const { community } = await setup();
		const id = await scheduleActivityIn(community, elderCare);
		const june = await community.period('2026-06');
		const before = stateOf(june);
		await expect(signUpIn(community, id, 'v-nobody')).rejects.toMatchObject({ code: 'not-found' });
		await expect(signUpIn(community, id, 'v-gone')).rejects.toMatchObject({ code: 'not-found' });
		await expect(scheduleActivityIn(community, { ...elderCare, slots: -1 })).rejects.toBeInstanceOf(ModelError);
		expect(stateOf(june)).toEqual(before);
	});
});
