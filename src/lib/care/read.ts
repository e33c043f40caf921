import {
	listHealthFiles,
	listHouseholds,
	listSickbedRequests,
	listVisits,
	readMeta,
	visitPlanOf,
	type Community,
	type Grid,
	type HealthFile,
	type Household,
	type SickbedRequest,
	type Visit,
	type VisitPlanStatus
} from '$lib/model';
import type { Viewer } from '$lib/ui/communityPage.svelte';
import type * as Y from 'yjs';
import { cachedTeamGrids, careGridsOf, type CareRole } from './grids';

/** One grid's care records as the pages show them. */
export interface CareGridView {
	grid: Grid;
	role: CareRole;
	doc: Y.Doc;
	/** Live households in address order. */
	households: Household[];
	/** Live visits, newest first. */
	visits: Visit[];
	/** Each live household's standing against its plan. */
	plan: Map<string, VisitPlanStatus>;
	files: HealthFile[];
	/** Live requests, open ones first. */
	sickbed: SickbedRequest[];
}

export interface CareView {
	communityName: string;
	grids: CareGridView[];
	now: number;
	/** The grid workers of each grid (from the root): who answers for a household with no worker named. */
	workersOf: (gridId: string) => string[];
}

/** The care records of the viewer's grids (or of `onlyGrid`), live across their documents. */
export async function readCare(community: Community, viewer: Viewer, onlyGrid?: string): Promise<CareView> {
	const root = await community.root();
	const now = community.now();
	const grids = careGridsOf(root, viewer, cachedTeamGrids(viewer.userId, community.id)).filter(
		({ grid }) => onlyGrid === undefined || grid.id === onlyGrid
	);
	const views: CareGridView[] = [];
	for (const { grid, role } of grids) {
		const doc = await community.care(grid.id);
		const households = listHouseholds(doc);
		const visits = listVisits(doc);
		views.push({
			grid,
			role,
			doc,
			households,
			visits,
			plan: new Map(visitPlanOf(households, visits, now).map((status) => [status.household, status])),
			files: listHealthFiles(doc),
			sickbed: listSickbedRequests(doc)
		});
	}
	const workers = new Map(grids.map(({ grid }) => [grid.id, grid.workers]));
	return { communityName: readMeta(root).name || community.id, grids: views, now, workersOf: (id) => workers.get(id) ?? [] };
}
