import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FieldReader, recordMaps } from './fields';

/** A record map inside a document (a Y.Map only holds values once it is integrated). */
function record(values: Record<string, unknown>): Y.Map<unknown> {
	const doc = new Y.Doc();
	const map = doc.getMap('records').set('r', new Y.Map<unknown>()) as Y.Map<unknown>;
	for (const [key, value] of Object.entries(values)) map.set(key, value);
	return map;
}

describe('FieldReader', () => {
	it('reads well-typed values and reports nothing', () => {
		const r = new FieldReader(record({ s: 'text', n: 3.5, b: true, list: Y.Array.from(['a', 'b']) }), 'x');
		expect([r.string('s'), r.number('n'), r.boolean('b'), r.stringSet('list')]).toEqual([
			'text',
			3.5,
			true,
			['a', 'b']
		]);
		expect(r.problems).toEqual([]);
	});

	it('falls back silently for missing values', () => {
		const r = new FieldReader(record({}), 'x');
		expect([r.string('s'), r.string('s', 'd'), r.number('n'), r.number('n', 7), r.boolean('b'), r.stringSet('l')]).toEqual(
			['', 'd', 0, 7, false, []]
		);
		expect(r.problems).toEqual([]);
	});

	it('falls back and reports wrong types', () => {
		const r = new FieldReader(
			record({ s: 12, n: '12', inf: Number.POSITIVE_INFINITY, nan: Number.NaN, b: 'true', l: 'a,b', m: new Y.Map() }),
			'grids.g1'
		);
		expect(r.string('s', 'fallback')).toBe('fallback');
		expect(r.number('n', 1)).toBe(1);
		expect(r.number('inf')).toBe(0);
		expect(r.number('nan')).toBe(0);
		expect(r.boolean('b')).toBe(false);
		expect(r.stringSet('l')).toEqual([]);
		expect(r.stringSet('m')).toEqual([]);
		expect(r.problems).toEqual([
			'grids.g1.s should be text',
			'grids.g1.n should be a number',
			'grids.g1.inf should be a number',
			'grids.g1.nan should be a number',
			'grids.g1.b should be true or false',
			'grids.g1.l should be a list',
			'grids.g1.m should be a list'
		]);
	});

	it('reads a list without duplicates, in first-seen order, skipping non-text entries', () => {
		const r = new FieldReader(record({ y: Y.Array.from(['b', 'a', 'b', 1, 'c', 'a']), plain: ['x', 'x', null] }), 'x');
		expect(r.stringSet('y')).toEqual(['b', 'a', 'c']);
		expect(r.stringSet('plain')).toEqual(['x']);
		expect(r.problems).toEqual(['x.y holds a non-text entry', 'x.plain holds a non-text entry']);
	});
});

describe('recordMaps', () => {
	it('returns the records and reports the rest, sorted by id', () => {
		const doc = new Y.Doc();
		const grids = doc.getMap<unknown>('grids');
		grids.set('zz', 'text');
		grids.set('g1', new Y.Map());
		grids.set('aa', 5);
		grids.set('g2', new Y.Map());
		grids.set('arr', new Y.Array());
		const problems: string[] = ['earlier'];
		expect(recordMaps(grids, problems, 'grids').map(([id]) => id).sort()).toEqual(['g1', 'g2']);
		expect(problems).toEqual([
			'earlier',
			'grids.aa is not a record',
			'grids.arr is not a record',
			'grids.zz is not a record'
		]);
	});
});
