import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readMeta } from './community';
import { listDepartments } from './departments';
import { setUpCommunity } from './setup';
import { listTaskList, TASK_CATEGORIES } from './taskList';
import { canonicalJson, replicaOf, stateOf, syncAll } from './test-helpers';

describe('setUpCommunity', () => {
	it('writes meta, the 19-item task list in 5 categories and the 7 departments', () => {
		const root = new Y.Doc();
		setUpCommunity(root, { id: 'wenyuan', name: '文苑社区', district: '新荣区' }, { by: 'admin', at: 1 });
		expect(readMeta(root)).toMatchObject({ id: 'wenyuan', name: '文苑社区', district: '新荣区' });
		const items = listTaskList(root);
		expect(items).toHaveLength(19);
		expect(new Set(items.map((i) => i.category))).toEqual(new Set(TASK_CATEGORIES.map((c) => c.key)));
		expect(listDepartments(root).map((d) => d.name).sort()).toEqual(
			['城管', '消防', '电力', '自来水', '环卫', '公安', '住建'].sort()
		);
	});

	it('is idempotent, and two devices setting up one community offline end with one list', () => {
		const a = new Y.Doc();
		const b = replicaOf(a);
		setUpCommunity(a, { id: 'c1', name: '社区' });
		const once = stateOf(a);
		setUpCommunity(a, { id: 'c1', name: '社区' });
		expect(stateOf(a)).toEqual(once);
		setUpCommunity(b, { id: 'c1', name: '社区' });
		syncAll(a, b);
		expect(listTaskList(a)).toHaveLength(19);
		expect(listDepartments(a)).toHaveLength(7);
		expect(canonicalJson(listTaskList(a))).toBe(canonicalJson(listTaskList(b)));
	});
});
