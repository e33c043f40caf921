import * as Y from 'yjs';
import { z } from 'zod';
import { SPECIAL_NEEDS, type SpecialNeed } from './careShapes';
import { collection } from './community';
import { hasSpecialNeeds, isElderly, listHouseholds } from './households';
import { listHealthFiles } from './healthFiles';
import { listSickbedRequests } from './sickbed';
import { DAY_MS, CHINA_OFFSET_MS, periodOf, shiftPeriod } from './time';
import { listVisits, visitPlanOf } from './visits';

/**
 * What the shared workspace knows of a grid's care records: bare numbers, never a name, an
 * address or a note. The relay computes them from the grid's private document and writes them
 * into the root's `careCounts`, keyed by grid id (server/relay/care-counts.ts); nobody else
 * writes there. Counts that move with the clock are kept so that a reader derives them at its
 * own time: visits by month, planned visits by the China day they fall due.
 */
export interface CareCountEntry {
	households: number;
	specialNeeds: number;
	/** Live households marked with each circumstance. */
	needs: Record<SpecialNeed, number>;
	/** Live residents of 65 and over. */
	elderly: number;
	healthFiles: number;
	/** Live visits by China month (`YYYY-MM`), the month of the count and the 12 before it. */
	visits: Record<string, number>;
	/**
	 * Planned visits by the China day (days since 1970-01-01, China time) they fall due; visits
	 * already overdue when counted are filed under the day before the count's.
	 */
	due: Record<string, number>;
	openSickbed: number;
}

const MONTHS_KEPT = 13;

const counts = z.record(z.string().max(10), z.number().int().min(0));
export const careCountEntry = z.object({
	households: z.number().int().min(0),
	specialNeeds: z.number().int().min(0),
	needs: z.record(z.string().max(40), z.number().int().min(0)),
	elderly: z.number().int().min(0),
	healthFiles: z.number().int().min(0),
	visits: counts,
	due: counts,
	openSickbed: z.number().int().min(0)
});

/** The China day number of a time: what `due` is keyed by. */
export function chinaDayNumber(epochMs: number): number {
	return Math.floor((epochMs + CHINA_OFFSET_MS) / DAY_MS);
}

/** The counts of one grid's care document at `now`. */
export function careCountOf(doc: Y.Doc, now: number): CareCountEntry {
	const households = listHouseholds(doc);
	const needs = Object.fromEntries(SPECIAL_NEEDS.map((flag) => [flag, households.filter((h) => h[flag]).length])) as Record<
		SpecialNeed,
		number
	>;
	const months = new Set(Array.from({ length: MONTHS_KEPT }, (_, i) => shiftPeriod(periodOf(now), i)));
	const log = listVisits(doc);
	const visits: Record<string, number> = {};
	for (const visit of log) {
		const month = periodOf(visit.at);
		if (months.has(month)) visits[month] = (visits[month] ?? 0) + 1;
	}
	const today = chinaDayNumber(now);
	const due: Record<string, number> = {};
	for (const status of visitPlanOf(households.filter((h) => h.visitEveryDays > 0), log, now)) {
		// Bounded: everything overdue shares one key, and intervals are at most a year.
		const day = Math.max(today - 1, chinaDayNumber(status.due));
		due[day] = (due[day] ?? 0) + 1;
	}
	const live = new Set(households.map((h) => h.id));
	return {
		households: households.length,
		specialNeeds: households.filter(hasSpecialNeeds).length,
		needs,
		elderly: households.reduce((sum, h) => sum + h.members.filter(isElderly).length, 0),
		healthFiles: listHealthFiles(doc).filter((file) => live.has(file.household)).length,
		visits,
		due,
		openSickbed: listSickbedRequests(doc).filter((request) => request.closedAt === 0 && live.has(request.household)).length
	};
}

/** Sorted keys all the way down, so equal counts compare equal whatever order they were built in. */
function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v) =>
		v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v
	);
}

/** Writes the grid's counts into the root unless it holds them already; whether it wrote. */
export function setCareCount(root: Y.Doc, grid: string, entry: CareCountEntry): boolean {
	const map = collection(root, 'careCounts');
	if (canonicalJson(map.get(grid)) === canonicalJson(entry)) return false;
	map.set(grid, entry);
	return true;
}

