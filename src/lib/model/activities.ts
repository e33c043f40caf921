import * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { newPeriodRecordId, periodOfRecordId, type Community } from './family';
import {
	createRecord,
	getRecord,
	listRecords,
	readStamp,
	recordOf,
	setArchived,
	setFields,
	setKeyedEntry,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { LIMITS, parseOrThrow, recordId } from './schema';
import { periodOf } from './time';
import { getVolunteer } from './volunteers';

/** The kinds of volunteer activity, with the labels the UI shows. */
export const ACTIVITY_KINDS = {
	'elder-care': { zh: '爱心助老', en: 'Caring for elders' },
	'home-cleaning': { zh: '家庭保洁', en: 'Home cleaning' },
	'school-guard': { zh: '护学岗', en: 'School crossing guard' },
	civility: { zh: '文明劝导', en: 'Civility promotion' },
	'legal-publicity': { zh: '普法宣传', en: 'Legal awareness' },
	other: { zh: '其他', en: 'Other' }
} as const;
export type ActivityKind = keyof typeof ACTIVITY_KINDS;
const kinds = Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]];

export const ACTIVITY_LIMITS = { slots: 1000, hours: 24 } as const;

const epochMs = z.number().int('must be a whole number').min(0, 'must not be negative');

const activityFields = z.object({
	title: z.string().trim().min(1, 'must not be empty').max(LIMITS.name),
	kind: z.enum(kinds),
	startsAt: epochMs,
	endsAt: epochMs,
	place: z.string().trim().max(LIMITS.address),
	slots: z.number().int('must be a whole number').min(1, 'must be at least 1').max(ACTIVITY_LIMITS.slots)
});

export const newActivityInput = activityFields
	.partial({ kind: true, place: true })
	.refine((a) => a.endsAt > a.startsAt, { message: 'must be after the start', path: ['endsAt'] });
export type NewActivityInput = z.input<typeof newActivityInput>;

export const activityPatch = activityFields.partial();
export type ActivityPatch = z.input<typeof activityPatch>;

const attendanceInput = z.object({
	hours: z.number().positive('must be more than 0').max(ACTIVITY_LIMITS.hours).optional(),
	checkedInAt: epochMs.optional()
});
export type AttendanceInput = z.input<typeof attendanceInput>;

const volunteerRef = z.object({ volunteerId: recordId });

const signUpEntry = z.object({
	at: z.number(),
	by: z.string(),
	cancelled: z.boolean().optional(),
	cancelledAt: z.number().optional(),
	cancelledBy: z.string().optional()
});
const attendanceEntry = z.object({ checkedInAt: z.number(), hours: z.number().min(0), by: z.string() });

export interface SignUp {
	volunteerId: string;
	at: number;
	by: string;
	cancelled: boolean;
}

export interface Attendance {
	volunteerId: string;
	checkedInAt: number;
	hours: number;
	by: string;
}

export interface Activity extends Stamp {
	id: string;
	title: string;
	kind: ActivityKind;
	startsAt: number;
	endsAt: number;
	place: string;
	slots: number;
	/** Every sign-up, cancelled ones too, in order of signing up (then volunteer id). */
	signUps: SignUp[];
	attendance: Attendance[];
	/** Sign-ups not cancelled. */
	signedUp: number;
	/** More active sign-ups than slots: offline sign-ups took the same last places. */
	overbooked: boolean;
	problems: string[];
}

function activities(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'activities');
}

function readActivity(id: string, map: Y.Map<unknown>): Activity {
	const r = new FieldReader(map, `activities.${id}`);
	const kind = r.string('kind', 'other');
	if (!(kind in ACTIVITY_KINDS)) r.problems.push(`activities.${id}.kind ${kind} is unknown`);
	const signUps = r
		.keyedEntries('signUps', signUpEntry)
		.map(([volunteerId, e]) => ({ volunteerId, at: e.at, by: e.by, cancelled: e.cancelled ?? false }))
		.sort((a, b) => a.at - b.at || a.volunteerId.localeCompare(b.volunteerId));
	const attendance = r
		.keyedEntries('attendance', attendanceEntry)
		.map(([volunteerId, e]) => ({ volunteerId, ...e }));
	const slots = r.number('slots');
	const signedUp = signUps.filter((s) => !s.cancelled).length;
	return {
		id,
		title: r.string('title'),
		kind: kind in ACTIVITY_KINDS ? (kind as ActivityKind) : 'other',
		startsAt: r.number('startsAt'),
		endsAt: r.number('endsAt'),
		place: r.string('place'),
		slots,
		signUps,
		attendance,
		signedUp,
		overbooked: signedUp > slots,
		...readStamp(r),
		problems: r.problems
	};
}

