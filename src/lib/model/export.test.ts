import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import { exportCommunity } from './export';
import { addGrid, archiveGrid, assignGridWorker } from './grids';
import { careCountOf, setCareCount } from './careCounts';
import { addHousehold } from './households';
import { addStation } from './stations';
import { canonicalJson, replicaOf, sampleCommunity, syncAll } from './test-helpers';

describe('exportCommunity', () => {
	it('gives meta and every collection keyed by id, archived grids included', () => {
		const doc = sampleCommunity();
		addStation(doc, { id: 's1', name: '第一党群服务站', functions: ['便民服务'] }, { at: 3000 });
		archiveGrid(doc, 'g2');
		expect(exportCommunity(doc)).toEqual({
			meta: { id: 'xinrong-1', name: '新荣社区', district: '新荣区', schemaVersion: 1 },
			grids: {
				g1: {
					name: '第1网格',
					households: 320,
					boundary: '东至新建路',
					station: '',
					buildings: 0,
					specialNeedsHouseholds: 0,
					workers: ['u-wang'],
					archived: false,
					createdAt: 1000,
					createdBy: ''
				},
				g2: {
					name: '第2网格',
					households: 410,
					boundary: '',
					station: '',
					buildings: 12,
					specialNeedsHouseholds: 0,
					workers: [],
					archived: true,
					createdAt: 2000,
					createdBy: ''
				}
			},
			stations: {
				s1: {
					name: '第一党群服务站',
					address: '',
					openingHours: '',
					functions: ['便民服务'],
					grids: [],
					archived: false,
					createdAt: 3000,
					createdBy: ''
				}
			},
			taskList: {},
			departments: {},
			volunteers: {},
			pairings: {},
			meetings: {},
			openCases: {},
			careCounts: {}
		});
	});

	it("carries the relay's care counts as stored: numbers only, an unreadable entry noted", () => {
		const doc = sampleCommunity();
		const care = new Y.Doc();
		addHousehold(care, { building: '3号楼', door: '502', livingAlone: true, members: [{ name: '赵某', ageBand: '80+' }] });
		setCareCount(doc, 'g1', careCountOf(care, Date.UTC(2026, 10, 2)));
		collection(doc, 'careCounts').set('g2', { households: 'many' });
		const exported = exportCommunity(doc);
		expect(exported.careCounts).toEqual({ g1: careCountOf(care, Date.UTC(2026, 10, 2)) });
		expect(exported.problems).toEqual(['careCounts.g2 is unreadable']);
		expect(JSON.stringify(exported)).not.toContain('赵某');
	});

	it('is plain JSON that survives a round trip', () => {
		const doc = sampleCommunity();
		const exported = exportCommunity(doc);
		expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
	});

	it('exports an empty document without throwing', () => {
		expect(exportCommunity(new Y.Doc())).toEqual({
			meta: { id: '', name: '', district: '', schemaVersion: 0 },
			grids: {},
			stations: {},
			taskList: {},
			departments: {},
			volunteers: {},
			pairings: {},
			meetings: {},
			openCases: {},
			careCounts: {}
		});
	});

	it('exports the rest of a damaged document and lists the problems', () => {
		const doc = sampleCommunity();
		const grids = collection(doc, 'grids');
		(grids.get('g1') as Y.Map<unknown>).set('households', 'three hundred');
		(grids.get('g2') as Y.Map<unknown>).set('name', 2);
		(grids.get('g2') as Y.Map<unknown>).set('workers', { a: 1 });
		grids.set('junk', ['not', 'a', 'record']);
		collection(doc, 'stations').set('s-bad', 'text');
		collection(doc, 'meta').set('district', false);

		const exported = exportCommunity(doc);
		expect(Object.keys(exported.grids).sort()).toEqual(['g1', 'g2']);
		expect(exported.grids.g1).toMatchObject({ name: '第1网格', households: 0, workers: ['u-wang'] });
		expect(exported.grids.g2).toMatchObject({ name: '', households: 410, workers: [] });
		expect(exported.stations).toEqual({});
		expect(exported.problems).toEqual([
			'meta.district should be text',
			'grids.junk is not a record',
			'grids.g2.name should be text',
			'grids.g2.workers should be a list',
			'grids.g1.households should be a number',
			'stations.s-bad is not a record'
		]);
	});

	it('reads a document whose grids collection a foreign client wrote as a list', () => {
		const foreign = new Y.Doc();
		foreign.getArray('grids').push(['g1', 'g2']);
		foreign.getMap('meta').set('id', 'a');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(foreign));
		expect(() => exportCommunity(doc)).not.toThrow();
		expect(exportCommunity(doc)).toMatchObject({ meta: { id: 'a' }, grids: {} });
	});

	it('is the same on replicas that received edits in different orders', () => {
		const a = sampleCommunity();
		const b = replicaOf(a);
		addGrid(a, { id: 'g3', name: '第3网格', households: 1 });
		addStation(b, { id: 's2', name: '站' });
		addStation(a, { id: 's1', name: '站' });
		assignGridWorker(b, 'g1', 'u-li');
		collection(a, 'grids').set('zz', 1);
		collection(b, 'grids').set('aa', 2);
		syncAll(a, b);
		expect(canonicalJson(exportCommunity(a))).toBe(canonicalJson(exportCommunity(b)));
		expect(exportCommunity(a).problems).toEqual(['grids.aa is not a record', 'grids.zz is not a record']);
	});
});
