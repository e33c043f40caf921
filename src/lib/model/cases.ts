import * as Y from 'yjs';
import { z } from 'zod';
import {
	CASE_LEVELS,
	caseEventShape,
	compareEvents,
	deriveCase,
	EVENT_TEXT_MAX,
	isOpenStatus,
	type CaseEvent
} from './clock1341';
import { collection } from './community';
import { getDepartment } from './departments';
import { ModelError } from './errors';
import { newPeriodRecordId } from './family';
import { FieldReader } from './fields';
import { getGrid } from './grids';
import { newId } from './ids';
import {
	createRecord,
	getRecord,
	listRecords,
	nestedArray,
	nestedMap,
	recordOf,
	readStamp,
	recordHistory,
	setArchived,
	setFields,
	writeContext,
	type FieldChange,
	type ListOptions,
	type WriteOptions
} from './records';
import { parseOrThrow, recordId } from './schema';
import { getTaskItem, isTaskCategory } from './taskList';
import { PERIOD_PATTERN } from './time';

/**
 * Cases (网格吹哨) live in the period document of the month they were reported, collection
 * `cases`; their id starts with that month, so any reference finds the document holding them.
 * Each case carries an append-only `events` log of plain objects, never rewritten, and a
 * `relayTimes` map (event id → the relay's receive time) that only the relay writes.
 */
export const CASE_LIMITS = { title: 80, description: 2000, location: 200, text: EVENT_TEXT_MAX, reference: 200 } as const;

const text = (max: number) => z.string().trim().max(max);
const required = (max: number) => text(max).min(1, 'must not be empty');

export const newCaseInput = z
	.object({
		grid: recordId,
		title: required(CASE_LIMITS.title),
		description: text(CASE_LIMITS.description).optional(),
		/** A task list item id, or one of the five category keys. */
		category: text(64).optional(),
		level: z.enum(CASE_LEVELS),
		location: text(CASE_LIMITS.location).optional(),
		/** A reference to a stored photo blob, not the photo itself. */
		photo: text(CASE_LIMITS.reference).optional(),
		/** The user reporting; the writer when absent. */
		reporter: z.string().min(1).max(64).optional()
	})
	.strict();
export type NewCaseInput = z.input<typeof newCaseInput>;

/**
 * What a grid worker's report must say (the app's form): every case is filed under the task
 * list, so its category is required here. Stored cases may lack one (written by other clients,
 * or before this rule), which readers tolerate.
 */
export const caseReportInput = newCaseInput.extend({ category: required(64) });
export type CaseReportInput = z.input<typeof caseReportInput>;

/** What may be corrected on a case after it is raised; its level and grid stay as reported. */
export const casePatch = newCaseInput.pick({ title: true, description: true, category: true, location: true, photo: true }).partial().strict();
export type CasePatch = z.input<typeof casePatch>;

const withNote = z.object({ note: text(CASE_LIMITS.text).optional() }).strict();

/** What each step of a case takes besides who and when. */
export const CASE_EVENT_INPUTS = {
	dispatched: z.object({ department: recordId, note: text(CASE_LIMITS.text).optional() }).strict(),
	accepted: withNote,
	'on-site': withNote,
	resolved: withNote,
	planned: withNote,
	verified: withNote,
	closed: withNote,
	returned: z.object({ reason: required(CASE_LIMITS.text) }).strict(),
	extended: z.object({ reason: required(CASE_LIMITS.text), deadline: z.number().int().min(0) }).strict(),
	commented: z.object({ note: required(CASE_LIMITS.text) }).strict()
} as const;
export type CaseStep = keyof typeof CASE_EVENT_INPUTS;
export type CaseStepInput<T extends CaseStep> = z.input<(typeof CASE_EVENT_INPUTS)[T]>;

/** With `root`, a dispatch is checked against the community's departments. */
export interface CaseWriteOptions extends WriteOptions {
	root?: Y.Doc;
}

function cases(periodDoc: Y.Doc): Y.Map<unknown> {
	return collection(periodDoc, 'cases');
}

