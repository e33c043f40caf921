import type * as Y from 'yjs';
import { storedCareCounts } from '../careCounts';
import { readMeta } from '../community';
import { listDepartments } from '../departments';
import { listGrids } from '../grids';
import { listPairings } from '../pairings';
import { listTaskList, type TaskCategory } from '../taskList';
import type { GridStaffing } from './gridLoad';

/** What the figures need of a community's root: names, grids and their staffing, categories. */
export interface RootSummary {
	name: string;
	/** Live grids, in the board's order. */
	grids: GridStaffing[];
	/** Grid id → name, archived grids included (their cases still count). */
	gridNames: Record<string, string>;
	/** Task-list item id → its category, archived items included (cases keep naming them). */
	categoryOf: Record<string, TaskCategory>;
	/** Department id → name, archived ones included (a case may still be with one). */
	departments: Record<string, string>;
	/** Ids of the live agreements, whose documents hold the commitments. */
	pairings: string[];
}

/**
 * Special-needs households of a grid: the grid record's figure (the secretary's count) or, when
 * the care records already register more, theirs (the relay's bare counts, `careCounts`). While a
 * register is being filled in it counts fewer than there are, and once complete the record's
 * figure may lag behind it: the larger is the surer lower bound.
 */
export function summariseRoot(root: Y.Doc): RootSummary {
	const registered = storedCareCounts(root);
	return {
		name: readMeta(root).name,
		grids: listGrids(root).map(({ id, name, households, specialNeedsHouseholds, workers }) => ({
			id,
			name,
			households,
			specialNeedsHouseholds: Math.max(specialNeedsHouseholds, registered[id]?.specialNeeds ?? 0),
			workers
		})),
		gridNames: Object.fromEntries(listGrids(root, { includeArchived: true }).map((g) => [g.id, g.name])),
		categoryOf: Object.fromEntries(
			listTaskList(root, { includeArchived: true }).flatMap((item) => (item.category ? [[item.id, item.category]] : []))
		),
		departments: Object.fromEntries(listDepartments(root, { includeArchived: true }).map((d) => [d.id, d.name])),
		pairings: listPairings(root).map((p) => p.id)
	};
}
