import * as Y from 'yjs';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { newId } from './ids';
import {
	addToList,
	createRecord,
	recordHistory,
	getRecord,
	listRecords,
	naturalOrder,
	readStamp,
	recordOf,
	removeFromList,
	setArchived,
	setFields,
	writeContext,
	type FieldChange,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { LIMITS, gridPatch, newGridInput, parseOrThrow, type GridPatch, type NewGridInput } from './schema';

/** A grid (网格) as the app reads it. */
export interface Grid extends Stamp {
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
		...readStamp(r),
		problems: r.problems
	};
}

function gridMap(doc: Y.Doc, id: string): Y.Map<unknown> {
	return recordOf(grids(doc), id, 'grid');
}

/**
 * Grids sorted by name (natural order, so 第2网格 comes before 第10网格). Entries of the
 * collection that are not records are skipped and noted in `options.problems` when given.
 */
export function listGrids(doc: Y.Doc, options: ListOptions = {}): Grid[] {
	return listRecords(grids(doc), 'grids', readGrid, options, naturalOrder((grid) => grid.name));
}

export function getGrid(doc: Y.Doc, id: string): Grid | null {
	return getRecord(grids(doc), id, readGrid);
}

/** Every change made to the grid's fields, oldest first, with who made it and when ("who changed this"). */
export function gridHistory(doc: Y.Doc, id: string): FieldChange[] {
	return recordHistory(grids(doc), id);
}

export function addGrid(doc: Y.Doc, input: NewGridInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newGridInput, input, 'grid');
	const { id = newId(), workers, ...rest } = fields;
	doc.transact(() => {
		createRecord(
			grids(doc),
			id,
			{
				boundary: '',
				station: '',
				buildings: 0,
				specialNeedsHouseholds: 0,
				...rest,
				workers: [...new Set(workers ?? [])]
			},
			writeContext(options),
			'grid'
		);
	});
	return id;
}

/**
 * Sets the given fields only, so two people editing different fields of one grid both keep
 * their edit; the same field resolves to one deterministic winner, the other kept in history.
 */
export function updateGrid(doc: Y.Doc, id: string, patch: GridPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(gridPatch.strict(), patch, 'grid');
	setFields(gridMap(doc, id), fields, writeContext(options));
}

/** Grids are archived, never deleted: someone offline may still be editing one. */
export function archiveGrid(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(gridMap(doc, id), true, writeContext(options));
}

export function restoreGrid(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(gridMap(doc, id), false, writeContext(options));
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
	doc.transact(() => addToList(map, 'workers', userId));
}

export function unassignGridWorker(doc: Y.Doc, id: string, userId: string): void {
	const map = gridMap(doc, id);
	doc.transact(() => removeFromList(map, 'workers', userId));
}
