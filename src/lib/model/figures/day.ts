import { CASE_LEVELS, type CaseLevel } from '../clock1341';
import { SERVICE_KINDS, type ServiceKind } from '../serviceLog';
import { addClockRates, addCounts, emptyClockRates, type ClockRates } from './tally';

/** Services of one kind: how many, and the time they took. */
export interface ServiceCount {
	count: number;
	minutes: number;
	/** minutes / 60, to 2 decimals. */
	hours: number;
}

export function serviceCount(count: number, minutes: number): ServiceCount {
	return { count, minutes, hours: hoursOf(minutes) };
}

export function hoursOf(minutes: number): number {
	return Math.round((minutes / 60) * 100) / 100;
}

export type ServiceCounts = Record<ServiceKind, ServiceCount>;
export const SERVICE_KIND_KEYS = Object.keys(SERVICE_KINDS) as ServiceKind[];

export function emptyServiceCounts(): ServiceCounts {
	return Object.fromEntries(SERVICE_KIND_KEYS.map((kind) => [kind, serviceCount(0, 0)])) as ServiceCounts;
}

export function addServiceCounts(a: ServiceCounts, b: ServiceCounts): ServiceCounts {
	return Object.fromEntries(
		SERVICE_KIND_KEYS.map((kind) => [kind, serviceCount(a[kind].count + b[kind].count, a[kind].minutes + b[kind].minutes)])
	) as ServiceCounts;
}

/**
 * What happened on one China day, counted from the logs: the cases reported that day (by grid,
 * stored category and level) and how their 1341 deadlines went, the services logged for that
 * day, and the volunteers' time — minutes of services logged for a volunteer, hours attended
 * at activities held that day. Any range of days adds up from these.
 */
export interface DayFigures {
	reported: number;
	byGrid: Record<string, number>;
	/** By the case's stored category: a category key, a task-list item id, or '' for none. */
	byCategory: Record<string, number>;
	byLevel: Record<CaseLevel, number>;
	clock: ClockRates;
	services: ServiceCounts;
	volunteerMinutes: number;
	activityHours: number;
}

export function emptyDay(): DayFigures {
	return {
		reported: 0,
		byGrid: {},
		byCategory: {},
		byLevel: Object.fromEntries(CASE_LEVELS.map((level) => [level, 0])) as Record<CaseLevel, number>,
		clock: emptyClockRates(),
		services: emptyServiceCounts(),
		volunteerMinutes: 0,
		activityHours: 0
	};
}

export function addDayFigures(a: DayFigures, b: DayFigures): DayFigures {
	return {
		reported: a.reported + b.reported,
		byGrid: addCounts(a.byGrid, b.byGrid),
		byCategory: addCounts(a.byCategory, b.byCategory),
		byLevel: addCounts(a.byLevel, b.byLevel) as Record<CaseLevel, number>,
		clock: addClockRates(a.clock, b.clock),
		services: addServiceCounts(a.services, b.services),
		volunteerMinutes: a.volunteerMinutes + b.volunteerMinutes,
		activityHours: Math.round((a.activityHours + b.activityHours) * 100) / 100
	};
}
