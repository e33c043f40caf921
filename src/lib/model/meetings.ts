import * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader, recordMaps } from './fields';
import type { Community } from './family';
import { newId } from './ids';
import { markReviewed, takeVersion, type VersionInput } from './minutes';
import {
	addToList,
	createRecord,
	getRecord,
	listRecords,
	nestedArray,
	nestedMap,
	readStamp,
	recordOf,
	removeEntries,
	removeFromList,
	setArchived,
	setFields,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { LIMITS, parseOrThrow, recordId } from './schema';

export const MEETING_STATUSES = ['draft', 'held', 'finalised'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_LIMITS = { attendees: 200, participants: 100, agenda: 50, decision: 500 } as const;

const epochMs = z.number().int('must be a whole number').min(0, 'must not be negative');
const userRef = z.string().min(1, 'must not be empty').max(64);
const title = z.string().trim().min(1, 'must not be empty').max(LIMITS.name);
const participant = z.object({ name: title, unit: z.string().trim().max(LIMITS.name).default('') });
export type Participant = z.infer<typeof participant>;
export type ParticipantInput = z.input<typeof participant>;

const meetingFields = z.object({
	title,
	date: epochMs,
	place: z.string().trim().max(LIMITS.address),
	convener: z.union([z.literal(''), userRef])
});
export const newMeetingInput = meetingFields.partial({ place: true, convener: true }).extend({
	attendees: z.array(userRef).max(MEETING_LIMITS.attendees).optional(),
	outsideParticipants: z.array(participant).max(MEETING_LIMITS.participants).optional(),
	agenda: z.array(title).max(MEETING_LIMITS.agenda).optional()
});
export type NewMeetingInput = z.input<typeof newMeetingInput>;
export const meetingPatch = meetingFields.partial();
export type MeetingPatch = z.input<typeof meetingPatch>;

/** A decision may point at the case it dispatched or the pairing commitment it relies on. */
export const decisionLink = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('case'), id: z.string().min(1).max(128) }),
	z.object({ kind: z.literal('commitment'), pairingId: recordId, id: recordId })
]);
export type DecisionLink = z.infer<typeof decisionLink>;
/** A decision (议定事项) records what was agreed; an action item (待办) is something to do. */
export const DECISION_KINDS = ['decision', 'action'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
const decisionFields = z.object({
	kind: z.enum(DECISION_KINDS),
	text: z.string().trim().min(1, 'must not be empty').max(MEETING_LIMITS.decision),
	/** Who carries it out: a name or a user id. */
	owner: z.string().trim().max(LIMITS.name),
	due: epochMs.nullable(),
	link: decisionLink.nullable(),
	/** Carried out; a linked case or commitment has its own state besides. */
	done: z.boolean()
});
export const newDecisionInput = decisionFields.partial({ kind: true, owner: true, due: true, link: true, done: true });
export type NewDecisionInput = z.input<typeof newDecisionInput>;
export const decisionPatch = decisionFields.partial();
export type DecisionPatch = z.input<typeof decisionPatch>;

const agendaEntry = z.object({ id: z.string(), title: z.string() });

export type AgendaItem = { id: string; title: string; archived: boolean };

export interface Decision extends z.infer<typeof decisionFields>, Stamp {
	id: string;
}

/** A 议事协商 meeting's header; its minutes live in the meeting's own document. */
export interface Meeting extends Stamp {
	id: string;
	title: string;
	date: number;
	place: string;
	convener: string;
	status: MeetingStatus;
	/** Id of the minutes version frozen when finalising, '' before. */
	finalVersion: string;
	attendees: string[];
	outsideParticipants: Participant[];
	/** In the order added; archived items stay, flagged. */
	agenda: AgendaItem[];
	/** In the order made (writer time, then id). */
	decisions: Decision[];
	problems: string[];
}

function meetings(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'meetings');
}

