import { z } from 'zod';

/**
 * The "1341" response clock and a case's status, derived from its append-only event log by a
 * pure function: the same events in any order give the same answer on every replica, and a
 * sequence that breaks the process is reported in `anomalies`, never thrown on.
 */

export const CASE_LEVELS = ['ordinary', 'complex', 'major'] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];

export const CASE_EVENT_TYPES = [
	'reported',
	'dispatched',
	'accepted',
	'on-site',
	'resolved',
	'planned',
	'verified',
	'closed',
	'returned',
	'extended',
	'commented'
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export type CaseStatus = Exclude<CaseEventType, 'extended' | 'commented'>;

/** Longest reason or note an event may carry. */
export const EVENT_TEXT_MAX = 500;

export interface CaseEvent {
	id: string;
	type: CaseEventType;
	/** Epoch ms of the writer's clock. */
	at: number;
	by: string;
	department?: string;
	reason?: string;
	/** The new resolution (or plan) deadline of an `extended` event, epoch ms. */
	deadline?: number;
	note?: string;
	/** When the relay first received the event, epoch ms; stamped later by the relay. */
	relayAt?: number;
}

/** A stored event, as readers accept it and the relay re-validates it; other keys are dropped. */
export const caseEventShape = z.object({
	id: z.string().min(1).max(64),
	type: z.enum(CASE_EVENT_TYPES),
	at: z.number(),
	by: z.string().max(64),
	department: z.string().max(64).optional(),
	reason: z.string().max(EVENT_TEXT_MAX).optional(),
	deadline: z.number().optional(),
	note: z.string().max(EVENT_TEXT_MAX).optional()
});

const MINUTE = 60_000;

/** Minutes from the report, as the district publishes them (domain/xinrong-demo.json). */
export const CLOCK_1341 = {
	onSiteMinutes: 15,
	ordinarySolvedMinutes: 30,
	complexSolvedMinutes: 240,
	majorPlanMinutes: 1440
} as const;

/** How far writer and relay clocks may disagree before the relay's is trusted. */
export const CLOCK_TOLERANCE_MS = MINUTE;
export const DUE_SOON_MS = 5 * MINUTE;

export type DeadlineKind = 'onSite' | 'resolve' | 'plan';
/** One value per deadline a case has: on site always, then resolve (ordinary, complex) or plan (major). */
export type PerDeadline<T> = { onSite: T } & Partial<Record<'resolve' | 'plan', T>>;

export interface CaseDerivation {
	status: CaseStatus;
	/** The department the case is with now, '' when none (not yet dispatched, or returned). */
	department: string;
	reportedAt: number;
	deadlines: PerDeadline<number>;
	/** The deadline's step happened no later than the deadline. */
	met: PerDeadline<boolean>;
	/** Not met, and `now` is past the deadline (a step done late stays overdue: it was missed). */
	overdue: PerDeadline<boolean>;
	/** The deadline's step is still to come: not taken, and the case has not moved past it. */
	pending: PerDeadline<boolean>;
	/** The earliest deadline whose step is still to come, null when none is: urgency order. */
	nextDeadline: number | null;
	dueSoon: boolean;
	anomalies: string[];
}

/**
 * Deterministic log order: writer time, then event id (then type and writer, so even a
 * foreign client reusing an id cannot make two replicas disagree).
 */
export function compareEvents(a: CaseEvent, b: CaseEvent): number {
	return a.at - b.at || cmp(a.id, b.id) || cmp(a.type, b.type) || cmp(a.by, b.by);
}

function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * When the report happened, for the clock. A department can only answer a report once the relay
 * has passed it on, and a phone's clock may be wrong by hours: so when the relay's receive time
 * differs from the writer's by more than the tolerance, the relay's time starts the clock. This
 * keeps the clock honest both ways: a clock running late cannot back-date a report into
 * "overdue", and one running early cannot buy the department time it never had.
 */
export function reportTime(event: CaseEvent): number {
	const { at, relayAt } = event;
	return relayAt !== undefined && Math.abs(relayAt - at) > CLOCK_TOLERANCE_MS ? relayAt : at;
}

/**
 * When a later step happened. The writer's clock is kept (a worker offline in a basement did go
 * on site when the phone says), but nothing can happen after the relay received it: a clock
 * running early is capped at the relay's time.
 */
export function stepTime(event: CaseEvent): number {
	return event.relayAt !== undefined && event.relayAt < event.at ? event.relayAt : event.at;
}

/** Place in the process; `returned` sends a case back to the start, to be dispatched again. */
const RANK: Record<CaseStatus, number> = {
	reported: 0,
	returned: 0,
	dispatched: 1,
	accepted: 2,
	'on-site': 3,
	resolved: 4,
	planned: 4,
	verified: 5,
	closed: 6
};

/** Steps a case may not skip (accepting is optional: going on site shows the case was taken). */
const REQUIRED: readonly [number, string][] = [
	[1, 'dispatched'],
	[3, 'on-site'],
	[4, 'resolved or planned'],
	[5, 'verified']
];

/** What is wrong with moving from `from` by `event`, or null when the step is in order. */
function misstep(from: CaseStatus, event: CaseEvent, level: CaseLevel): string | null {
	const { type } = event;
	if (type === 'planned' && level !== 'major') return `planned on a case of level ${level} (only a major case is planned)`;
	if (type === 'resolved' && level === 'major') return 'resolved on a major case (a major case is planned)';
	if (type === 'dispatched' && !event.department) return 'dispatched without a department';
	if (type === 'returned') return RANK[from] === 0 && from !== 'returned' ? 'returned before dispatched' : null;
	if (type === 'dispatched' && from === 'accepted') return null;
	const target = RANK[type as CaseStatus];
	if (type === from || target === RANK[from]) return null;
	if (target < RANK[from]) return `${type} after ${from}`;
	const skipped = REQUIRED.find(([rank]) => rank > RANK[from] && rank < target);
	return skipped ? `${type} before ${skipped[1]}` : null;
}

/**
 * Status, deadlines and their state at `now` from a case's events, in any order. Steps out of
 * order are flagged; steps forward are still taken (the log is what people on the ground did),
 * steps backward are not (a late "on site" cannot reopen a verified case; only `returned` can).
 */
export function deriveCase(level: CaseLevel, events: readonly CaseEvent[], now: number): CaseDerivation {
	const ordered = [...events].sort(compareEvents);
	const anomalies: string[] = [];
	const report = ordered.find((e) => e.type === 'reported');
	if (!report) anomalies.push('no reported event');
	const reportedAt = report ? reportTime(report) : ordered.length ? stepTime(ordered[0]) : now;

	let status: CaseStatus = 'reported';
	let department = '';
	let onSiteAt: number | null = null;
	let doneAt: number | null = null;
	let extendedTo: number | null = null;
	for (const event of ordered) {
		const flag = (text: string) => anomalies.push(`event ${event.id}: ${text}`);
		if (event.type === 'commented') continue;
		if (event.type === 'reported') {
			if (event !== report) flag('reported twice');
			continue;
		}
		if (event.type === 'extended') {
			if (typeof event.deadline === 'number' && Number.isFinite(event.deadline)) extendedTo = event.deadline;
			else flag('extended without a new deadline');
			continue;
		}
		const type = event.type;
		if (type === 'on-site') onSiteAt = Math.min(onSiteAt ?? Infinity, stepTime(event));
		const problem = misstep(status, event, level);
		if (problem) flag(problem);
		const transfer = type === 'dispatched' && status === 'accepted';
		const backward = type !== 'returned' && !transfer && RANK[type] < RANK[status];
		if (backward || (type === 'dispatched' && !event.department)) continue;
		if (type === 'returned') doneAt = null;
		if ((type === 'resolved' || type === 'planned') && doneAt === null) doneAt = stepTime(event);
		if (type === 'dispatched') department = event.department ?? '';
		if (type === 'returned') department = '';
		status = type;
	}

	const finishKind = level === 'major' ? 'plan' : 'resolve';
	const finishMinutes =
		level === 'major'
			? CLOCK_1341.majorPlanMinutes
			: level === 'complex'
				? CLOCK_1341.complexSolvedMinutes
				: CLOCK_1341.ordinarySolvedMinutes;
	const deadlines = {
		onSite: reportedAt + CLOCK_1341.onSiteMinutes * MINUTE,
		[finishKind]: extendedTo ?? reportedAt + finishMinutes * MINUTE
	} as PerDeadline<number>;
	const happened: PerDeadline<number | null> = { onSite: onSiteAt, [finishKind]: doneAt };
	// A step is still to come only while the case has not moved past it.
	const pending: PerDeadline<boolean> = {
		onSite: onSiteAt === null && RANK[status] < RANK['on-site'],
		[finishKind]: doneAt === null && RANK[status] < RANK.resolved
	};

	const met = {} as PerDeadline<boolean>;
	const overdue = {} as PerDeadline<boolean>;
	let nextDeadline: number | null = null;
	for (const kind of ['onSite', finishKind] as const) {
		const due = deadlines[kind] as number;
		const at = happened[kind];
		met[kind] = at !== null && at !== undefined && at <= due;
		overdue[kind] = !met[kind] && now > due;
		if (pending[kind] && (nextDeadline === null || due < nextDeadline)) nextDeadline = due;
	}
	const dueSoon = nextDeadline !== null && now <= nextDeadline && nextDeadline - now <= DUE_SOON_MS;
	return { status, department, reportedAt, deadlines, met, overdue, pending, nextDeadline, dueSoon, anomalies };
}

export function isOpenStatus(status: CaseStatus): boolean {
	return status !== 'closed';
}

/** A step still to come is past its deadline: the case is late now (not merely done late once). */
export function isRunningLate(derived: Pick<CaseDerivation, 'overdue' | 'pending'>): boolean {
	return (Object.keys(derived.pending) as DeadlineKind[]).some((kind) => derived.pending[kind] && derived.overdue[kind]);
}
