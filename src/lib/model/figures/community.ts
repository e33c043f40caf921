import { CASE_LEVELS, type CaseLevel } from '../clock1341';
import { TASK_CATEGORIES, type TaskCategory } from '../taskList';
import { addDayFigures, addServiceCounts, emptyDay, emptyServiceCounts, hoursOf, type DayFigures, type ServiceCounts } from './day';
import { addFulfilment, fulfilmentOf, type Fulfilment, type PairingSummary } from './fulfilment';
import { addGridLoadTotals, gridLoads, type GridLoad, type GridLoadTotals } from './gridLoad';
import { addOpenCounts, type OpenCounts, type PeriodSummary } from './period';
import { bucketOf, bucketingOf, bucketsOf, inRange, type Bucketing, type DayRange } from './range';
import type { RootSummary } from './root';
import { addClockRates, addRates, emptyClockRates, emptyRate, finishRate, type ClockRates, type Rate } from './tally';

/** The five task-list categories, and `none` for a case filed under none (or an unknown one). */
export type FigureCategory = TaskCategory | 'none';
export const FIGURE_CATEGORIES: readonly FigureCategory[] = [...TASK_CATEGORIES.map((c) => c.key), 'none'];

/** A grid stands out when it has at least this many cases and this many times the grids' mean. */
export const STANDS_OUT = { minCases: 3, timesMean: 2 } as const;

export interface TrendPoint {
	/** A day, the Monday of a week, or a month (`YYYY-MM`), as `bucketing` says. */
	bucket: string;
	reported: number;
	onSite: Rate;
	/** Solved (ordinary, complex) or planned (major) in time. */
	finish: Rate;
}

export interface VolunteerTime {
	/** Services logged for volunteers. */
	serviceMinutes: number;
	serviceHours: number;
	/** Hours attended at activities. */
	activityHours: number;
	hours: number;
}

/** Figures that add up from community to district. */
export interface SharedFigures {
	range: DayRange;
	bucketing: Bucketing;
	/** Cases reported in the range. */
	reported: number;
	byLevel: Record<CaseLevel, number>;
	byCategory: Record<FigureCategory, number>;
	/** How the 1341 deadlines of the cases reported in the range went, per clock. */
	compliance: ClockRates;
	/** The finishing deadlines of every level together. */
	finish: Rate;
	trend: TrendPoint[];
	/** Open cases now, whenever reported. */
	open: OpenCounts;
	services: ServiceCounts;
	volunteers: VolunteerTime;
	/** The agreements now. */
	fulfilment: Fulfilment;
	gridLoad: GridLoadTotals;
	/** Department id → name, for the open cases' table. */
	departments: Record<string, string>;
}

export interface GridCases {
	id: string;
	name: string;
	count: number;
	standsOut: boolean;
}

export interface CommunityFigures extends SharedFigures {
	name: string;
	/** Cases reported in the range per grid: every live grid, then archived ones that have some. */
	byGrid: GridCases[];
	grids: GridLoad[];
}

/** A community's parts as summed up from its documents (`summariseRoot`, `summarisePeriod`, `summarisePairing`). */
export interface CommunityParts {
	root: RootSummary;
	/** Summaries of (at least) the months the range touches; days outside the range are left out. */
	periods: readonly PeriodSummary[];
	open: OpenCounts;
	/** Of the live agreements. */
	pairings: readonly PairingSummary[];
	/** Households with special needs per grid, when counted from records kept elsewhere. */
	specialNeeds?: Record<string, number>;
}

function categoryOf(stored: string, root: RootSummary): FigureCategory {
	if (TASK_CATEGORIES.some((c) => c.key === stored)) return stored as TaskCategory;
	return root.categoryOf[stored] ?? 'none';
}

function volunteerTime(minutes: number, activityHours: number): VolunteerTime {
	const serviceHours = hoursOf(minutes);
	return { serviceMinutes: minutes, serviceHours, activityHours, hours: Math.round((serviceHours + activityHours) * 100) / 100 };
}

function trendOf(range: DayRange, bucketing: Bucketing, days: [string, DayFigures][]): TrendPoint[] {
	const byBucket = new Map(bucketsOf(range, bucketing).map((bucket) => [bucket, emptyDay()]));
	for (const [day, figures] of days) {
		const bucket = bucketOf(day, bucketing);
		byBucket.set(bucket, addDayFigures(byBucket.get(bucket)!, figures));
	}
	return [...byBucket].map(([bucket, d]) => ({ bucket, reported: d.reported, onSite: d.clock.onSite, finish: finishRate(d.clock) }));
}

