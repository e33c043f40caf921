import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import { LIMITS } from './schema';
import {
	addTaskItem,
	archiveTaskItem,
	getTaskItem,
	listTaskList,
	restoreTaskItem,
	seedTaskList,
	TASK_CATEGORIES,
	updateTaskItem
} from './taskList';
import { canonicalJson, expectRefused, recordUpdates, replicaOf, sampleCommunity, syncAll } from './test-helpers';

describe('the categories', () => {
	it('are the five of the district, in order, with Chinese and English labels', () => {
		expect(TASK_CATEGORIES.map((c) => [c.key, c.zh, c.en])).toEqual([
			['patrol', '日常巡查', 'daily patrol'],
			['visit', '走访入户', 'home visits'],
			['publicity', '宣传政策', 'policy publicity'],
			['service', '便民服务', 'convenience services'],
			['mediation', '调解纠纷', 'dispute mediation']
		]);
	});
});

describe('seedTaskList', () => {
	it('writes the 19 demo items in 5 categories, in order', () => {
		const doc = sampleCommunity();
		expect(seedTaskList(doc, { at: 10, by: 'seed' })).toBe(19);
		const list = listTaskList(doc);
		expect(list).toHaveLength(19);
		const counts = Object.fromEntries(TASK_CATEGORIES.map((c) => [c.key, list.filter((i) => i.category === c.key).length]));
		expect(counts).toEqual({ patrol: 4, visit: 4, publicity: 4, service: 4, mediation: 3 });
		expect(list[0]).toEqual({
			id: 'patrol-1',
			category: 'patrol',
			title: '安全隐患巡查（消防通道、燃气、电动车充电）',
			order: 1,
			archived: false,
			createdAt: 10,
			createdBy: 'seed',
			problems: []
		});
		expect(list.at(-1)).toMatchObject({ id: 'mediation-3', title: '矛盾隐患排查上报', order: 3 });
		expect(list.map((i) => i.category)).toEqual([...list.map((i) => i.category)].sort(
			(a, b) => TASK_CATEGORIES.findIndex((c) => c.key === a) - TASK_CATEGORIES.findIndex((c) => c.key === b)
		));
	});

	it('is a no-op when the list has items, even archived ones', () => {
		const doc = sampleCommunity();
		seedTaskList(doc);
		const stop = recordUpdates(doc);
		expect(seedTaskList(doc)).toBe(0);
		expect(stop()).toEqual([]);

		const other = sampleCommunity();
		const id = addTaskItem(other, { category: 'service', title: '代收快递' });
		archiveTaskItem(other, id);
		expect(seedTaskList(other)).toBe(0);
		expect(listTaskList(other, { includeArchived: true })).toHaveLength(1);
	});

	it('gives one list when two devices seed the same community offline', () => {
		const a = sampleCommunity();
		const b = replicaOf(a);
		seedTaskList(a, { at: 1 });
		seedTaskList(b, { at: 2 });
		syncAll(a, b);
		expect(listTaskList(a)).toHaveLength(19);
		expect(canonicalJson(listTaskList(a))).toBe(canonicalJson(listTaskList(b)));
	});
});

