import * as Y from 'yjs';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader, recordMaps } from './fields';
import { newId } from './ids';
import { newStationInput, parseOrThrow, type NewStationInput } from './schema';

/** A 小区党群服务站 (community service station). */
export interface Station {
	id: string;
	name: string;
	address: string;
	functions: string[];
	archived: boolean;
	problems: string[];
}

/**
 * Stations sorted by name, then id (so every replica lists them alike). Entries of the
 * collection that are not records are skipped and noted in `options.problems` when given.
 */
export function listStations(doc: Y.Doc, options: { problems?: string[] } = {}): Station[] {
	const problems = options.problems ?? [];
	return recordMaps(collection(doc, 'stations'), problems, 'stations')
		.map(([id, map]) => {
			const r = new FieldReader(map, `stations.${id}`);
			return {
				id,
				name: r.string('name'),
				address: r.string('address'),
				functions: r.stringSet('functions'),
				archived: r.boolean('archived'),
				problems: r.problems
			};
		})
		.sort(
			(a, b) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id)
		);
}

export function addStation(doc: Y.Doc, input: NewStationInput): string {
	const fields = parseOrThrow(newStationInput, input, 'station');
	const id = fields.id ?? newId();
	const stations = collection(doc, 'stations');
	if (stations.has(id)) throw new ModelError('invalid', `station ${id} already exists`, 'id');
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		map.set('name', fields.name);
		map.set('address', fields.address ?? '');
		map.set('functions', Y.Array.from(fields.functions ?? []));
		map.set('archived', false);
		stations.set(id, map);
	});
	return id;
}
