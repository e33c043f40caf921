import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { careGridsOf, grantCareAccess, listCareTeam, withdrawCareAccess } from './careTeam';
import { expectRefused, replicaOf, syncAll } from './test-helpers';

describe('the care team', () => {
	it('gives a member the care records of grids, and takes one away', () => {
		const doc = new Y.Doc();
		grantCareAccess(doc, { userId: 'u-doc', grid: 'g1', duty: '社区卫生服务站医生' }, { by: 'sec' });
		grantCareAccess(doc, { userId: 'u-doc', grid: 'g2' }, { by: 'sec' });
		expect(careGridsOf(doc, 'u-doc')).toEqual(['g1', 'g2']);
		expect(listCareTeam(doc)).toMatchObject([{ userId: 'u-doc', duty: '社区卫生服务站医生', grids: ['g1', 'g2'] }]);
		withdrawCareAccess(doc, 'u-doc', 'g1');
		expect(careGridsOf(doc, 'u-doc')).toEqual(['g2']);
		expect(careGridsOf(doc, 'u-other')).toEqual([]);
		expect(expectRefused(doc, () => grantCareAccess(doc, { userId: '', grid: 'g1' })).field).toBe('userId');
	});

	it('covers the union when a member was granted on two devices offline', () => {
		const a = new Y.Doc();
		const b = replicaOf(a);
		grantCareAccess(a, { userId: 'u-nurse', grid: 'g1' }, { by: 'sec' });
		grantCareAccess(b, { userId: 'u-nurse', grid: 'g3' }, { by: 'sec' });
		syncAll(a, b);
		expect(careGridsOf(a, 'u-nurse')).toEqual(['g1', 'g3']);
		withdrawCareAccess(a, 'u-nurse', 'g3');
		expect(careGridsOf(a, 'u-nurse')).toEqual(['g1']);
	});
});
