import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import {
	addGrid,
	archiveGrid,
	assignGridWorker,
	getGrid,
	gridHistory,
	listGrids,
	restoreGrid,
	unassignGridWorker,
	updateGrid
} from './grids';
import { LIMITS } from './schema';
import { expectRefused, recordUpdates, replicaOf, sampleCommunity, syncAll } from './test-helpers';

const valid = { name: '第3网格', households: 350 };

describe('addGrid', () => {
	it('writes every field with defaults and returns a fresh id', () => {
		const doc = sampleCommunity();
		const id = addGrid(doc, { name: '  第3网格 ', households: 350 }, { at: 5000 });
		expect(id).toMatch(/^[a-z0-9]{16}$/);
		expect(getGrid(doc, id)).toEqual({
			id,
			name: '第3网格',
			households: 350,
			boundary: '',
			station: '',
			buildings: 0,
			specialNeedsHouseholds: 0,
			workers: [],
			archived: false,
			createdAt: 5000,
			createdBy: '',
			problems: []
		});
	});

	it('keeps a supplied id and folds duplicate workers', () => {
		const doc = sampleCommunity();
		expect(addGrid(doc, { ...valid, id: 'g3', workers: ['a', 'b', 'a'] })).toBe('g3');
		expect(getGrid(doc, 'g3')?.workers).toEqual(['a', 'b']);
		const raw = collection(doc, 'grids').get('g3') as Y.Map<unknown>;
		expect((raw.get('workers') as Y.Array<string>).toArray()).toEqual(['a', 'b']);
	});

	it('accepts the boundary values', () => {
		const doc = sampleCommunity();
		const id = addGrid(doc, {
			name: 'n'.repeat(LIMITS.name),
			households: LIMITS.households,
			boundary: 'b'.repeat(LIMITS.boundary),
			buildings: LIMITS.buildings,
			specialNeedsHouseholds: 0,
			workers: Array.from({ length: LIMITS.workersPerGrid }, (_, i) => `u${i}`)
		});
		expect(getGrid(doc, id)).toMatchObject({ households: LIMITS.households, buildings: LIMITS.buildings });
		expect(addGrid(doc, { name: 'x', households: 0 })).toBeTruthy();
	});

	it.each([
		['negative households', { ...valid, households: -1 }, 'households'],
		['fractional households', { ...valid, households: 12.5 }, 'households'],
		['too many households', { ...valid, households: LIMITS.households + 1 }, 'households'],
		['households as text', { ...valid, households: '350' }, 'households'],
		['households NaN', { ...valid, households: Number.NaN }, 'households'],
		['missing households', { name: '第3网格' }, 'households'],
		['empty name', { ...valid, name: '' }, 'name'],
		['whitespace name', { ...valid, name: ' \t\n ' }, 'name'],
		['over-long name', { ...valid, name: 'n'.repeat(LIMITS.name + 1) }, 'name'],
		['name as a number', { ...valid, name: 3 }, 'name'],
		['over-long boundary', { ...valid, boundary: 'b'.repeat(LIMITS.boundary + 1) }, 'boundary'],
		['negative buildings', { ...valid, buildings: -2 }, 'buildings'],
		['bad id', { ...valid, id: 'Grid 3' }, 'id'],
		['too many workers', { ...valid, workers: Array.from({ length: 21 }, (_, i) => `u${i}`) }, 'workers'],
		['empty worker id', { ...valid, workers: [''] }, 'workers.0']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = sampleCommunity();
		const error = expectRefused(doc, () => addGrid(doc, input as never));
		expect(error.code).toBe('invalid');
		expect(error.field).toBe(field);
	});

	it('refuses an id that already exists, writing nothing', () => {
		const doc = sampleCommunity();
		const error = expectRefused(doc, () => addGrid(doc, { ...valid, id: 'g1' }));
		expect([error.code, error.field]).toEqual(['invalid', 'id']);
		expect(getGrid(doc, 'g1')?.name).toBe('第1网格');
	});
});

