import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import { ModelError } from './errors';
import { LIMITS } from './schema';
import { addStation, listStations } from './stations';
import { replicaOf, stateOf, syncAll } from './test-helpers';

describe('addStation', () => {
	it('writes the station with defaults', () => {
		const doc = new Y.Doc();
		const id = addStation(doc, { name: ' 第一党群服务站 ' });
		expect(id).toMatch(/^[a-z0-9]{16}$/);
		expect(listStations(doc)).toEqual([
			{ id, name: '第一党群服务站', address: '', functions: [], archived: false, problems: [] }
		]);
	});

	it('keeps a supplied id, address and functions', () => {
		const doc = new Y.Doc();
		addStation(doc, { id: 's1', name: '站', address: '新建路1号', functions: ['党建活动', ' 议事协商 '] });
		expect(listStations(doc)[0]).toMatchObject({ id: 's1', address: '新建路1号', functions: ['党建活动', '议事协商'] });
	});

	it.each([
		['a blank name', { name: ' ' }, 'name'],
		['a numeric name', { name: 1 }, 'name'],
		['an over-long address', { name: 'n', address: 'a'.repeat(LIMITS.address + 1) }, 'address'],
		['too many functions', { name: 'n', functions: Array.from({ length: 21 }, (_, i) => `f${i}`) }, 'functions'],
		['an over-long function', { name: 'n', functions: ['f'.repeat(LIMITS.name + 1)] }, 'functions.0'],
		['a bad id', { id: 'S 1', name: 'n' }, 'id'],
		['an existing id', { id: 's1', name: 'n' }, 'id']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = new Y.Doc();
		addStation(doc, { id: 's1', name: '站' });
		const before = stateOf(doc);
		let caught: unknown;
		try {
			addStation(doc, input as never);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ModelError);
		expect([(caught as ModelError).code, (caught as ModelError).field]).toEqual(['invalid', field]);
		expect(stateOf(doc)).toEqual(before);
	});
});

describe('listStations', () => {
	it('sorts by name in natural order, then id, the same on every replica', () => {
		const a = new Y.Doc();
		const b = replicaOf(a);
		addStation(a, { id: 'z', name: '第10站' });
		addStation(b, { id: 'y', name: '第2站' });
		addStation(b, { id: 'b', name: '第2站' });
		addStation(a, { id: 'a', name: '第2站' });
		syncAll(a, b);
		for (const doc of [a, b]) expect(listStations(doc).map((s) => s.id)).toEqual(['a', 'b', 'y', 'z']);
	});

	it('reads around foreign content and reports it', () => {
		const doc = new Y.Doc();
		addStation(doc, { id: 's1', name: '站一', functions: ['调解纠纷'] });
		const stations = collection(doc, 'stations');
		(stations.get('s1') as Y.Map<unknown>).set('functions', 'all');
		stations.set('bad', 3);
		const problems: string[] = [];
		const list = listStations(doc, { problems });
		expect(list).toEqual([
			{ id: 's1', name: '站一', address: '', functions: [], archived: false, problems: ['stations.s1.functions should be a list'] }
		]);
		expect(problems).toEqual(['stations.bad is not a record']);
	});
});