/** A community's figures over `range`: the range's days added up, open cases and agreements now. */
export function communityFigures(parts: CommunityParts, range: DayRange): CommunityFigures {
	const bucketing = bucketingOf(range);
	const days = parts.periods.flatMap((p) => Object.entries(p.days)).filter(([day]) => inRange(day, range));
	const total = days.reduce((sum, [, figures]) => addDayFigures(sum, figures), emptyDay());

	const byCategory = Object.fromEntries(FIGURE_CATEGORIES.map((c) => [c, 0])) as Record<FigureCategory, number>;
	for (const [stored, count] of Object.entries(total.byCategory)) byCategory[categoryOf(stored, parts.root)] += count;

	const live = parts.root.grids;
	const mean = live.length ? total.reported / live.length : 0;
	const gridCase = (id: string, name: string): GridCases => {
		const count = total.byGrid[id] ?? 0;
		return { id, name, count, standsOut: count >= STANDS_OUT.minCases && count >= STANDS_OUT.timesMean * mean };
	};
	const liveIds = new Set(live.map((g) => g.id));
	const byGrid = [
		...live.map((g) => gridCase(g.id, g.name)),
		...Object.keys(total.byGrid)
			.filter((id) => !liveIds.has(id))
			.map((id) => gridCase(id, parts.root.gridNames[id] ?? id))
	];
	const load = gridLoads(live, parts.specialNeeds);

	return {
		name: parts.root.name,
		range,
		bucketing,
		reported: total.reported,
		byLevel: total.byLevel,
		byCategory,
		compliance: total.clock,
		finish: finishRate(total.clock),
		trend: trendOf(range, bucketing, days),
		open: parts.open,
		services: total.services,
		volunteers: volunteerTime(total.volunteerMinutes, total.activityHours),
		fulfilment: addFulfilment(fulfilmentOf(0, 0, 0, 0, 0), ...parts.pairings.map((p) => p.fulfilment)),
		gridLoad: load.totals,
		departments: parts.root.departments,
		byGrid,
		grids: load.grids
	};
}

/** The district's total: every shared figure of the communities added up (over the same range). */
export function addSharedFigures(range: DayRange, list: readonly SharedFigures[]): SharedFigures {
	const bucketing = bucketingOf(range);
	const compliance = list.reduce((sum, f) => addClockRates(sum, f.compliance), emptyClockRates());
	const trend = bucketsOf(range, bucketing).map((bucket, i) => {
		const points = list.map((f) => f.trend[i]).filter((p): p is TrendPoint => p?.bucket === bucket);
		return {
			bucket,
			reported: points.reduce((sum, p) => sum + p.reported, 0),
			onSite: addRates(emptyRate(), ...points.map((p) => p.onSite)),
			finish: addRates(emptyRate(), ...points.map((p) => p.finish))
		};
	});
	const serviceMinutes = list.reduce((sum, f) => sum + f.volunteers.serviceMinutes, 0);
	return {
		range,
		bucketing,
		reported: list.reduce((sum, f) => sum + f.reported, 0),
		byLevel: Object.fromEntries(CASE_LEVELS.map((l) => [l, list.reduce((sum, f) => sum + f.byLevel[l], 0)])) as Record<CaseLevel, number>,
		byCategory: Object.fromEntries(FIGURE_CATEGORIES.map((c) => [c, list.reduce((sum, f) => sum + f.byCategory[c], 0)])) as Record<FigureCategory, number>,
		compliance,
		finish: finishRate(compliance),
		trend,
		open: addOpenCounts(...list.map((f) => f.open)),
		services: list.reduce((sum, f) => addServiceCounts(sum, f.services), emptyServiceCounts()),
		volunteers: volunteerTime(serviceMinutes, Math.round(list.reduce((sum, f) => sum + f.volunteers.activityHours, 0) * 100) / 100),
		fulfilment: addFulfilment(fulfilmentOf(0, 0, 0, 0, 0), ...list.map((f) => f.fulfilment)),
		gridLoad: addGridLoadTotals(...list.map((f) => f.gridLoad)),
		departments: Object.assign({}, ...list.map((f) => f.departments)),
	};
}
