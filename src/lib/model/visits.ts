import type * as Y from 'yjs';
import { VISIT_KINDS, newVisitInput, type NewVisitInput, type VisitKind } from './careShapes';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { findMember, getHousehold, listHouseholds, type Household } from './households';
import { newId } from './ids';
import {
	createRecord,
	listRecords,
	readStamp,
	recordOf,
	setArchived,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { getSickbedRequest } from './sickbed';
import { parseOrThrow } from './schema';
import { DAY_MS, chinaDayStart } from './time';

/**
 * One visit to a household (走访记录): who (`createdBy`), when (`at`), what was done, and what
 * needs following up. The log is append-only: a visit logged by mistake is archived.
 */
export interface Visit extends Stamp {
	id: string;
	household: string;
	/** '' when the stored kind is unknown (noted in `problems`). */
	kind: VisitKind | '';
	at: number;
	done: string;
	followUp: string;
	member: string;
	request: string;
	problems: string[];
}

function visits(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'visits');
}

function readVisit(id: string, map: Y.Map<unknown>): Visit {
	const r = new FieldReader(map, `visits.${id}`);
	const kind = r.string('kind');
	const known = (VISIT_KINDS as readonly string[]).includes(kind);
	if (!known) r.problems.push(`visits.${id}.kind is unknown`);
	return {
		id,
		household: r.string('household'),
		kind: known ? (kind as VisitKind) : '',
		at: r.number('at'),
		done: r.string('done'),
		followUp: r.string('followUp'),
		member: r.string('member'),
		request: r.string('request'),
		...readStamp(r),
		problems: r.problems
	};
}

/** Newest first, ties by id so every replica lists alike. */
const newestFirst = (a: Visit, b: Visit) => b.at - a.at || a.id.localeCompare(b.id);

export function listVisits(doc: Y.Doc, options: ListOptions & { household?: string; request?: string } = {}): Visit[] {
	return listRecords(visits(doc), 'visits', readVisit, options, newestFirst).filter(
		(visit) =>
			(options.household === undefined || visit.household === options.household) &&
			(options.request === undefined || visit.request === options.request)
	);
}

/**
 * Logs a visit to a live household of the grid. A sickbed visit names an open request of that
 * household (the care team's service); its resident defaults to the request's.
 */
export function logVisit(doc: Y.Doc, input: NewVisitInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newVisitInput, input, 'visit');
	const household = getHousehold(doc, fields.household);
	if (!household || household.archived) throw new ModelError('invalid', 'visit household: no such household in this grid', 'household');
	let member = fields.member;
	if (fields.request !== undefined) {
		const request = getSickbedRequest(doc, fields.request);
		if (!request || request.archived || request.household !== fields.household) {
			throw new ModelError('invalid', 'visit request: no such sickbed request for this household', 'request');
		}
		member ??= request.member;
	}
	if (member !== undefined && !findMember(doc, fields.household, member)) {
		throw new ModelError('invalid', 'visit member: no such member of the household', 'member');
	}
	const id = newId();
	const record = { followUp: '', ...fields, ...(member !== undefined ? { member } : {}) };
	doc.transact(() => createRecord(visits(doc), id, record, writeContext(options), 'visit'));
	return id;
}

export function setVisitArchived(doc: Y.Doc, id: string, archived: boolean, options: WriteOptions = {}): void {
	setArchived(recordOf(visits(doc), id, 'visit'), archived, writeContext(options));
}

/** Where a household stands against its visit plan, at `now`. */
export interface VisitPlanStatus {
	household: string;
	/** The last live visit, or null. */
	lastVisit: number | null;
	/** When the next visit is due (0 with no plan): the last visit, or the registration, plus the interval. */
	due: number;
	/** Whole days past the China day it was due; 0 when not overdue. */
	overdueDays: number;
	/** What the last visit said needs following up; '' when nothing. */
	followUp: string;
}

/**
 * Where each household stands, the log read once. A visit is due on the China day `interval`
 * days after the last one (or after registration, for a household never visited), and overdue
 * from the next day on. Derived from the log, so two visits logged offline both count and every
 * replica agrees.
 */
export function visitPlanOf(households: Household[], log: Visit[], now: number): VisitPlanStatus[] {
	const latest = new Map<string, Visit>();
	for (const visit of log) {
		if (visit.archived) continue;
		const known = latest.get(visit.household);
		if (!known || newestFirst(visit, known) < 0) latest.set(visit.household, visit);
	}
	return households.map((household) => {
		const last = latest.get(household.id) ?? null;
		const due = household.visitEveryDays > 0 ? (last?.at ?? household.createdAt) + household.visitEveryDays * DAY_MS : 0;
		const overdueDays = due > 0 ? Math.max(0, Math.round((chinaDayStart(now) - chinaDayStart(due)) / DAY_MS)) : 0;
		return { household: household.id, lastVisit: last?.at ?? null, due, overdueDays, followUp: last?.followUp ?? '' };
	});
}

/** The status of every live household of the grid that has a visit plan, soonest due first. */
export function visitPlan(doc: Y.Doc, now: number): (VisitPlanStatus & { record: Household })[] {
	const planned = listHouseholds(doc).filter((household) => household.visitEveryDays > 0);
	return visitPlanOf(planned, listVisits(doc), now)
		.map((status, i) => ({ ...status, record: planned[i] }))
		.sort((a, b) => a.due - b.due || a.household.localeCompare(b.household));
}

/** An overdue visit as the worker who answers for it sees it. */
export interface OverdueVisit extends VisitPlanStatus {
	grid: string;
	record: Household;
}

/**
 * Overdue visits per grid worker across grids: a household names its worker, or else every worker
 * of its grid answers for it (`workersOf`, from the grid board); a grid without workers files
 * them under ''. Each list most overdue first.
 */
export function overdueByWorker(
	grids: { grid: string; doc: Y.Doc }[],
	workersOf: (grid: string) => string[],
	now: number
): Map<string, OverdueVisit[]> {
	const out = new Map<string, OverdueVisit[]>();
	for (const { grid, doc } of grids) {
		for (const status of visitPlan(doc, now)) {
			if (status.overdueDays === 0) continue;
			const named = status.record.worker;
			const workers = named ? [named] : workersOf(grid);
			for (const worker of workers.length ? workers : ['']) {
				const list = out.get(worker) ?? [];
				list.push({ ...status, grid });
				out.set(worker, list);
			}
		}
	}
	for (const list of out.values()) list.sort((a, b) => b.overdueDays - a.overdueDays || a.household.localeCompare(b.household));
	return out;
}