function readDecision(id: string, map: Y.Map<unknown>, problems: string[], where: string): Decision {
	const r = new FieldReader(map, `${where}.decisions.${id}`);
	const link = decisionLink.nullable().safeParse(map.get('link') ?? null);
	if (!link.success) r.problems.push(`${where}.decisions.${id}.link is unreadable`);
	const kind = r.string('kind', 'decision');
	if (!DECISION_KINDS.includes(kind as DecisionKind)) r.problems.push(`${where}.decisions.${id}.kind ${kind} is unknown`);
	const decision = {
		id,
		kind: kind === 'action' ? ('action' as const) : ('decision' as const),
		text: r.string('text'),
		owner: r.string('owner'),
		due: r.numberOrNull('due'),
		link: link.success ? link.data : null,
		done: r.boolean('done'),
		...readStamp(r)
	};
	problems.push(...r.problems);
	return decision;
}

function readMeeting(id: string, map: Y.Map<unknown>): Meeting {
	const where = `meetings.${id}`;
	const r = new FieldReader(map, where);
	const stored = r.string('status', 'draft');
	const known = MEETING_STATUSES.includes(stored as MeetingStatus);
	if (!known) r.problems.push(`${where}.status ${stored} is unknown`);
	// Finalising also stamps `finalisedAt`, a key nothing clears: a concurrent step back to
	// draft may win the `status` field, but the meeting reads finalised on every replica.
	const finalised = r.numberOrNull('finalisedAt') !== null || stored === 'finalised';
	const status = finalised ? 'finalised' : stored === 'held' ? 'held' : 'draft';
	const archivedItems = r.nested('agendaArchived');
	const seen = new Set<string>();
	const agenda = r
		.entries('agenda', agendaEntry)
		.filter((item) => !seen.has(item.id) && seen.add(item.id))
		.map((item) => ({ ...item, archived: archivedItems?.get(item.id) === true }));
	const decisions = recordMaps(r.nested('decisions') ?? new Y.Map(), r.problems, `${where}.decisions`)
		.map(([decisionId, decision]) => readDecision(decisionId, decision, r.problems, where))
		.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
	return {
		id,
		title: r.string('title'),
		date: r.number('date'),
		place: r.string('place'),
		convener: r.string('convener'),
		status,
		finalVersion: r.string('finalVersion'),
		attendees: r.stringSet('attendees'),
		outsideParticipants: r.entries('outsideParticipants', participant),
		agenda,
		decisions,
		...readStamp(r),
		problems: r.problems
	};
}

/** Meetings newest first, then by id. */
export function listMeetings(doc: Y.Doc, options: ListOptions = {}): Meeting[] {
	return listRecords(meetings(doc), 'meetings', readMeeting, options, (a, b) =>
		b.date - a.date || a.id.localeCompare(b.id)
	);
}

export function getMeeting(doc: Y.Doc, id: string): Meeting | null {
	return getRecord(meetings(doc), id, readMeeting);
}

export function addMeeting(doc: Y.Doc, input: NewMeetingInput, options: WriteOptions = {}): string {
	const { attendees, outsideParticipants, agenda, ...fields } = parseOrThrow(newMeetingInput, input, 'meeting');
	const id = newId();
	const record = {
		place: '',
		convener: '',
		...fields,
		status: 'draft',
		attendees: [...new Set(attendees ?? [])],
		outsideParticipants: outsideParticipants ?? [],
		agenda: (agenda ?? []).map((item) => ({ id: newId(), title: item })),
		agendaArchived: new Y.Map(),
		decisions: new Y.Map()
	};
	doc.transact(() => createRecord(meetings(doc), id, record, writeContext(options), 'meeting'));
	return id;
}

/** The meeting's record, refused once finalised: what was decided is no longer rewritten. */
function editable(doc: Y.Doc, id: string): Y.Map<unknown> {
	const map = recordOf(meetings(doc), id, 'meeting');
	if (readMeeting(id, map).status === 'finalised') {
		throw new ModelError('invalid', `meeting ${id} is finalised`, 'status');
	}
	return map;
}

export function updateMeeting(doc: Y.Doc, id: string, patch: MeetingPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(meetingPatch.strict(), patch, 'meeting');
	setFields(editable(doc, id), fields, writeContext(options));
}

/**
 * draft ⇄ held → finalised. A meeting is held before it is finalised, and nothing goes back
 * from finalised.
 */