describe('updateGrid', () => {
	it('sets only the given fields, trimmed', () => {
		const doc = sampleCommunity();
		updateGrid(doc, 'g1', { households: 333, name: ' 第一网格 ' });
		expect(getGrid(doc, 'g1')).toMatchObject({
			name: '第一网格',
			households: 333,
			boundary: '东至新建路',
			workers: ['u-wang']
		});
	});

	it('writes nothing for a patch that changes nothing', () => {
		const doc = sampleCommunity();
		const stop = recordUpdates(doc);
		updateGrid(doc, 'g1', { households: 320, name: '第1网格' });
		updateGrid(doc, 'g1', {});
		expect(stop()).toEqual([]);
	});

	it.each([
		['negative households', { households: -1 }, 'households'],
		['fractional households', { households: 0.5 }, 'households'],
		['households as text', { households: '12' }, 'households'],
		['empty name', { name: '' }, 'name'],
		['whitespace name', { name: '   ' }, 'name'],
		['over-long name', { name: 'n'.repeat(LIMITS.name + 1) }, 'name'],
		['name as a number', { name: 7 }, 'name'],
		['over-long boundary', { boundary: 'b'.repeat(LIMITS.boundary + 1) }, 'boundary'],
		['boundary as a number', { boundary: 5 }, 'boundary'],
		['an unknown field', { housholds: 12 }, 'housholds'],
		['workers (not a patchable field)', { workers: ['x'] }, 'workers'],
		['archived (use archiveGrid)', { archived: true }, 'archived'],
		['a valid field next to a bad one', { boundary: 'ok', households: -5 }, 'households']
	])('refuses %s, writing nothing', (_label, patch, field) => {
		const doc = sampleCommunity();
		const error = expectRefused(doc, () => updateGrid(doc, 'g1', patch as never));
		expect(error.code).toBe('invalid');
		expect(error.field).toBe(field);
	});

	it('refuses an unknown grid with not-found', () => {
		const doc = sampleCommunity();
		expect(expectRefused(doc, () => updateGrid(doc, 'nope', { households: 1 })).code).toBe('not-found');
	});
});

describe('archive instead of delete', () => {
	it('keeps the record, hides it from the default list, and restores it', () => {
		const doc = sampleCommunity();
		archiveGrid(doc, 'g1');
		expect(getGrid(doc, 'g1')).toMatchObject({ id: 'g1', name: '第1网格', households: 320, archived: true });
		expect(listGrids(doc).map((g) => g.id)).toEqual(['g2']);
		expect(listGrids(doc, { includeArchived: true }).map((g) => g.id)).toEqual(['g1', 'g2']);

		restoreGrid(doc, 'g1');
		expect(getGrid(doc, 'g1')?.archived).toBe(false);
		expect(listGrids(doc).map((g) => g.id)).toEqual(['g1', 'g2']);
	});

	it('writes nothing when archiving an archived grid or restoring a live one', () => {
		const doc = sampleCommunity();
		archiveGrid(doc, 'g1');
		const stop = recordUpdates(doc);
		archiveGrid(doc, 'g1');
		restoreGrid(doc, 'g2');
		expect(stop()).toEqual([]);
	});

	it('refuses unknown ids with not-found', () => {
		const doc = sampleCommunity();
		expect(expectRefused(doc, () => archiveGrid(doc, 'nope')).code).toBe('not-found');
		expect(expectRefused(doc, () => restoreGrid(doc, 'nope')).code).toBe('not-found');
	});

	it('keeps an offline edit made elsewhere to a grid archived here', () => {
		const here = sampleCommunity();
		const there = replicaOf(here);
		archiveGrid(here, 'g1');
		updateGrid(there, 'g1', { households: 999, boundary: '西至和平街' });
		assignGridWorker(there, 'g1', 'u-li');
		syncAll(here, there);

		for (const doc of [here, there]) {
			expect(listGrids(doc).map((g) => g.id)).toEqual(['g2']);
			expect(getGrid(doc, 'g1')).toMatchObject({ archived: true, households: 999 });
		}
		restoreGrid(here, 'g1');
		syncAll(here, there);
		for (const doc of [here, there]) {
			expect(listGrids(doc).find((g) => g.id === 'g1')).toMatchObject({
				archived: false,
				households: 999,
				boundary: '西至和平街',
				workers: ['u-wang', 'u-li']
			});
		}
	});
});