function invalid(field: string, message: string): ModelError {
	return new ModelError('invalid', `case ${field}: ${message}`, field);
}

/**
 * A case as the app reads it: its fields, `period` (the month in its id), its events in log
 * order (each with the relay's receive time once stamped), the status and deadlines derived
 * at `now`, and `problems` for whatever could not be read.
 */
export type Case = ReturnType<typeof readCase>;

function readCase(id: string, map: Y.Map<unknown>, now: number) {
	const r = new FieldReader(map, `cases.${id}`);
	const rawLevel = r.string('level');
	const level = CASE_LEVELS.find((l) => l === rawLevel);
	if (!level) r.problems.push(`cases.${id}.level is not a level; read as ordinary`);
	const period = id.slice(0, 7);
	if (!PERIOD_PATTERN.test(period)) r.problems.push(`cases.${id} has an id that names no month`);
	const relayTimes = new Map(r.keyedEntries('relayTimes', z.number()));
	const events: CaseEvent[] = r
		.entries('events', caseEventShape)
		.map((event) => (relayTimes.has(event.id) ? { ...event, relayAt: relayTimes.get(event.id) } : event))
		.sort(compareEvents);
	const fields = {
		id,
		period: PERIOD_PATTERN.test(period) ? period : '',
		grid: r.string('grid'),
		title: r.string('title'),
		description: r.string('description'),
		category: r.string('category'),
		level: level ?? 'ordinary',
		reporter: r.string('reporter'),
		location: r.string('location'),
		photo: r.string('photo'),
		...readStamp(r),
		events
	};
	return { ...fields, ...deriveCase(fields.level, events, now), problems: r.problems };
}

export function getCase(periodDoc: Y.Doc, id: string, now: number): Case | null {
	return getRecord(cases(periodDoc), id, (caseId, map) => readCase(caseId, map, now));
}

/** The case with its status and clock derived again at `now`: the clock ticks without a re-read. */
export function caseAt(c: Case, now: number): Case {
	return { ...c, ...deriveCase(c.level, c.events, now) };
}