/** The stored entries as they are, keyed by grid (the export); unreadable ones noted in `problems`. */
export function storedCareCounts(root: Y.Doc, problems: string[] = []): Record<string, CareCountEntry> {
	const out: Record<string, CareCountEntry> = {};
	for (const [grid, value] of [...collection(root, 'careCounts').entries()].sort(([a], [b]) => a.localeCompare(b))) {
		const parsed = careCountEntry.safeParse(value);
		if (parsed.success) out[grid] = parsed.data as CareCountEntry;
		else problems.push(`careCounts.${grid} is unreadable`);
	}
	return out;
}

/** A grid's care numbers as the shared workspace shows them, at the reader's `now`. */
export interface CareNumbers {
	households: number;
	specialNeeds: number;
	needs: Record<SpecialNeed, number>;
	elderly: number;
	healthFiles: number;
	visitsThisMonth: number;
	/** Live visits of each of the last 13 months, oldest first. */
	visitsByMonth: { period: string; count: number }[];
	overdueVisits: number;
	dueThisWeek: number;
	openSickbed: number;
}

/**
 * The care numbers of every grid the relay has counted, keyed by grid id: what the grid board
 * and the dashboards show (no personal data is ever in the root). Unreadable entries are skipped.
 */
export function careCountsOf(root: Y.Doc, now: number): Record<string, CareNumbers> {
	const out: Record<string, CareNumbers> = {};
	const today = chinaDayNumber(now);
	const months = Array.from({ length: MONTHS_KEPT }, (_, i) => shiftPeriod(periodOf(now), MONTHS_KEPT - 1 - i));
	const sumDue = (entry: CareCountEntry, test: (day: number) => boolean) =>
		Object.entries(entry.due).reduce((sum, [day, count]) => (test(Number(day)) ? sum + count : sum), 0);
	for (const [grid, entry] of Object.entries(storedCareCounts(root))) {
		const needs = Object.fromEntries(SPECIAL_NEEDS.map((flag) => [flag, entry.needs[flag] ?? 0])) as Record<SpecialNeed, number>;
		const visitsByMonth = months.map((period) => ({ period, count: entry.visits[period] ?? 0 }));
		out[grid] = {
			households: entry.households,
			specialNeeds: entry.specialNeeds,
			needs,
			elderly: entry.elderly,
			healthFiles: entry.healthFiles,
			visitsThisMonth: visitsByMonth[visitsByMonth.length - 1].count,
			visitsByMonth,
			overdueVisits: sumDue(entry, (day) => day < today),
			dueThisWeek: sumDue(entry, (day) => day >= today && day < today + 7),
			openSickbed: entry.openSickbed
		};
	}
	return out;
}

/** The numbers of several grids added up (a community's, or a station's). */
export function sumCareNumbers(numbers: CareNumbers[]): CareNumbers {
	const zero = (): CareNumbers => ({
		households: 0,
		specialNeeds: 0,
		needs: Object.fromEntries(SPECIAL_NEEDS.map((flag) => [flag, 0])) as Record<SpecialNeed, number>,
		elderly: 0,
		healthFiles: 0,
		visitsThisMonth: 0,
		visitsByMonth: numbers[0]?.visitsByMonth.map(({ period }) => ({ period, count: 0 })) ?? [],
		overdueVisits: 0,
		dueThisWeek: 0,
		openSickbed: 0
	});
	return numbers.reduce((total, n) => {
		for (const key of ['households', 'specialNeeds', 'elderly', 'healthFiles', 'visitsThisMonth', 'overdueVisits', 'dueThisWeek', 'openSickbed'] as const) {
			total[key] += n[key];
		}
		for (const flag of SPECIAL_NEEDS) total.needs[flag] += n.needs[flag];
		n.visitsByMonth.forEach((month, i) => {
			if (total.visitsByMonth[i]) total.visitsByMonth[i].count += month.count;
		});
		return total;
	}, zero());
}