describe('concurrent edits', () => {
	it('keeps both edits to different fields of one grid', () => {
		const a = sampleCommunity();
		const b = replicaOf(a);
		updateGrid(a, 'g1', { households: 480 });
		updateGrid(b, 'g1', { name: '第一网格', boundary: '北至长城街' });
		syncAll(a, b);
		for (const doc of [a, b]) {
			expect(getGrid(doc, 'g1')).toMatchObject({ name: '第一网格', households: 480, boundary: '北至长城街' });
		}
	});

	it('settles concurrent edits to one field on the same value everywhere', () => {
		const a = sampleCommunity();
		const b = replicaOf(a);
		const c = replicaOf(a);
		updateGrid(a, 'g1', { households: 401 });
		updateGrid(b, 'g1', { households: 402 });
		updateGrid(c, 'g1', { households: 403 });
		syncAll(c, b, a);
		const values = [a, b, c].map((doc) => getGrid(doc, 'g1')?.households);
		expect(new Set(values).size).toBe(1);
		expect([401, 402, 403]).toContain(values[0]);
	});
});

describe('grid workers', () => {
	it('keeps different workers assigned on two replicas offline', () => {
		const a = sampleCommunity();
		const b = replicaOf(a);
		assignGridWorker(a, 'g2', 'u-zhao');
		assignGridWorker(b, 'g2', 'u-qian');
		syncAll(a, b);
		expect(getGrid(a, 'g2')?.workers.sort()).toEqual(['u-qian', 'u-zhao']);
		expect(getGrid(b, 'g2')?.workers).toEqual(getGrid(a, 'g2')?.workers);
	});

	it('shows a worker assigned on both replicas once, and unassigning removes every copy', () => {
		const a = sampleCommunity();
		const b = replicaOf(a);
		assignGridWorker(a, 'g2', 'u-sun');
		assignGridWorker(b, 'g2', 'u-sun');
		syncAll(a, b);
		const raw = (collection(a, 'grids').get('g2') as Y.Map<unknown>).get('workers') as Y.Array<string>;
		expect(raw.toArray()).toEqual(['u-sun', 'u-sun']);
		expect(getGrid(a, 'g2')?.workers).toEqual(['u-sun']);

		unassignGridWorker(a, 'g2', 'u-sun');
		syncAll(a, b);
		expect(raw.toArray()).toEqual([]);
		expect(getGrid(b, 'g2')?.workers).toEqual([]);
	});

	it('writes nothing when assigning a worker already assigned', () => {
		const doc = sampleCommunity();
		const stop = recordUpdates(doc);
		assignGridWorker(doc, 'g1', 'u-wang');
		expect(stop()).toEqual([]);
	});

	it('unassigns only the given worker', () => {
		const doc = sampleCommunity();
		assignGridWorker(doc, 'g1', 'u-li');
		assignGridWorker(doc, 'g1', 'u-zhou');
		unassignGridWorker(doc, 'g1', 'u-li');
		expect(getGrid(doc, 'g1')?.workers).toEqual(['u-wang', 'u-zhou']);
	});

	it('enforces the limit of workers per grid', () => {
		const doc = sampleCommunity();
		for (let i = 1; i < LIMITS.workersPerGrid; i++) assignGridWorker(doc, 'g1', `u${i}`);
		expect(getGrid(doc, 'g1')?.workers).toHaveLength(LIMITS.workersPerGrid);
		const error = expectRefused(doc, () => assignGridWorker(doc, 'g1', 'one-too-many'));
		expect([error.code, error.field]).toEqual(['invalid', 'workers']);
		// Re-assigning someone already there is not an addition.
		assignGridWorker(doc, 'g1', 'u1');
		expect(getGrid(doc, 'g1')?.workers).toHaveLength(LIMITS.workersPerGrid);
	});

	it.each([
		['an empty id', ''],
		['an over-long id', 'u'.repeat(65)],
		['a number', 42]
	])('refuses %s as a worker', (_label, userId) => {
		const doc = sampleCommunity();
		const error = expectRefused(doc, () => assignGridWorker(doc, 'g1', userId as never));
		expect([error.code, error.field]).toEqual(['invalid', 'workers']);
	});

	it('refuses unknown grids with not-found', () => {
		const doc = sampleCommunity();
		expect(expectRefused(doc, () => assignGridWorker(doc, 'nope', 'u1')).code).toBe('not-found');
		expect(expectRefused(doc, () => unassignGridWorker(doc, 'nope', 'u1')).code).toBe('not-found');
	});
});

