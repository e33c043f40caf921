import * as Y from 'yjs';
import { ModelError } from './errors';
import { FieldReader, recordMaps } from './fields';

/** Who writes and when: a user id and epoch milliseconds of the writer's clock. */
export interface WriteContext {
	by: string;
	at: number;
}

export type WriteOptions = Partial<WriteContext>;

export function writeContext(options: WriteOptions = {}): WriteContext {
	return { by: options.by ?? '', at: options.at ?? Date.now() };
}

/** One past write of a field, kept so no concurrent overwrite is ever lost for good. */
export interface FieldChange {
	field: string;
	value: unknown;
	/** The value this writer replaced, as its replica saw it. */
	previous: unknown;
	by: string;
	at: number;
}

const HISTORY = 'history';

/** The record map with this id, or a not-found error naming what was looked for. */
export function recordOf(collection: Y.Map<unknown>, id: string, what: string): Y.Map<unknown> {
	const record = collection.get(id);
	if (!(record instanceof Y.Map)) throw new ModelError('not-found', `${what} ${id} does not exist`);
	return record;
}

export interface ListOptions {
	includeArchived?: boolean;
	problems?: string[];
}

/**
 * The records of a collection as `read` gives them, archived ones only when asked, sorted by
 * `compare` (which should end on the id: replicas hold the keys in different orders). Entries
 * that are not records are skipped and noted in `options.problems`, named after `name`.
 */
export function listRecords<T extends { archived: boolean }>(
	collection: Y.Map<unknown>,
	name: string,
	read: (id: string, map: Y.Map<unknown>) => T,
	options: ListOptions,
	compare: (a: T, b: T) => number
): T[] {
	return recordMaps(collection, options.problems ?? [], name)
		.map(([id, map]) => read(id, map))
		.filter((record) => options.includeArchived || !record.archived)
		.sort(compare);
}

/** The record with this id as `read` gives it; null when absent or not a record. */
export function getRecord<T>(
	collection: Y.Map<unknown>,
	id: string,
	read: (id: string, map: Y.Map<unknown>) => T
): T | null {
	const map = collection.get(id);
	return map instanceof Y.Map ? read(id, map) : null;
}

/**
 * Compares records by a name as Chinese readers expect, numbers within it by value (第2网格
 * before 第10网格), then by id so every replica lists namesakes alike.
 */
export function naturalOrder<T extends { id: string }>(name: (record: T) => string): (a: T, b: T) => number {
	return (a, b) => name(a).localeCompare(name(b), 'zh-CN', { numeric: true }) || a.id.localeCompare(b.id);
}

/**
 * Adds a record of plain fields. Array values become `Y.Array`s (lists of ids grow by inserts,
 * so concurrent additions both stay). Every record starts unarchived and stamped.
 */
export function createRecord(
	collection: Y.Map<unknown>,
	id: string,
	fields: Record<string, unknown>,
	context: WriteContext,
	what: string
): Y.Map<unknown> {
	if (collection.has(id)) throw new ModelError('invalid', `${what} ${id} already exists`, 'id');
	const record = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		record.set(key, Array.isArray(value) ? Y.Array.from(value) : value);
	}
	record.set('archived', false);
	record.set('createdAt', context.at);
	record.set('createdBy', context.by);
	// Made with the record: two replicas each making it on a first edit would keep only one.
	record.set(HISTORY, new Y.Array<unknown>());
	collection.set(id, record);
	return record;
}

/**
 * Writes the fields that differ, each also appended to the record's history. Two people editing
 * different fields both win; on the same field one value wins everywhere (Yjs orders the
 * concurrent writes by client id) and the other stays readable in `fieldHistory`.
 */
export function setFields(record: Y.Map<unknown>, fields: Record<string, unknown>, context: WriteContext): void {
	const changed = Object.entries(fields).filter(([key, value]) => value !== undefined && record.get(key) !== value);
	if (changed.length === 0) return;
	inTransaction(record, () => {
		const entries: FieldChange[] = changed.map(([field, value]) => ({
			field,
			value,
			previous: record.get(field) ?? null,
			by: context.by,
			at: context.at
		}));
		historyOf(record).push(entries);
		for (const [field, value] of changed) record.set(field, value);
	});
}

/**
 * Sets one entry of a nested map of plain values (sign-ups, attendance …) and keeps the write
 * in the record's history as field `<key>.<entryKey>`: when two people write the same entry
 * offline the map keeps one value everywhere and the other stays retrievable.
 */