/** Most urgent first: earliest deadline still to come (cases with none last), then oldest report. */
export function byUrgency(a: Case, b: Case): number {
	const next = (c: Case) => c.nextDeadline ?? Infinity;
	return next(a) - next(b) || a.reportedAt - b.reportedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function newestReportFirst(a: Case, b: Case): number {
	return b.reportedAt - a.reportedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The month's cases, newest report first (or by urgency), with status and deadlines at `now`. */
export function listCases(
	periodDoc: Y.Doc,
	now: number,
	options: ListOptions & { order?: 'newest' | 'urgency' } = {}
): Case[] {
	const order = options.order === 'urgency' ? byUrgency : newestReportFirst;
	return listRecords(cases(periodDoc), 'cases', (id, map) => readCase(id, map, now), options, order);
}

/**
 * Raises a case and writes its `reported` event. `period` must be the document of the month of
 * the report time (`options.at`), which the new id names. The grid must be live; a category
 * other than one of the five keys must be an item of the community's task list.
 */
export function raiseCase(docs: { root: Y.Doc; period: Y.Doc }, input: NewCaseInput, options: WriteOptions = {}): string {
	const { reporter, ...fields } = parseOrThrow(newCaseInput, input, 'case');
	const grid = getGrid(docs.root, fields.grid);
	if (!grid || grid.archived) throw invalid('grid', `${fields.grid} is not a live grid of this community`);
	if (fields.category && !isTaskCategory(fields.category)) {
		const item = getTaskItem(docs.root, fields.category);
		if (!item || item.archived) throw invalid('category', `${fields.category} is not in the task list`);
	}
	const context = writeContext(options);
	const id = newPeriodRecordId(context.at);
	const report: CaseEvent = { id: newId(), type: 'reported', at: context.at, by: context.by };
	docs.period.transact(() => {
		createRecord(
			cases(docs.period),
			id,
			{
				description: '',
				category: '',
				location: '',
				...fields,
				reporter: reporter ?? context.by,
				events: [report],
				relayTimes: new Y.Map<unknown>()
			},
			context,
			'case'
		);
	});
	syncOpenCaseIndex(docs.root, docs.period, id);
	return id;
}

/** Every correction of the case's fields (and archiving), oldest first, with who and when. */
export function caseHistory(periodDoc: Y.Doc, id: string): FieldChange[] {
	return recordHistory(cases(periodDoc), id);
}

/** Corrects the text of a case; every change is kept in the record's history. */
export function updateCase(periodDoc: Y.Doc, caseId: string, patch: CasePatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(casePatch, patch, 'case');
	setFields(recordOf(cases(periodDoc), caseId, 'case'), fields, writeContext(options));
}

/**
 * Archives a case raised by mistake (a duplicate, a wrong community): it leaves the board and
 * the open-case index but nothing is deleted, and `restoreCase` brings it back.
 */
export function archiveCase(docs: { root: Y.Doc; period: Y.Doc }, caseId: string, options: WriteOptions = {}): void {
	setArchived(recordOf(cases(docs.period), caseId, 'case'), true, writeContext(options));
	syncOpenCaseIndex(docs.root, docs.period, caseId);
}

export function restoreCase(docs: { root: Y.Doc; period: Y.Doc }, caseId: string, options: WriteOptions = {}): void {
	setArchived(recordOf(cases(docs.period), caseId, 'case'), false, writeContext(options));
	syncOpenCaseIndex(docs.root, docs.period, caseId, { rewrite: true });
}

/**
 * Appends one step to a case's log and returns the event id. Steps out of order are not refused
 * here (another replica may already have taken the missing step): the derivation flags them.
 * What no replica could make right is refused: a plan for a case that is not major, a
 * resolution of one that is, a dispatch to a department the community does not have.
 */
export function appendCaseEvent<T extends CaseStep>(
	periodDoc: Y.Doc,
	caseId: string,
	type: T,
	input: CaseStepInput<T>,
	options: CaseWriteOptions = {}
): string {
	if (!Object.hasOwn(CASE_EVENT_INPUTS, type)) throw invalid('type', `${String(type)} is not a step of a case`);
	const fields = parseOrThrow(CASE_EVENT_INPUTS[type] as z.ZodType, input, 'case') as Partial<CaseEvent>;
	const record = recordOf(cases(periodDoc), caseId, 'case');
	const context = writeContext(options);
	const level = record.get('level');
	if (type === 'planned' && level !== 'major') throw invalid('level', 'only a major case gets a plan');
	if (type === 'resolved' && level === 'major') throw invalid('level', 'a major case gets a plan, not a resolution');
	if (type === 'extended' && (fields.deadline as number) <= context.at) {
		throw invalid('deadline', 'must be later than now');
	}
	if (type === 'dispatched' && options.root) {
		const department = getDepartment(options.root, fields.department as string);
		if (!department || department.archived) {
			throw invalid('department', `${fields.department} is not a department of this community`);
		}
	}
	const event = { ...fields, id: newId(), type, at: context.at, by: context.by };
	periodDoc.transact(() => nestedArray(record, 'events', 'case').push([event]));
	return event.id;
}

/** The rest of the arguments of a step: the input may be left out when every field is optional. */
type StepArgs<T extends CaseStep> =
	Record<string, never> extends CaseStepInput<T>
		? [input?: CaseStepInput<T>, options?: CaseWriteOptions]
		: [input: CaseStepInput<T>, options?: CaseWriteOptions];

function step<T extends CaseStep>(type: T) {
	return (periodDoc: Y.Doc, caseId: string, ...[input, options]: StepArgs<T>): string =>
		appendCaseEvent(periodDoc, caseId, type, (input ?? {}) as CaseStepInput<T>, options);
}

/** 吹哨: calls a department to the case; `options.root` checks the department exists. */
export const dispatchCase = step('dispatched');
export const acceptCase = step('accepted');
export const recordOnSite = step('on-site');
export const resolveCase = step('resolved');
/** A major case's plan; the note says what the plan is. */
export const planCase = step('planned');
export const verifyCase = step('verified');
export const closeCase = step('closed');
/** Back to the grid, with the reason; the case waits there until dispatched again. */
export const returnCase = step('returned');
/** Moves the resolution (or plan) deadline, with the reason. */
export const extendCase = step('extended');
export const commentCase = step('commented');

/**
 * The relay's receive time of an event, for the 1341 clock (see `reportTime`). The first stamp
 * stays: a second relay receiving the same update later must not move it.
 */
export function stampRelayTime(periodDoc: Y.Doc, caseId: string, eventId: string, relayAt: number): void {
	if (!Number.isFinite(relayAt)) throw invalid('relayAt', 'must be a time');
	const record = recordOf(cases(periodDoc), caseId, 'case');
	const existing = record.get('relayTimes');
	if (existing instanceof Y.Map && existing.has(eventId)) return;
	periodDoc.transact(() => nestedMap(record, 'relayTimes', 'case').set(eventId, relayAt));
}

// ---- the open-case index in the root ------------------------------------------------------

/** An entry of the root's `openCases`: enough to find and sort a case without its period. */
export const openCaseEntry = z.object({
	period: z.string().regex(PERIOD_PATTERN),
	grid: z.string(),
	level: z.enum(CASE_LEVELS),
	reportedAt: z.number()
});
export type OpenCaseEntry = z.infer<typeof openCaseEntry>;
export type OpenCaseRef = OpenCaseEntry & { caseId: string };

/**
 * The rule of the root's `openCases` index, so open cases of old months stay reachable without
 * opening every month: after each event, the case has an entry while its derived status is open
 * and it is not archived, and none otherwise; a `returned` after `closed` reopens it and puts
 * the entry back. `rewrite` sets the entry even when this replica already holds the same one: a
 * `returned` must, because another replica may be closing the case offline, and its deletion of
 * the entry both saw would otherwise leave the reopened case out of the index for good (a case
 * is only ever reopened by a `returned` after its last `closed`). Replicas that sync the index
 * concurrently may still leave an entry for a closed case (or, very rarely, when the root arrives
 * without the period document, miss one): readers check the derived status, and `openCasesOf`
 * also scans the recent months directly. A case not in this replica's period document yet is
 * left alone.
 */
export function syncOpenCaseIndex(
	root: Y.Doc,
	periodDoc: Y.Doc,
	caseId: string,
	options: { rewrite?: boolean } = {}
): void {
	const found = getCase(periodDoc, caseId, 0);
	if (!found) return;
	const index = collection(root, 'openCases');
	if (found.archived || !isOpenStatus(found.status)) {
		if (index.has(caseId)) root.transact(() => index.delete(caseId));
		return;
	}
	const entry: OpenCaseEntry = {
		period: found.period,
		grid: found.grid,
		level: found.level,
		reportedAt: found.reportedAt
	};
	const current = openCaseEntry.safeParse(index.get(caseId));
	if (!options.rewrite && current.success && JSON.stringify(current.data) === JSON.stringify(entry)) return;
	root.transact(() => index.set(caseId, entry));
}

/** The index's entries, oldest report first; unreadable entries are noted in `problems`. */
export function listOpenCaseRefs(root: Y.Doc, options: { problems?: string[] } = {}): OpenCaseRef[] {
	const refs: OpenCaseRef[] = [];
	const unreadable: string[] = [];
	collection(root, 'openCases').forEach((value, caseId) => {
		const parsed = openCaseEntry.safeParse(value);
		if (parsed.success) refs.push({ caseId, ...parsed.data });
		else unreadable.push(caseId);
	});
	for (const caseId of unreadable.sort()) options.problems?.push(`openCases.${caseId} is unreadable`);
	return refs.sort((a, b) => a.reportedAt - b.reportedAt || (a.caseId < b.caseId ? -1 : 1));
}

