import type * as Y from 'yjs';
import { listActivities } from '../activities';
import { listCases, type Case } from '../cases';
import { CASE_LEVELS, isOpenStatus, isRunningLate, type CaseLevel, type DeadlineKind } from '../clock1341';
import { listServiceLog } from '../serviceLog';
import { emptyDay, hoursOf, serviceCount, type DayFigures } from './day';
import { chinaDay } from './range';
import { rateOf, type Clock, type Rate } from './tally';

/**
 * Open cases now: how many, how many are running late (a step still to come is past its
 * deadline), and how many of each level are with each department ('' for none: not yet
 * dispatched, or returned to the grid).
 */
export interface OpenCounts {
	total: number;
	late: number;
	byDepartment: Record<string, Record<CaseLevel, number>>;
}

export function emptyOpenCounts(): OpenCounts {
	return { total: 0, late: 0, byDepartment: {} };
}

const zeroLevels = () => Object.fromEntries(CASE_LEVELS.map((level) => [level, 0])) as Record<CaseLevel, number>;

/** Open cases counted (archived and closed ones left out); `cases` as derived at the moment wanted. */
export function openCaseCounts(cases: readonly Case[]): OpenCounts {
	const counts = emptyOpenCounts();
	for (const c of cases) {
		if (c.archived || !isOpenStatus(c.status)) continue;
		counts.total++;
		if (isRunningLate(c)) counts.late++;
		const row = (counts.byDepartment[c.department] ??= zeroLevels());
		row[c.level]++;
	}
	return sortedOpen(counts);
}

export function addOpenCounts(...list: OpenCounts[]): OpenCounts {
	const sum = emptyOpenCounts();
	for (const counts of list) {
		sum.total += counts.total;
		sum.late += counts.late;
		for (const [department, levels] of Object.entries(counts.byDepartment)) {
			const row = (sum.byDepartment[department] ??= zeroLevels());
			for (const level of CASE_LEVELS) row[level] += levels[level];
		}
	}
	return sortedOpen(sum);
}

function sortedOpen(counts: OpenCounts): OpenCounts {
	const byDepartment = Object.fromEntries(Object.entries(counts.byDepartment).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	return { ...counts, byDepartment };
}

/**
 * One month's document summed up at `now`: its figures by China day and its open cases.
 * `validUntil` is the moment the summary goes stale without any change to the document — the
 * earliest deadline still undecided, which then counts as missed — or null when none is (a
 * month whose cases are all decided is summed up once, until it changes).
 */
export interface PeriodSummary {
	period: string;
	days: Record<string, DayFigures>;
	open: OpenCounts;
	validUntil: number | null;
}

type Outcome = 'met' | 'missed' | 'pending';

/** Each deadline of the case, the clock it is held to, and how it stands at `now`. */
export function deadlineOutcomes(c: Case, now: number): { clock: Clock; outcome: Outcome; due: number }[] {
	return (Object.keys(c.deadlines) as DeadlineKind[]).map((kind) => {
		const due = c.deadlines[kind] as number;
		const outcome: Outcome = c.met[kind] ? 'met' : now > due ? 'missed' : 'pending';
		return { clock: kind === 'onSite' ? 'onSite' : c.level, outcome, due };
	});
}

function counted(rate: Rate, outcome: Outcome): Rate {
	return rateOf(rate.met + Number(outcome === 'met'), rate.missed + Number(outcome === 'missed'), rate.pending + Number(outcome === 'pending'));
}

export function summarisePeriod(period: string, doc: Y.Doc, now: number): PeriodSummary {
	const days = new Map<string, DayFigures>();
	const dayOf = (ms: number) => {
		const key = chinaDay(ms);
		let day = days.get(key);
		if (!day) days.set(key, (day = emptyDay()));
		return day;
	};
	let validUntil: number | null = null;

	const cases = listCases(doc, now);
	for (const c of cases) {
		const day = dayOf(c.reportedAt);
		day.reported++;
		day.byGrid[c.grid] = (day.byGrid[c.grid] ?? 0) + 1;
		day.byCategory[c.category] = (day.byCategory[c.category] ?? 0) + 1;
		day.byLevel[c.level]++;
		for (const { clock, outcome, due } of deadlineOutcomes(c, now)) {
			day.clock[clock] = counted(day.clock[clock], outcome);
			if (outcome === 'pending' && (validUntil === null || due + 1 < validUntil)) validUntil = due + 1;
		}
	}

	for (const entry of listServiceLog(doc)) {
		if (!entry.kind) continue;
		const day = dayOf(entry.at);
		const current = day.services[entry.kind];
		day.services[entry.kind] = serviceCount(current.count + 1, current.minutes + entry.minutes);
		if (entry.volunteerId) day.volunteerMinutes += entry.minutes;
	}

	for (const activity of listActivities(doc)) {
		const hours = activity.attendance.reduce((sum, a) => sum + a.hours, 0);
		if (hours > 0) {
			const day = dayOf(activity.startsAt);
			day.activityHours = hoursOf((day.activityHours + hours) * 60);
		}
	}

	const sortedDays = Object.fromEntries([...days].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
	return { period, days: sortedDays, open: openCaseCounts(cases), validUntil };
}