export function setKeyedEntry(
	record: Y.Map<unknown>,
	key: string,
	entryKey: string,
	value: unknown,
	context: WriteContext,
	what: string
): void {
	inTransaction(record, () => {
		const entries = nestedMap(record, key, what);
		const change: FieldChange = {
			field: `${key}.${entryKey}`,
			value,
			previous: entries.get(entryKey) ?? null,
			by: context.by,
			at: context.at
		};
		historyOf(record).push([change]);
		entries.set(entryKey, value);
	});
}

function inTransaction(record: Y.Map<unknown>, write: () => void): void {
	if (record.doc) record.doc.transact(write);
	else write();
}

function historyOf(record: Y.Map<unknown>): Y.Array<unknown> {
	const history = record.get(HISTORY);
	if (history instanceof Y.Array) return history;
	const created = new Y.Array<unknown>();
	record.set(HISTORY, created);
	return created;
}

/**
 * Every change made to the fields of the record `id` of `collection`, oldest first, with who
 * made it and when ("who changed this"); none when there is no such record.
 */
export function recordHistory(collection: Y.Map<unknown>, id: string): FieldChange[] {
	const record = collection.get(id);
	return record instanceof Y.Map ? fieldHistory(record) : [];
}

/** Every recorded write of a field, oldest first (by writer time, then writer). */
export function fieldHistory(record: Y.Map<unknown>, field?: string): FieldChange[] {
	const history = record.get(HISTORY);
	if (!(history instanceof Y.Array)) return [];
	return history
		.toArray()
		.filter(
			(entry): entry is FieldChange =>
				typeof entry === 'object' &&
				entry !== null &&
				typeof (entry as FieldChange).field === 'string' &&
				(field === undefined || (entry as FieldChange).field === field)
		)
		.sort((a, b) => a.at - b.at || a.by.localeCompare(b.by));
}

export function setArchived(record: Y.Map<unknown>, archived: boolean, context: WriteContext): void {
	setFields(record, { archived }, context);
}

/** The fields every record carries. */
export interface Stamp {
	archived: boolean;
	createdAt: number;
	createdBy: string;
}

/** The fields every record carries, read tolerantly. */
export function readStamp(reader: FieldReader): Stamp {
	return {
		archived: reader.boolean('archived'),
		createdAt: reader.number('createdAt'),
		createdBy: reader.string('createdBy')
	};
}

/** Inserts an id into a list of ids unless present (readers fold duplicates of concurrent adds). */
export function addToList(record: Y.Map<unknown>, key: string, id: string): void {
	let list = record.get(key);
	if (!(list instanceof Y.Array)) {
		list = new Y.Array<unknown>();
		record.set(key, list);
	}
	const items = (list as Y.Array<unknown>).toArray();
	if (!items.includes(id)) (list as Y.Array<unknown>).push([id]);
}

/** Removes every occurrence, including duplicates two offline additions may have left. */
export function removeFromList(record: Y.Map<unknown>, key: string, id: string): void {
	const list = record.get(key);
	if (!(list instanceof Y.Array)) return;
	const items = list.toArray();
	for (let i = items.length - 1; i >= 0; i--) if (items[i] === id) list.delete(i, 1);
}

/**
 * The nested Y.Map or Y.Array a record keeps under `key`. Records made by the model carry it
 * from creation (two replicas creating it concurrently would keep only one); it is made here
 * only for a record from an older or foreign client, and never replaces content of another type.
 */
export function nestedMap(record: Y.Map<unknown>, key: string, what: string): Y.Map<unknown> {
	return nested(record, key, what, Y.Map);
}

export function nestedArray(record: Y.Map<unknown>, key: string, what: string): Y.Array<unknown> {
	return nested(record, key, what, Y.Array);
}

function nested<T extends Y.Map<unknown> | Y.Array<unknown>>(
	record: Y.Map<unknown>,
	key: string,
	what: string,
	Type: new () => T
): T {
	const value = record.get(key);
	if (value instanceof Type) return value;
	if (value !== undefined) throw new ModelError('invalid', `${what} ${key} holds unreadable content`, key);
	const made = new Type();
	record.set(key, made);
	return made;
}

/** Removes every entry of a list of plain entries that `matches` (duplicates of offline adds too). */
export function removeEntries(record: Y.Map<unknown>, key: string, matches: (entry: unknown) => boolean): void {
	const list = record.get(key);
	if (!(list instanceof Y.Array)) return;
	const items = list.toArray();
	for (let i = items.length - 1; i >= 0; i--) if (matches(items[i])) list.delete(i, 1);
}
