import * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { newPeriodRecordId, type Community } from './family';
import {
	createRecord,
	getRecord,
	listRecords,
	readStamp,
	recordOf,
	setArchived,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { parseOrThrow, recordId } from './schema';
import { getTaskItem, type TaskCategory } from './taskList';
import { periodOf } from './time';
import { getVolunteer } from './volunteers';

/** What a service was, with the labels the UI shows (the grid task list's categories). */
export const SERVICE_KINDS = {
	'home-visit': { zh: '走访入户', en: 'Home visit' },
	'elder-care': { zh: '助老服务', en: 'Elder care' },
	'micro-service': { zh: '微服务', en: 'Micro service' },
	mediation: { zh: '调解纠纷', en: 'Dispute mediation' },
	publicity: { zh: '宣传政策', en: 'Policy publicity' },
	patrol: { zh: '日常巡查', en: 'Daily patrol' }
} as const;
export type ServiceKind = keyof typeof SERVICE_KINDS;
const kinds = Object.keys(SERVICE_KINDS) as [ServiceKind, ...ServiceKind[]];

/** The kind of service a task-list item of each category is logged as (patrol, home visit …). */
export const SERVICE_KIND_OF_TASK: Record<TaskCategory, ServiceKind> = {
	patrol: 'patrol',
	visit: 'home-visit',
	publicity: 'publicity',
	service: 'micro-service',
	mediation: 'mediation'
};

export const SERVICE_LIMITS = { minutes: 24 * 60, note: 500, userId: 64 } as const;

export const newServiceEntryInput = z
	.object({
		kind: z.enum(kinds),
		/** Who served: a volunteer of the roster, an account (grid worker, volunteer), or both. */
		volunteerId: recordId.optional(),
		userId: z.string().min(1, 'must not be empty').max(SERVICE_LIMITS.userId).optional(),
		at: z.number().int('must be a whole number').min(0, 'must not be negative'),
		grid: recordId,
		minutes: z.number().int('must be a whole number').min(1, 'must be at least 1').max(SERVICE_LIMITS.minutes),
		note: z.string().trim().max(SERVICE_LIMITS.note).optional(),
		/** Id of the grid task list item this service carries out. */
		taskItem: recordId.optional()
	})
	.refine((e) => e.volunteerId !== undefined || e.userId !== undefined, {
		message: 'say who served: a volunteer or a user',
		path: ['volunteerId']
	});
export type NewServiceEntryInput = z.input<typeof newServiceEntryInput>;

export interface ServiceEntry extends Stamp {
	id: string;
	/** '' when the stored kind is unknown (noted in `problems`). */
	kind: ServiceKind | '';
	/** '' when the entry names only a user. */
	volunteerId: string;
	/** '' when the entry names only a volunteer. */
	userId: string;
	at: number;
	grid: string;
	minutes: number;
	note: string;
	taskItem: string;
	problems: string[];
}

export interface ServiceTotal {
	count: number;
	minutes: number;
	hours: number;
}

export interface ServiceTotals {
	all: ServiceTotal;
	byVolunteer: Record<string, ServiceTotal>;
	byUser: Record<string, ServiceTotal>;
	byGrid: Record<string, ServiceTotal>;
	byKind: Record<string, ServiceTotal>;
}

function serviceLog(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'serviceLog');
}

function readEntry(id: string, map: Y.Map<unknown>): ServiceEntry {
	const r = new FieldReader(map, `serviceLog.${id}`);
	const kind = r.string('kind');
	const known = kind in SERVICE_KINDS;
	if (!known) r.problems.push(`serviceLog.${id}.kind ${kind} is unknown`);
	return {
		id,
		kind: known ? (kind as ServiceKind) : '',
		volunteerId: r.string('volunteerId'),
		userId: r.string('userId'),
		at: r.number('at'),
		grid: r.string('grid'),
		minutes: r.number('minutes'),
		note: r.string('note'),
		taskItem: r.string('taskItem'),
		...readStamp(r),
		problems: r.problems
	};
}

const byTimeThenId = (a: ServiceEntry, b: ServiceEntry) => a.at - b.at || a.id.localeCompare(b.id);

/** One month's log, oldest first. */
export function listServiceLog(doc: Y.Doc, options: ListOptions = {}): ServiceEntry[] {
	return listRecords(serviceLog(doc), 'serviceLog', readEntry, options, byTimeThenId);
}

export function getServiceEntry(doc: Y.Doc, id: string): ServiceEntry | null {
	return getRecord(serviceLog(doc), id, readEntry);
}

/**
 * Counts and hours derived from the entries themselves (never a stored counter two people
 * could both increment), so entries of several months can simply be concatenated.
 * Archived entries (mistakes) count nothing.
 */
