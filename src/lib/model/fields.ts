import * as Y from 'yjs';

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

	/** A Y.Array of strings read as a list without duplicates, in first-seen order. */
	stringSet(key: string): string[] {
		const value = this.map.get(key);
		if (value === undefined) return [];
		const items = value instanceof Y.Array ? value.toArray() : Array.isArray(value) ? value : null;
		if (!items) {
			this.problems.push(`${this.where}.${key} should be a list`);
			return [];
		}
		const seen = new Set<string>();
		for (const item of items) {
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