describe('listGrids', () => {
	it('sorts by name in natural order, then by id', () => {
		const doc = new Y.Doc();
		for (const [id, name] of [
			['c', '第10网格'],
			['b', '第2网格'],
			['z', '第1网格'],
			['a', '第1网格']
		]) {
			addGrid(doc, { id, name, households: 1 });
		}
		expect(listGrids(doc).map((g) => g.id)).toEqual(['a', 'z', 'b', 'c']);
	});

	it('reads around foreign content and reports it', () => {
		const doc = sampleCommunity();
		const grids = collection(doc, 'grids');
		const g1 = grids.get('g1') as Y.Map<unknown>;
		const g2 = grids.get('g2') as Y.Map<unknown>;
		g1.set('households', '320');
		g1.set('workers', 'u-wang');
		g2.set('name', 42);
		g2.set('archived', 'no');
		grids.set('junk', 'not a record');

		const problems: string[] = [];
		const list = listGrids(doc, { includeArchived: true, problems });
		expect(list.map((g) => g.id)).toEqual(['g2', 'g1']); // g2's name reads as '' and sorts first
		expect(list[1]).toMatchObject({ name: '第1网格', households: 0, workers: [], boundary: '东至新建路' });
		expect(list[1].problems).toEqual(['grids.g1.households should be a number', 'grids.g1.workers should be a list']);
		expect(list[0]).toMatchObject({ name: '', households: 410, archived: false, buildings: 12 });
		expect(list[0].problems).toEqual(['grids.g2.name should be text', 'grids.g2.archived should be true or false']);
		expect(problems).toEqual(['grids.junk is not a record']);
		expect(getGrid(doc, 'junk')).toBeNull();
	});

	it('reads a grid written by a foreign client with missing fields', () => {
		const doc = new Y.Doc();
		const map = new Y.Map<unknown>();
		collection(doc, 'grids').set('g9', map);
		map.set('name', '第9网格');
		map.set('workers', ['a', 'a', 7]);
		expect(getGrid(doc, 'g9')).toEqual({
			id: 'g9',
			name: '第9网格',
			households: 0,
			boundary: '',
			station: '',
			buildings: 0,
			specialNeedsHouseholds: 0,
			workers: ['a'],
			archived: false,
			createdAt: 0,
			createdBy: '',
			problems: ['grids.g9.workers holds a non-text entry']
		});
	});

	it('lists who changed which field of a grid, and when', () => {
		const doc = sampleCommunity();
		updateGrid(doc, 'g1', { households: 330 }, { by: 'u-li', at: 5000 });
		updateGrid(doc, 'g1', { households: 335, boundary: '东至新华街' }, { by: 'u-wang', at: 6000 });
		expect(gridHistory(doc, 'g1').map(({ field, previous, value, by, at }) => [field, previous, value, by, at])).toEqual([
			['households', 320, 330, 'u-li', 5000],
			['households', 330, 335, 'u-wang', 6000],
			['boundary', '东至新建路', '东至新华街', 'u-wang', 6000]
		]);
		expect(gridHistory(doc, 'nowhere')).toEqual([]);
	});
});