const byStartThenId = (a: Activity, b: Activity) => a.startsAt - b.startsAt || a.id.localeCompare(b.id);

/** The activities of one month's document, by start time then id. */
export function listActivities(doc: Y.Doc, options: ListOptions = {}): Activity[] {
	return listRecords(activities(doc), 'activities', readActivity, options, byStartThenId);
}

export function getActivity(doc: Y.Doc, id: string): Activity | null {
	return getRecord(activities(doc), id, readActivity);
}

/**
 * The active sign-ups past the activity's slots, the latest first: the ones an organiser of
 * an overbooked activity has to resolve (cancel, or make room for by adding slots).
 */
export function signUpsBeyondSlots(activity: Activity): SignUp[] {
	const active = activity.signUps.filter((s) => !s.cancelled);
	return active.slice(activity.slots).reverse();
}

/** Hours attended per volunteer id across activities (cancelled activities count nothing). */
export function hoursByVolunteer(list: Activity[]): Record<string, number> {
	const hours = new Map<string, number>();
	for (const activity of list) {
		if (activity.archived) continue;
		for (const a of activity.attendance) hours.set(a.volunteerId, (hours.get(a.volunteerId) ?? 0) + a.hours);
	}
	return Object.fromEntries([...hours].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Adds an activity to `doc`, which must be the period document of the month it starts in
 * (`scheduleActivityIn` picks it). Its id starts with that month.
 */
export function scheduleActivity(doc: Y.Doc, input: NewActivityInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newActivityInput, input, 'activity');
	const id = newPeriodRecordId(fields.startsAt);
	doc.transact(() => {
		createRecord(
			activities(doc),
			id,
			{ kind: 'other', place: '', ...fields, signUps: new Y.Map(), attendance: new Y.Map() },
			writeContext(options),
			'activity'
		);
	});
	return id;
}

export function updateActivity(doc: Y.Doc, id: string, patch: ActivityPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(activityPatch.strict(), patch, 'activity');
	const map = recordOf(activities(doc), id, 'activity');
	const current = readActivity(id, map);
	const startsAt = fields.startsAt ?? current.startsAt;
	// Records never move between documents: another month is another activity.
	if (periodOf(startsAt) !== periodOfRecordId(id)) {
		throw new ModelError('invalid', 'activity startsAt: cannot move to another month', 'startsAt');
	}
	if ((fields.endsAt ?? current.endsAt) <= startsAt) {
		throw new ModelError('invalid', 'activity endsAt: must be after the start', 'endsAt');
	}
	setFields(map, fields, writeContext(options));
}

/** Cancelling an activity archives it; its sign-ups and attendance stay readable. */
export function archiveActivity(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(activities(doc), id, 'activity'), true, writeContext(options));
}

export function restoreActivity(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(activities(doc), id, 'activity'), false, writeContext(options));
}

function liveActivity(doc: Y.Doc, id: string, volunteerId: unknown): [Y.Map<unknown>, Activity] {
	parseOrThrow(volunteerRef, { volunteerId }, 'sign-up');
	const map = recordOf(activities(doc), id, 'activity');
	const activity = readActivity(id, map);
	if (activity.archived) throw new ModelError('invalid', `activity ${id} is cancelled`, 'archived');
	return [map, activity];
}

/**
 * One entry per volunteer in the activity's `signUps` map, so sign-ups made on two devices
 * offline never overwrite each other. Refused when this replica already sees the activity full;
 * offline replicas may still overbook, which `overbooked` shows for the organiser to resolve.
 */