export function totalsOf(entries: ServiceEntry[]): ServiceTotals {
	const empty = () => ({ count: 0, minutes: 0, hours: 0 });
	const all = empty();
	const group = () => new Map<string, ServiceTotal>();
	const groups = { byVolunteer: group(), byUser: group(), byGrid: group(), byKind: group() };
	const add = (total: ServiceTotal, minutes: number) => {
		total.count += 1;
		total.minutes += minutes;
		total.hours = Math.round((total.minutes / 60) * 100) / 100;
	};
	const addTo = (group: Map<string, ServiceTotal>, key: string, minutes: number) => {
		if (!key) return;
		if (!group.has(key)) group.set(key, empty());
		add(group.get(key)!, minutes);
	};
	for (const e of entries) {
		if (e.archived) continue;
		add(all, e.minutes);
		addTo(groups.byVolunteer, e.volunteerId, e.minutes);
		addTo(groups.byUser, e.userId, e.minutes);
		addTo(groups.byGrid, e.grid, e.minutes);
		addTo(groups.byKind, e.kind, e.minutes);
	}
	const sorted = (group: Map<string, ServiceTotal>) =>
		Object.fromEntries([...group].sort(([a], [b]) => a.localeCompare(b)));
	return {
		all,
		byVolunteer: sorted(groups.byVolunteer),
		byUser: sorted(groups.byUser),
		byGrid: sorted(groups.byGrid),
		byKind: sorted(groups.byKind)
	};
}

/**
 * Appends an entry to `doc`, which must be the period document of the month of `at`
 * (`logServiceIn` picks it). Entries are never edited: a mistake is archived and logged anew.
 */
export function logService(doc: Y.Doc, input: NewServiceEntryInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newServiceEntryInput, input, 'service entry');
	const id = newPeriodRecordId(fields.at);
	doc.transact(() => createRecord(serviceLog(doc), id, fields, writeContext(options), 'service entry'));
	return id;
}

export function archiveServiceEntry(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(serviceLog(doc), id, 'service entry'), true, writeContext(options));
}

export function restoreServiceEntry(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(serviceLog(doc), id, 'service entry'), false, writeContext(options));
}

// ---- over a Community ------------------------------------------------------------------------

/** Logs into the month of `at`, after checking the grid and volunteer exist in the root. */
export async function logServiceIn(community: Community, input: NewServiceEntryInput): Promise<string> {
	const fields = parseOrThrow(newServiceEntryInput, input, 'service entry');
	const root = await community.root();
	if (!(collection(root, 'grids').get(fields.grid) instanceof Y.Map)) {
		throw new ModelError('invalid', `service entry grid: grid ${fields.grid} does not exist`, 'grid');
	}
	if (fields.volunteerId !== undefined && !getVolunteer(root, fields.volunteerId)) {
		const message = `service entry volunteerId: ${fields.volunteerId} is not on the roster`;
		throw new ModelError('invalid', message, 'volunteerId');
	}
	return logService(await community.period(periodOf(fields.at)), input, community.context());
}

export const taskDoneInput = z
	.object({
		grid: recordId,
		/** The task-list item carried out; it decides the kind of service. */
		taskItem: z.string().min(1, 'must not be empty').max(64),
		at: z.number().int('must be a whole number').min(0, 'must not be negative'),
		minutes: newServiceEntryInput.shape.minutes,
		note: z.string().trim().max(SERVICE_LIMITS.note).optional()
	})
	.strict();
export type TaskDoneInput = z.input<typeof taskDoneInput>;

/**
 * A grid worker logs a task-list item done (a patrol, a home visit …) as their own service-log
 * entry, of the kind of the item's category. The item must be live in the task list.
 */
export async function logTaskDoneIn(community: Community, input: TaskDoneInput): Promise<string> {
	const { note, ...fields } = parseOrThrow(taskDoneInput, input, 'service entry');
	const item = getTaskItem(await community.root(), fields.taskItem);
	if (!item || item.archived || !item.category) {
		throw new ModelError('invalid', `service entry taskItem: ${fields.taskItem} is not in the task list`, 'taskItem');
	}
	const kind = SERVICE_KIND_OF_TASK[item.category];
	return logServiceIn(community, { ...fields, kind, userId: community.context().by, ...(note ? { note } : {}) });
}

/** The entries of several months (e.g. a year's), oldest first; feed them to `totalsOf`. */
export async function listServiceLogIn(
	community: Community,
	periods: string[],
	options: ListOptions = {}
): Promise<ServiceEntry[]> {
	const lists = await Promise.all(periods.map(async (p) => listServiceLog(await community.period(p), options)));
	return lists.flat().sort(byTimeThenId);
}
