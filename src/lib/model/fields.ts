import * as Y from 'yjs';
import type { z } from 'zod';

/**
 * Tolerant readers for record fields. A document may hold anything a foreign or older client
 * wrote; reading never throws, it falls back and notes the problem so the UI can show the rest.
 */
export class FieldReader {
	readonly problems: string[] = [];

	constructor(
		private readonly map: Y.Map<unknown>,
		private readonly where: string
	) {}

	string(key: string, fallback = ''): string {
		const value = this.map.get(key);
		if (value === undefined) return fallback;
		if (typeof value === 'string') return value;
		this.problems.push(`${this.where}.${key} should be text`);
		return fallback;
	}

	number(key: string, fallback = 0): number {
		const value = this.map.get(key);
		if (value === undefined) return fallback;
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		this.problems.push(`${this.where}.${key} should be a number`);
		return fallback;
	}

	boolean(key: string, fallback = false): boolean {
		const value = this.map.get(key);
		if (value === undefined) return fallback;
		if (typeof value === 'boolean') return value;
		this.problems.push(`${this.where}.${key} should be true or false`);
		return fallback;
	}

	/** A number, or null when the field is absent (an optional date, say). */
	numberOrNull(key: string): number | null {
		const value = this.map.get(key);
		if (value === undefined || value === null) return null;
		if (typeof value === 'number' && Number.isFinite(value)) return value;
		this.problems.push(`${this.where}.${key} should be a number`);
		return null;
	}

	/**
	 * The entries of a list of plain objects (a Y.Array of appended entries) that match `shape`;
	 * the others are skipped and noted, so one bad entry never hides the rest of the log.
	 */
	entries<T>(key: string, shape: z.ZodType<T>): T[] {
		const out: T[] = [];
		for (const item of this.list(key)) {
			const parsed = shape.safeParse(item);
			if (parsed.success) out.push(parsed.data);
			else this.problems.push(`${this.where}.${key} holds an unreadable entry`);
		}
		return out;
	}

	/** The values of a nested Y.Map of plain entries that match `shape`, sorted by key. */
	keyedEntries<T>(key: string, shape: z.ZodType<T>): [string, T][] {
		const nested = this.nested(key);
		if (!nested) return [];
		const out: [string, T][] = [];
		for (const entryKey of [...nested.keys()].sort()) {
			const parsed = shape.safeParse(nested.get(entryKey));
			if (parsed.success) out.push([entryKey, parsed.data]);
			else this.problems.push(`${this.where}.${key}.${entryKey} is unreadable`);
		}
		return out;
	}

	/** The items of a list, which an older or foreign client may have written as a plain array. */
	private list(key: string): unknown[] {
		const value = this.map.get(key);
		if (value === undefined) return [];
		if (value instanceof Y.Array) return value.toArray();
		if (Array.isArray(value)) return value;
		this.problems.push(`${this.where}.${key} should be a list`);
		return [];
	}

	/** A nested Y.Map, or null when absent or of another type (the latter noted). */
	nested(key: string): Y.Map<unknown> | null {
		const value = this.map.get(key);
		if (value === undefined) return null;
		if (value instanceof Y.Map) return value;
		this.problems.push(`${this.where}.${key} should be a map`);
		return null;
	}

	/** A Y.Array of strings read as a list without duplicates, in first-seen order. */
	stringSet(key: string): string[] {
		const seen = new Set<string>();
		for (const item of this.list(key)) {
			if (typeof item === 'string') seen.add(item);
			else this.problems.push(`${this.where}.${key} holds a non-text entry`);
		}
		return [...seen];
	}
}

/**
 * The records of a collection that are well-formed maps; the others are noted in `problems`,
 * sorted by id (a Y.Map's key order differs between replicas, the problems should not).
 */
export function recordMaps(
	collection: Y.Map<unknown>,
	problems: string[],
	name: string
): [string, Y.Map<unknown>][] {
	const out: [string, Y.Map<unknown>][] = [];
	const notRecords: string[] = [];
	collection.forEach((value, id) => {
		if (value instanceof Y.Map) out.push([id, value]);
		else notRecords.push(id);
	});
	for (const id of notRecords.sort()) problems.push(`${name}.${id} is not a record`);
	return out;
}
