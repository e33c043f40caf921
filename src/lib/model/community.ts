import * as Y from 'yjs';
import { ModelError } from './errors';
import { metaInput, parseOrThrow, type MetaInput } from './schema';
import { FieldReader } from './fields';

/** Version of the document shape; `migrate` brings older documents up to it. */
export const SCHEMA_VERSION = 1;

/**
 * Top-level maps of each kind of document (see docs/model.md). Every one is a `Y.Map` keyed by
 * record id, but for `meta`, which is a map of fields.
 */
export const COLLECTIONS = {
	root: ['meta', 'grids', 'stations', 'taskList', 'departments', 'volunteers', 'pairings', 'meetings', 'openCases', 'careCounts'],
	period: ['cases', 'serviceLog', 'activities'],
	meeting: ['versions', 'reviews', 'authors', 'deletions'],
	pairing: ['commitments'],
	private: ['careTeam'],
	care: ['households', 'healthFiles', 'visits', 'sickbed']
} as const;
export type RootCollection = (typeof COLLECTIONS.root)[number];
export type PeriodCollection = (typeof COLLECTIONS.period)[number];
export type MeetingCollection = (typeof COLLECTIONS.meeting)[number];
export type PairingCollection = (typeof COLLECTIONS.pairing)[number];
export type PrivateCollection = (typeof COLLECTIONS.private)[number];
export type CareCollection = (typeof COLLECTIONS.care)[number];
export type Collection =
	| RootCollection
	| PeriodCollection
	| MeetingCollection
	| PairingCollection
	| PrivateCollection
	| CareCollection;

/** A top-level map. Typed by name so a misspelt collection is a compile error, not a new map. */
export function collection(doc: Y.Doc, name: Collection): Y.Map<unknown> {
	return doc.getMap(name);
}

export interface CommunityMeta {
	id: string;
	name: string;
	district: string;
	schemaVersion: number;
	problems: string[];
}

export function readMeta(doc: Y.Doc): CommunityMeta {
	const reader = new FieldReader(collection(doc, 'meta'), 'meta');
	return {
		id: reader.string('id'),
		name: reader.string('name'),
		district: reader.string('district'),
		schemaVersion: reader.number('schemaVersion'),
		problems: reader.problems
	};
}

export function isInitialised(doc: Y.Doc): boolean {
	return collection(doc, 'meta').has('id');
}

/** Writes the root of a new community. Idempotent: an existing community keeps its meta. */
export function initCommunity(doc: Y.Doc, input: MetaInput): void {
	const meta = parseOrThrow(metaInput, input, 'community');
	doc.transact(() => {
		const map = collection(doc, 'meta');
		if (map.has('id')) return;
		map.set('id', meta.id);
		map.set('name', meta.name);
		if (meta.district) map.set('district', meta.district);
		map.set('schemaVersion', SCHEMA_VERSION);
	});
}

export function renameCommunity(doc: Y.Doc, name: string): void {
	if (!isInitialised(doc)) throw new ModelError('not-initialised', 'community has no meta yet');
	const meta = parseOrThrow(metaInput.pick({ name: true }), { name }, 'community');
	collection(doc, 'meta').set('name', meta.name);
}

/**
 * Upgrades a document written by an older version. Runs on client and relay alike, so every
 * step must be idempotent and must not write when nothing needs changing.
 */
export function migrate(doc: Y.Doc): void {
	const meta = collection(doc, 'meta');
	const version = meta.get('schemaVersion');
	if (!meta.has('id') || (typeof version === 'number' && version >= SCHEMA_VERSION)) return;
	doc.transact(() => meta.set('schemaVersion', SCHEMA_VERSION));
}