export function signUp(doc: Y.Doc, activityId: string, volunteerId: string, options: WriteOptions = {}): void {
	const [map, activity] = liveActivity(doc, activityId, volunteerId);
	if (activity.signUps.some((s) => s.volunteerId === volunteerId && !s.cancelled)) return;
	if (activity.signedUp >= activity.slots) {
		throw new ModelError('invalid', `activity ${activityId} is full`, 'slots');
	}
	const context = writeContext(options);
	setKeyedEntry(map, 'signUps', volunteerId, { at: context.at, by: context.by }, context, 'activity');
}

/** Marks the sign-up cancelled; the entry stays, so who signed up and when is never lost. */
export function cancelSignUp(
	doc: Y.Doc,
	activityId: string,
	volunteerId: string,
	options: WriteOptions = {}
): void {
	const [map, activity] = liveActivity(doc, activityId, volunteerId);
	const entry = activity.signUps.find((s) => s.volunteerId === volunteerId);
	if (!entry) throw new ModelError('not-found', `volunteer ${volunteerId} has not signed up`, 'volunteerId');
	if (entry.cancelled) return;
	const context = writeContext(options);
	const cancelled = { at: entry.at, by: entry.by, cancelled: true, cancelledAt: context.at, cancelledBy: context.by };
	setKeyedEntry(map, 'signUps', volunteerId, cancelled, context, 'activity');
}

/**
 * Checks a volunteer in (walk-ins too) with the hours served, by default the activity's length.
 * Checking in again corrects the hours.
 */
export function recordAttendance(
	doc: Y.Doc,
	activityId: string,
	volunteerId: string,
	input: AttendanceInput = {},
	options: WriteOptions = {}
): void {
	const fields = parseOrThrow(attendanceInput.strict(), input, 'attendance');
	const [map, activity] = liveActivity(doc, activityId, volunteerId);
	const length = Math.round((activity.endsAt - activity.startsAt) / 36_000) / 100;
	const context = writeContext(options);
	const entry = {
		checkedInAt: fields.checkedInAt ?? context.at,
		hours: fields.hours ?? Math.min(Math.max(length, 0), ACTIVITY_LIMITS.hours),
		by: context.by
	};
	setKeyedEntry(map, 'attendance', volunteerId, entry, context, 'activity');
}

// ---- over a Community: the right month's document is found from the date or the id ----------

export async function scheduleActivityIn(community: Community, input: NewActivityInput): Promise<string> {
	const { startsAt } = parseOrThrow(newActivityInput, input, 'activity');
	return scheduleActivity(await community.period(periodOf(startsAt)), input, community.context());
}

/** Signs up a volunteer of the roster; an unknown or archived volunteer is refused. */
export async function signUpIn(community: Community, activityId: string, volunteerId: string): Promise<void> {
	const volunteer = getVolunteer(await community.root(), volunteerId);
	if (!volunteer || volunteer.archived) {
		throw new ModelError('not-found', `volunteer ${volunteerId} is not on the roster`, 'volunteerId');
	}
	signUp(await community.periodOfRecord(activityId), activityId, volunteerId, community.context());
}

export async function cancelSignUpIn(
	community: Community,
	activityId: string,
	volunteerId: string
): Promise<void> {
	const doc = await community.periodOfRecord(activityId);
	cancelSignUp(doc, activityId, volunteerId, community.context());
}

export async function recordAttendanceIn(
	community: Community,
	activityId: string,
	volunteerId: string,
	input: AttendanceInput = {}
): Promise<void> {
	const doc = await community.periodOfRecord(activityId);
	recordAttendance(doc, activityId, volunteerId, input, community.context());
}

/** The activities of several months (e.g. `recentPeriods(now)`), by start time. */
export async function listActivitiesIn(
	community: Community,
	periods: string[],
	options: ListOptions = {}
): Promise<Activity[]> {
	const lists = await Promise.all(periods.map(async (p) => listActivities(await community.period(p), options)));
	return lists.flat().sort(byStartThenId);
}
