import * as Y from 'yjs';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader, recordMaps } from './fields';
import { newId } from './ids';
import { LIMITS, gridPatch, newGridInput, parseOrThrow, type GridPatch, type NewGridInput } from './schema';

/** A grid (网格) as the app reads it. */
export interface Grid {
	id: string;
	name: string;
	households: number;
	boundary: string;
	/** Id of the service station (党群服务站) the grid belongs to, '' when none. */
	station: string;
	buildings: number;
	specialNeedsHouseholds: number;
	/** User ids of the grid workers assigned, without duplicates. */
	workers: string[];
	archived: boolean;
	createdAt: number;
	problems: string[];
}

function grids(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'grids');
}

function readGrid(id: string, map: Y.Map<unknown>): Grid {
	const r = new FieldReader(map, `grids.${id}`);
	return {
		id,
		name: r.string('name'),
		households: r.number('households'),
		boundary: r.string('boundary'),
		station: r.string('station'),
		buildings: r.number('buildings'),
		specialNeedsHouseholds: r.number('specialNeedsHouseholds'),
		workers: r.stringSet('workers'),
		archived: r.boolean('archived'),
		createdAt: r.number('createdAt'),
		problems: r.problems
	};
}

function gridMap(doc: Y.Doc, id: string): Y.Map<unknown> {
	const map = grids(doc).get(id);
	if (!(map instanceof Y.Map)) throw new ModelError('not-found', `grid ${id} does not exist`);
	return map;
}

/**
 * Grids sorted by name (natural order, so 第2网格 comes before 第10网格). Entries of the
 * collection that are not records are skipped and noted in `options.problems` when given.
 */
export function listGrids(
	doc: Y.Doc,
	options: { includeArchived?: boolean; problems?: string[] } = {}
): Grid[] {
	const problems = options.problems ?? [];
	const list = recordMaps(grids(doc), problems, 'grids')
		.map(([id, map]) => readGrid(id, map))
		.filter((grid) => options.includeArchived || !grid.archived);
	return list.sort(
		(a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id)
	);
}

export function getGrid(doc: Y.Doc, id: string): Grid | null {
	const map = grids(doc).get(id);
	return map instanceof Y.Map ? readGrid(id, map) : null;
}

export function addGrid(doc: Y.Doc, input: NewGridInput, now = Date.now()): string {
	const fields = parseOrThrow(newGridInput, input, 'grid');
	const id = fields.id ?? newId();
	if (grids(doc).has(id)) throw new ModelError('invalid', `grid ${id} already exists`, 'id');
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		map.set('name', fields.name);
		map.set('households', fields.households);
		map.set('boundary', fields.boundary ?? '');
		map.set('station', fields.station ?? '');
		map.set('buildings', fields.buildings ?? 0);
		map.set('specialNeedsHouseholds', fields.specialNeedsHouseholds ?? 0);
		map.set('workers', Y.Array.from([...new Set(fields.workers ?? [])]));
		map.set('archived', false);
		map.set('createdAt', now);
		grids(doc).set(id, map);
	});
	return id;
}

/**
 * Sets the given fields only, so two people editing different fields of one grid both keep
 * their edit; the same field resolves to one deterministic winner (Yjs map semantics).
 */
export function updateGrid(doc: Y.Doc, id: string, patch: GridPatch): void {
	const fields = parseOrThrow(gridPatch.strict(), patch, 'grid');
	const map = gridMap(doc, id);
	doc.transact(() => {
		for (const [key, value] of Object.entries(fields)) {
			if (value !== undefined && map.get(key) !== value) map.set(key, value);
		}
	});
}

/** Grids are archived, never deleted: someone offline may still be editing one. */
export function archiveGrid(doc: Y.Doc, id: string): void {
	const map = gridMap(doc, id);
	if (map.get('archived') !== true) map.set('archived', true);
}

export function restoreGrid(doc: Y.Doc, id: string): void {
	const map = gridMap(doc, id);
	if (map.get('archived') !== false) map.set('archived', false);
}

function workersOf(map: Y.Map<unknown>): Y.Array<unknown> {
	const existing = map.get('workers');
	if (existing instanceof Y.Array) return existing;
	const created = new Y.Array<unknown>();
	map.set('workers', created);
	return created;
}

/** Adding is an insert, so two people assigning different workers offline both stay assigned. */
export function assignGridWorker(doc: Y.Doc, id: string, userId: string): void {
	if (typeof userId !== 'string' || userId.length === 0 || userId.length > 64) {
		throw new ModelError('invalid', 'grid workers: not a user id', 'workers');
	}
	const map = gridMap(doc, id);
	const current = new FieldReader(map, 'grid').stringSet('workers');
	if (current.includes(userId)) return;
	if (current.length >= LIMITS.workersPerGrid) {
		throw new ModelError('invalid', 'grid workers: too many for one grid', 'workers');
	}
	doc.transact(() => workersOf(map).push([userId]));
}

/** Removes every occurrence, including duplicates two offline assignments may have left. */
export function unassignGridWorker(doc: Y.Doc, id: string, userId: string): void {
	const map = gridMap(doc, id);
	doc.transact(() => {
		const workers = workersOf(map);
		const items = workers.toArray();
		for (let i = items.length - 1; i >= 0; i--) if (items[i] === userId) workers.delete(i, 1);
	});
}
