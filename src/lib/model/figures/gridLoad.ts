/**
 * The load of each grid as the district staffs them: households per grid worker, and the grids
 * that need a part-time worker beside the full-time one — over 400 households, or many
 * residents with special needs (the district's rule, domain/xinrong-demo.json `staffing`).
 */
export const PART_TIME_RULE = {
	/** More households than this. */
	households: 400,
	/** At least this many households with special needs: "many", as this product reads the rule. */
	specialNeedsHouseholds: 50
} as const;

export type PartTimeReason = 'households' | 'specialNeeds';

/** What the load of a grid is computed from (the root's grid record, summed up). */
export interface GridStaffing {
	id: string;
	name: string;
	households: number;
	specialNeedsHouseholds: number;
	/** User ids of the grid's workers. */
	workers: string[];
}

export interface GridLoad {
	id: string;
	name: string;
	households: number;
	specialNeedsHouseholds: number;
	workers: number;
	/** households / workers, null for a grid nobody is assigned to. */
	householdsPerWorker: number | null;
	reasons: PartTimeReason[];
	needsPartTime: boolean;
	/** A grid that needs a part-time worker has a second worker assigned. */
	staffed: boolean;
}

/** Sums over a community's grids (or a district's: add them with `addGridLoadTotals`). */
export interface GridLoadTotals {
	grids: number;
	households: number;
	specialNeedsHouseholds: number;
	/** Distinct grid workers (one serving two grids counts once). */
	workers: number;
	householdsPerWorker: number | null;
	needsPartTime: number;
	/** Grids needing a part-time worker that have no second worker. */
	understaffed: number;
}

export function gridLoadOf(grid: GridStaffing, specialNeedsHouseholds = grid.specialNeedsHouseholds): GridLoad {
	const workers = grid.workers.length;
	const reasons: PartTimeReason[] = [];
	if (grid.households > PART_TIME_RULE.households) reasons.push('households');
	if (specialNeedsHouseholds >= PART_TIME_RULE.specialNeedsHouseholds) reasons.push('specialNeeds');
	return {
		id: grid.id,
		name: grid.name,
		households: grid.households,
		specialNeedsHouseholds,
		workers,
		householdsPerWorker: perWorker(grid.households, workers),
		reasons,
		needsPartTime: reasons.length > 0,
		staffed: reasons.length === 0 || workers >= 2
	};
}

function perWorker(households: number, workers: number): number | null {
	return workers ? Math.round(households / workers) : null;
}

/**
 * Every grid's load. The special-needs count is the grid record's own, unless `specialNeeds`
 * gives one per grid id (counted from resident records kept elsewhere).
 */
export function gridLoads(
	grids: readonly GridStaffing[],
	specialNeeds: Record<string, number> = {}
): { grids: GridLoad[]; totals: GridLoadTotals } {
	const loads = grids.map((grid) => gridLoadOf(grid, specialNeeds[grid.id] ?? grid.specialNeedsHouseholds));
	const workers = new Set(grids.flatMap((grid) => grid.workers)).size;
	const households = loads.reduce((sum, g) => sum + g.households, 0);
	return {
		grids: loads,
		totals: {
			grids: loads.length,
			households,
			specialNeedsHouseholds: loads.reduce((sum, g) => sum + g.specialNeedsHouseholds, 0),
			workers,
			householdsPerWorker: perWorker(households, workers),
			needsPartTime: loads.filter((g) => g.needsPartTime).length,
			understaffed: loads.filter((g) => !g.staffed).length
		}
	};
}

export function addGridLoadTotals(...list: GridLoadTotals[]): GridLoadTotals {
	const sum = (key: Exclude<keyof GridLoadTotals, 'householdsPerWorker'>) => list.reduce((total, t) => total + t[key], 0);
	return {
		grids: sum('grids'),
		households: sum('households'),
		specialNeedsHouseholds: sum('specialNeedsHouseholds'),
		workers: sum('workers'),
		householdsPerWorker: perWorker(sum('households'), sum('workers')),
		needsPartTime: sum('needsPartTime'),
		understaffed: sum('understaffed')
	};
}
