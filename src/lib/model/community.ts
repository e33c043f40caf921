import * as Y from 'yjs';
import { ModelError } from './errors';
import { ID_PATTERN } from './ids';
import { metaInput, parseOrThrow, type MetaInput } from './schema';
import { FieldReader } from './fields';

/** Version of the document shape; `migrate` brings older documents up to it. */
export const SCHEMA_VERSION = 1;

/** Top-level maps of the community root document (see docs/model.md). */
export const ROOT_COLLECTIONS = ['meta', 'grids', 'stations'] as const;
export type RootCollection = (typeof ROOT_COLLECTIONS)[number];

/**
 * The root document's name. Refuses an id outside ID_PATTERN: `x:private` would otherwise
 * name another document of community `x` (its private one).
 */
export function rootDocName(communityId: string): string {
	if (typeof communityId !== 'string' || !ID_PATTERN.test(communityId)) {
		throw new ModelError('invalid', 'community id: must be lowercase letters, digits, - or _', 'id');
	}
	return `community:${communityId}`;
}

/** The community a document belongs to, or null for a name outside the family. */
export function communityOfDoc(documentName: string): string | null {
	const match = /^community:([a-z0-9][a-z0-9_-]{0,63})(?::.*)?$/.exec(documentName);
	return match ? match[1] : null;
}

export function collection(doc: Y.Doc, name: RootCollection): Y.Map<unknown> {
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
