import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import { LIMITS } from './schema';
import { addGrid } from './grids';
import { fieldHistory } from './records';
import {
	addStation,
	archiveStation,
	listStations,
	restoreStation,
	setStationFunction,
	setStationServesGrid,
	updateStation
} from './stations';
import { expectRefused, replicaOf, syncAll } from './test-helpers';

describe('addStation', () => {
	it('writes the station with defaults', () => {
		const doc = new Y.Doc();
		const id = addStation(doc, { name: ' 第一党群服务站 ' }, { at: 7000, by: 'u1' });
		expect(id).toMatch(/^[a-z0-9]{16}$/);
		expect(listStations(doc)).toEqual([
			{
				id,
				name: '第一党群服务站',
				address: '',
				openingHours: '',
				functions: [],
				grids: [],
				archived: false,
				createdAt: 7000,
				createdBy: 'u1',
				problems: []
			}
		]);
	});

	it('keeps a supplied id, address and functions', () => {
		const doc = new Y.Doc();
		addStation(doc, { id: 's1', name: '站', address: '新建路1号', functions: ['党群活动', ' 议事协商 '] });
		expect(listStations(doc)[0]).toMatchObject({ id: 's1', address: '新建路1号', functions: ['党群活动', '议事协商'] });
	});

	it.each([
		['a blank name', { name: ' ' }, 'name'],
		['a numeric name', { name: 1 }, 'name'],
		['an over-long address', { name: 'n', address: 'a'.repeat(LIMITS.address + 1) }, 'address'],
		['too many functions', { name: 'n', functions: ['党群活动', '议事协商', '便民服务', '矛盾调解', '党群活动'] }, 'functions'],
		['a function the district does not have', { name: 'n', functions: ['党建活动'] }, 'functions.0'],
		['a grid id that is no id', { name: 'n', grids: ['G 1'] }, 'grids.0'],
		['an over-long opening time', { name: 'n', openingHours: 'h'.repeat(LIMITS.name + 1) }, 'openingHours'],
		['a bad id', { id: 'S 1', name: 'n' }, 'id'],
		['an existing id', { id: 's1', name: 'n' }, 'id']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = new Y.Doc();
		addStation(doc, { id: 's1', name: '站' });
		const error = expectRefused(doc, () => addStation(doc, input as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
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
		addStation(doc, { id: 's1', name: '站一', functions: ['矛盾调解'] }, { at: 1, by: 'u1' });
		const stations = collection(doc, 'stations');
		(stations.get('s1') as Y.Map<unknown>).set('functions', 'all');
		stations.set('bad', 3);
		const problems: string[] = [];
		const list = listStations(doc, { problems });
		expect(list).toEqual([
			{
				id: 's1',
				name: '站一',
				address: '',
				openingHours: '',
				functions: [],
				grids: [],
				archived: false,
				createdAt: 1,
				createdBy: 'u1',
				problems: ['stations.s1.functions should be a list']
			}
		]);
		expect(problems).toEqual(['stations.bad is not a record']);
	});
});

describe('station edits', () => {
	it('updates fields, archives and restores, keeping every write in history', () => {
		const doc = new Y.Doc();
		addStation(doc, { id: 's1', name: '站一' });
		updateStation(doc, 's1', { openingHours: '8:30–17:30' }, { by: 'u1', at: 10 });
		archiveStation(doc, 's1', { by: 'u2', at: 20 });
		expect(listStations(doc)[0]).toMatchObject({ openingHours: '8:30–17:30', archived: true });
		restoreStation(doc, 's1');
		expect(listStations(doc)[0].archived).toBe(false);
		const record = collection(doc, 'stations').get('s1') as Y.Map<unknown>;
		expect(fieldHistory(record).map((c) => [c.field, c.by])).toEqual([
			['openingHours', 'u1'],
			['archived', 'u2'],
			['archived', '']
		]);
	});

	it('keeps functions and grids two people add offline', () => {
		const a = new Y.Doc();
		addGrid(a, { id: 'g1', name: '一', households: 1 });
		addGrid(a, { id: 'g2', name: '二', households: 1 });
		addStation(a, { id: 's1', name: '站一' });
		const b = replicaOf(a);
		setStationFunction(a, 's1', '便民服务', true);
		setStationFunction(b, 's1', '矛盾调解', true);
		setStationServesGrid(a, 's1', 'g1', true);
		setStationServesGrid(b, 's1', 'g2', true);
		syncAll(a, b);
		for (const doc of [a, b]) {
			expect(listStations(doc)[0].functions.sort()).toEqual(['便民服务', '矛盾调解'].sort());
			expect(listStations(doc)[0].grids.sort()).toEqual(['g1', 'g2']);
		}
	});

	it('refuses an unknown function or grid, and an unknown station', () => {
		const doc = new Y.Doc();
		addStation(doc, { id: 's1', name: '站一' });
		expectRefused(doc, () => setStationFunction(doc, 's1', '跳舞', true));
		expectRefused(doc, () => setStationServesGrid(doc, 's1', 'nope', true));
		expect(expectRefused(doc, () => updateStation(doc, 'nope', { name: 'x' })).message).toMatch(/does not exist/);
	});
});