export function setMeetingStatus(doc: Y.Doc, id: string, status: MeetingStatus, options: WriteOptions = {}): void {
	transition(doc, id, status, '', options);
}

/** `finalVersion` names the minutes version frozen with the meeting, when finalising. */
function transition(doc: Y.Doc, id: string, status: MeetingStatus, finalVersion: string, options: WriteOptions) {
	parseOrThrow(z.object({ status: z.enum(MEETING_STATUSES) }), { status }, 'meeting');
	const map = editable(doc, id);
	const current = readMeeting(id, map).status;
	if (current === status) return;
	if (status === 'finalised' && current !== 'held') {
		throw new ModelError('invalid', 'meeting status: a meeting is held before it is finalised', 'status');
	}
	const context = writeContext(options);
	const final = status === 'finalised' ? { finalisedAt: context.at, finalVersion: finalVersion || undefined } : {};
	setFields(map, { status, ...final }, context);
}

export function archiveMeeting(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(meetings(doc), id, 'meeting'), true, writeContext(options));
}

export function restoreMeeting(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(meetings(doc), id, 'meeting'), false, writeContext(options));
}

/** Inserts, so attendees added on two devices offline are both kept. */
export function addAttendee(doc: Y.Doc, id: string, userId: string): void {
	parseOrThrow(z.object({ attendees: userRef }), { attendees: userId }, 'meeting');
	const map = editable(doc, id);
	if (new FieldReader(map, 'meeting').stringSet('attendees').length >= MEETING_LIMITS.attendees) {
		throw new ModelError('invalid', 'meeting attendees: too many for one meeting', 'attendees');
	}
	doc.transact(() => addToList(map, 'attendees', userId));
}

export function removeAttendee(doc: Y.Doc, id: string, userId: string): void {
	const map = editable(doc, id);
	doc.transact(() => removeFromList(map, 'attendees', userId));
}

export function addOutsideParticipant(doc: Y.Doc, id: string, input: ParticipantInput): void {
	const value = parseOrThrow(participant.strict(), input, 'participant');
	const map = editable(doc, id);
	if (readMeeting(id, map).outsideParticipants.length >= MEETING_LIMITS.participants) {
		const message = 'meeting outsideParticipants: too many for one meeting';
		throw new ModelError('invalid', message, 'outsideParticipants');
	}
	doc.transact(() => nestedArray(map, 'outsideParticipants', 'meeting').push([value]));
}

/** Removes every entry with this name and unit (two devices may have added the same person). */
export function removeOutsideParticipant(doc: Y.Doc, id: string, input: ParticipantInput): void {
	const value = parseOrThrow(participant.strict(), input, 'participant');
	const map = editable(doc, id);
	const same = (entry: unknown) => {
		const item = participant.safeParse(entry);
		return item.success && item.data.name === value.name && item.data.unit === value.unit;
	};
	doc.transact(() => removeEntries(map, 'outsideParticipants', same));
}

/** Appends `{id, title}`: items added on two devices both stay, each in its writer's order. */
export function addAgendaItem(doc: Y.Doc, id: string, itemTitle: string): string {
	const parsed = parseOrThrow(z.object({ title }), { title: itemTitle }, 'agenda item');
	const map = editable(doc, id);
	if (readMeeting(id, map).agenda.length >= MEETING_LIMITS.agenda) {
		throw new ModelError('invalid', 'meeting agenda: too many items', 'agenda');
	}
	const itemId = newId();
	doc.transact(() => nestedArray(map, 'agenda', 'meeting').push([{ id: itemId, title: parsed.title }]));
	return itemId;
}

/** Archived items are flagged in `agendaArchived`, so the list itself is only ever appended to. */
export function setAgendaItemArchived(doc: Y.Doc, id: string, itemId: string, archived: boolean): void {
	const map = editable(doc, id);
	if (!readMeeting(id, map).agenda.some((item) => item.id === itemId)) {
		throw new ModelError('not-found', `agenda item ${itemId} does not exist`);
	}
	doc.transact(() => nestedMap(map, 'agendaArchived', 'meeting').set(itemId, archived));
}

