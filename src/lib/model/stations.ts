import type * as Y from 'yjs';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { newId } from './ids';
import {
	addToList,
	createRecord,
	listRecords,
	naturalOrder,
	readStamp,
	recordOf,
	removeFromList,
	setArchived,
	setFields,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import {
	STATION_FUNCTIONS,
	newStationInput,
	parseOrThrow,
	stationPatch,
	type NewStationInput,
	type StationPatch
} from './schema';

/** A 小区党群服务站 (community service station). */
export interface Station extends Stamp {
	id: string;
	name: string;
	address: string;
	openingHours: string;
	/** Among 党群活动, 议事协商, 便民服务, 矛盾调解. */
	functions: string[];
	/** Ids of the grids the station serves. */
	grids: string[];
	problems: string[];
}

function stations(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'stations');
}

function readStation(id: string, map: Y.Map<unknown>): Station {
	const r = new FieldReader(map, `stations.${id}`);
	return {
		id,
		name: r.string('name'),
		address: r.string('address'),
		openingHours: r.string('openingHours'),
		functions: r.stringSet('functions'),
		grids: r.stringSet('grids'),
		...readStamp(r),
		problems: r.problems
	};
}

/**
 * Stations sorted by name, then id (so every replica lists them alike), archived ones too.
 * Entries of the collection that are not records are skipped and noted in `options.problems`
 * when given.
 */
export function listStations(doc: Y.Doc, options: Pick<ListOptions, 'problems'> = {}): Station[] {
	const all = { ...options, includeArchived: true };
	return listRecords(stations(doc), 'stations', readStation, all, naturalOrder((station) => station.name));
}

export function addStation(doc: Y.Doc, input: NewStationInput, options: WriteOptions = {}): string {
	const { id = newId(), functions, grids, ...fields } = parseOrThrow(newStationInput, input, 'station');
	doc.transact(() => {
		createRecord(
			stations(doc),
			id,
			{ address: '', openingHours: '', ...fields, functions: [...new Set(functions ?? [])], grids: [...new Set(grids ?? [])] },
			writeContext(options),
			'station'
		);
	});
	return id;
}

export function updateStation(doc: Y.Doc, id: string, patch: StationPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(stationPatch.strict(), patch, 'station');
	setFields(recordOf(stations(doc), id, 'station'), fields, writeContext(options));
}

export function archiveStation(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(stations(doc), id, 'station'), true, writeContext(options));
}

export function restoreStation(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(stations(doc), id, 'station'), false, writeContext(options));
}

/** Functions and grids served are lists of inserts, so concurrent additions both stay. */
export function setStationFunction(doc: Y.Doc, id: string, fn: string, offered: boolean): void {
	if (!(STATION_FUNCTIONS as readonly string[]).includes(fn)) {
		throw new ModelError('invalid', `station functions: ${fn} is not one of ${STATION_FUNCTIONS.join(', ')}`, 'functions');
	}
	const record = recordOf(stations(doc), id, 'station');
	doc.transact(() => (offered ? addToList(record, 'functions', fn) : removeFromList(record, 'functions', fn)));
}

export function setStationServesGrid(doc: Y.Doc, id: string, gridId: string, serves: boolean): void {
	const record = recordOf(stations(doc), id, 'station');
	if (serves && !collection(doc, 'grids').has(gridId)) {
		throw new ModelError('invalid', `grids: grid ${gridId} does not exist`, 'grids');
	}
	doc.transact(() => (serves ? addToList(record, 'grids', gridId) : removeFromList(record, 'grids', gridId)));
}