describe('addTaskItem and updateTaskItem', () => {
	it('puts a new item after the last of its category unless given an order', () => {
		const doc = sampleCommunity();
		seedTaskList(doc);
		const last = addTaskItem(doc, { category: 'mediation', title: ' 家庭矛盾调解 ' });
		const between = addTaskItem(doc, { category: 'patrol', title: '井盖巡查', order: 1.5 });
		expect(getTaskItem(doc, last)).toMatchObject({ title: '家庭矛盾调解', order: 4 });
		const patrol = listTaskList(doc).filter((i) => i.category === 'patrol').map((i) => i.id);
		expect(patrol).toEqual(['patrol-1', between, 'patrol-2', 'patrol-3', 'patrol-4']);
		expect(getTaskItem(sampleCommunity(), 'patrol-1')).toBeNull();
		const first = sampleCommunity();
		expect(getTaskItem(first, addTaskItem(first, { category: 'visit', title: 'x' }))?.order).toBe(1);
	});

	it('moves an item to another category and keeps unrelated fields', () => {
		const doc = sampleCommunity();
		seedTaskList(doc);
		updateTaskItem(doc, 'service-4', { category: 'mediation', order: 0 });
		expect(getTaskItem(doc, 'service-4')).toMatchObject({ category: 'mediation', order: 0, title: '物业问题协调' });
		expect(listTaskList(doc).filter((i) => i.category === 'mediation')[0].id).toBe('service-4');
	});

	it.each([
		['an unknown category', { category: 'cleaning', title: 'x' }, 'category'],
		['a Chinese label as category', { category: '日常巡查', title: 'x' }, 'category'],
		['no category', { title: 'x' }, 'category'],
		['an empty title', { category: 'patrol', title: ' ' }, 'title'],
		['an over-long title', { category: 'patrol', title: 't'.repeat(LIMITS.name + 1) }, 'title'],
		['an order of NaN', { category: 'patrol', title: 'x', order: Number.NaN }, 'order'],
		['an infinite order', { category: 'patrol', title: 'x', order: Infinity }, 'order'],
		['an order as text', { category: 'patrol', title: 'x', order: '1' }, 'order'],
		['an unknown field', { category: 'patrol', title: 'x', note: 'y' }, 'note'],
		['an existing id', { category: 'patrol', title: 'x', id: 'patrol-1' }, 'id']
	])('refuses to add %s, writing nothing', (_label, input, field) => {
		const doc = sampleCommunity();
		seedTaskList(doc);
		const error = expectRefused(doc, () => addTaskItem(doc, input as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});

	it.each([
		['an unknown category', { category: 'other' }, 'category'],
		['an empty title', { title: '' }, 'title'],
		['archived', { archived: true }, 'archived']
	])('refuses to update with %s, writing nothing', (_label, patch, field) => {
		const doc = sampleCommunity();
		seedTaskList(doc);
		const error = expectRefused(doc, () => updateTaskItem(doc, 'patrol-1', patch as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});

	it('refuses unknown items with not-found', () => {
		const doc = sampleCommunity();
		expect(expectRefused(doc, () => updateTaskItem(doc, 'nope', { title: 'x' })).code).toBe('not-found');
		expect(expectRefused(doc, () => archiveTaskItem(doc, 'nope')).code).toBe('not-found');
		expect(expectRefused(doc, () => restoreTaskItem(doc, 'nope')).code).toBe('not-found');
	});
});

describe('archive, restore and concurrent edits', () => {
	it('hides an archived item by default and restores it', () => {
		const doc = sampleCommunity();
		seedTaskList(doc);
		archiveTaskItem(doc, 'visit-3');
		expect(listTaskList(doc).map((i) => i.id)).not.toContain('visit-3');
		expect(listTaskList(doc, { includeArchived: true }).map((i) => i.id)).toContain('visit-3');
		restoreTaskItem(doc, 'visit-3');
		expect(listTaskList(doc)).toHaveLength(19);
	});

	it('keeps a new title and a new order edited on two replicas', () => {
		const a = sampleCommunity();
		seedTaskList(a);
		const b = replicaOf(a);
		updateTaskItem(a, 'publicity-2', { title: '反诈宣传' });
		updateTaskItem(b, 'publicity-2', { order: 9 });
		syncAll(a, b);
		for (const doc of [a, b]) expect(getTaskItem(doc, 'publicity-2')).toMatchObject({ title: '反诈宣传', order: 9 });
	});
});

describe('reading foreign content', () => {
	it('reports an unknown category and a bad order, lists the item last, shows the rest', () => {
		const doc = sampleCommunity();
		seedTaskList(doc);
		const raw = collection(doc, 'taskList');
		(raw.get('patrol-2') as Y.Map<unknown>).set('category', 'cleaning');
		(raw.get('patrol-3') as Y.Map<unknown>).set('order', 'third');
		raw.set('junk', 'text');
		const problems: string[] = [];
		const list = listTaskList(doc, { problems });
		expect(list.at(-1)).toMatchObject({
			id: 'patrol-2',
			category: '',
			title: '环境卫生巡查',
			problems: ['taskList.patrol-2.category is not a known category']
		});
		expect(list[0]).toMatchObject({ id: 'patrol-3', order: 0, problems: ['taskList.patrol-3.order should be a number'] });
		expect(problems).toEqual(['taskList.junk is not a record']);
	});
});