export function addDecision(doc: Y.Doc, id: string, input: NewDecisionInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newDecisionInput, input, 'decision');
	const map = editable(doc, id);
	const decisionId = newId();
	const record = { kind: 'decision', owner: '', due: null, link: null, done: false, ...fields };
	doc.transact(() => {
		createRecord(nestedMap(map, 'decisions', 'meeting'), decisionId, record, writeContext(options), 'decision');
	});
	return decisionId;
}

function decisionOf(doc: Y.Doc, id: string, decisionId: string): Y.Map<unknown> {
	const decisions = recordOf(meetings(doc), id, 'meeting').get('decisions');
	if (!(decisions instanceof Y.Map)) throw new ModelError('not-found', `decision ${decisionId} does not exist`);
	return recordOf(decisions, decisionId, 'decision');
}

/** Decisions stay editable after finalising: owners, due dates and links are followed up. */
export function updateDecision(
	doc: Y.Doc,
	id: string,
	decisionId: string,
	patch: DecisionPatch,
	options: WriteOptions = {}
): void {
	const fields = parseOrThrow(decisionPatch.strict(), patch, 'decision');
	setFields(decisionOf(doc, id, decisionId), fields, writeContext(options));
}

export function setDecisionArchived(
	doc: Y.Doc,
	id: string,
	decisionId: string,
	archived: boolean,
	options: WriteOptions = {}
): void {
	setArchived(decisionOf(doc, id, decisionId), archived, writeContext(options));
}

// ---- over a Community: header in the root, minutes in the meeting's own document ----------

/**
 * Writes the header. The meeting's document needs no initial content: its `body` and
 * `versions` exist by name, and placeholder text would race with the editor's own.
 */
export async function createMeetingIn(community: Community, input: NewMeetingInput): Promise<string> {
	return addMeeting(await community.root(), input, community.context());
}

/** Freezes the minutes as a named version (定稿) and finalises the meeting with it. */
export async function finaliseMeetingIn(
	community: Community,
	meetingId: string,
	input: VersionInput
): Promise<string> {
	const root = await community.root();
	const meeting = getMeeting(root, meetingId);
	if (!meeting) throw new ModelError('not-found', `meeting ${meetingId} does not exist`);
	if (meeting.status !== 'held') {
		throw new ModelError('invalid', 'meeting status: a meeting is held before it is finalised', 'status');
	}
	const context = community.context();
	const versionId = takeVersion(await community.meeting(meetingId), input, context);
	transition(root, meetingId, 'finalised', versionId, context);
	return versionId;
}

/** How far back and ahead a meeting's minutes are kept on the device for offline use. */
export const MEETINGS_KEPT_OFFLINE = { pastDays: 45, aheadDays: 90 } as const;

/**
 * The meetings whose minutes a device keeps ready offline: every live meeting from
 * `pastDays` ago onwards (upcoming ones included, so the minutes can be written in a meeting
 * room with no network), and every meeting not yet finalised, whatever its date.
 */
export function meetingsKeptOffline(root: Y.Doc, now: number): string[] {
	const day = 86_400_000;
	const from = now - MEETINGS_KEPT_OFFLINE.pastDays * day;
	const until = now + MEETINGS_KEPT_OFFLINE.aheadDays * day;
	return listMeetings(root)
		.filter((m) => (m.date >= from && m.date <= until) || m.status !== 'finalised')
		.map((m) => m.id);
}

/**
 * The writer, an attendee (or the convener), signs off the finalised minutes (定稿) as read.
 * Refused before the meeting is finalised or for someone who did not attend.
 */
export async function markReviewedIn(community: Community, meetingId: string): Promise<void> {
	const meeting = getMeeting(await community.root(), meetingId);
	if (!meeting) throw new ModelError('not-found', `meeting ${meetingId} does not exist`);
	if (meeting.status !== 'finalised' || !meeting.finalVersion) {
		throw new ModelError('invalid', 'review: only finalised minutes are reviewed', 'status');
	}
	const context = community.context();
	if (!meeting.attendees.includes(context.by) && meeting.convener !== context.by) {
		throw new ModelError('invalid', 'review: only attendees review the minutes', 'attendees');
	}
	markReviewed(await community.meeting(meetingId), meeting.finalVersion, context);
}
