import type * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { FieldReader } from './fields';
import { newId } from './ids';
import {
	createRecord,
	getRecord,
	listRecords,
	readStamp,
	recordOf,
	setArchived,
	setFields,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { LIMITS, parseOrThrow, recordId } from './schema';

/** The five categories of the grid task list (网格事项清单), in the order the list shows them. */
export const TASK_CATEGORIES = [
	{ key: 'patrol', zh: '日常巡查', en: 'daily patrol' },
	{ key: 'visit', zh: '走访入户', en: 'home visits' },
	{ key: 'publicity', zh: '宣传政策', en: 'policy publicity' },
	{ key: 'service', zh: '便民服务', en: 'convenience services' },
	{ key: 'mediation', zh: '调解纠纷', en: 'dispute mediation' }
] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number]['key'];

const CATEGORY_KEYS = TASK_CATEGORIES.map((c) => c.key) as [TaskCategory, ...TaskCategory[]];

export function isTaskCategory(value: unknown): value is TaskCategory {
	return CATEGORY_KEYS.includes(value as TaskCategory);
}

/** One item of the task list: something a grid worker does, under one category. */
export interface TaskItem extends Stamp {
	id: string;
	/** '' when the document holds something that is not a known category (noted in problems). */
	category: TaskCategory | '';
	title: string;
	/** Display position within the category; fractions let an item go between two others. */
	order: number;
	problems: string[];
}

export const taskItemFields = z.object({
	category: z.enum(CATEGORY_KEYS),
	title: z.string().trim().max(LIMITS.name).min(1, 'must not be empty'),
	order: z.number().min(-1e9).max(1e9)
});

export const newTaskItemInput = taskItemFields.partial({ order: true }).extend({ id: recordId.optional() }).strict();
export type NewTaskItemInput = z.input<typeof newTaskItemInput>;

export const taskItemPatch = taskItemFields.partial().strict();
export type TaskItemPatch = z.input<typeof taskItemPatch>;

function taskList(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'taskList');
}

function readTaskItem(id: string, map: Y.Map<unknown>): TaskItem {
	const r = new FieldReader(map, `taskList.${id}`);
	const raw = r.string('category');
	if (raw && !isTaskCategory(raw)) r.problems.push(`taskList.${id}.category is not a known category`);
	return {
		id,
		category: isTaskCategory(raw) ? raw : '',
		title: r.string('title'),
		order: r.number('order'),
		...readStamp(r),
		problems: r.problems
	};
}

function categoryRank(category: TaskCategory | ''): number {
	const index = CATEGORY_KEYS.indexOf(category as TaskCategory);
	return index === -1 ? CATEGORY_KEYS.length : index;
}

/** The list by category, then order, then id; items of unknown category last. */
export function listTaskList(doc: Y.Doc, options: ListOptions = {}): TaskItem[] {
	return listRecords(
		taskList(doc),
		'taskList',
		readTaskItem,
		options,
		(a, b) =>
			categoryRank(a.category) - categoryRank(b.category) ||
			a.order - b.order ||
			(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

export function getTaskItem(doc: Y.Doc, id: string): TaskItem | null {
	return getRecord(taskList(doc), id, readTaskItem);
}

/** Adds an item; without an order it goes after the last item of its category. */
export function addTaskItem(doc: Y.Doc, input: NewTaskItemInput, options: WriteOptions = {}): string {
	const { id = newId(), order, ...fields } = parseOrThrow(newTaskItemInput, input, 'task item');
	const orders = listTaskList(doc, { includeArchived: true })
		.filter((item) => item.category === fields.category)
		.map((item) => item.order);
	doc.transact(() => {
		createRecord(
			taskList(doc),
			id,
			{ ...fields, order: order ?? Math.max(0, ...orders) + 1 },
			writeContext(options),
			'task item'
		);
	});
	return id;
}

export function updateTaskItem(doc: Y.Doc, id: string, patch: TaskItemPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(taskItemPatch, patch, 'task item');
	setFields(recordOf(taskList(doc), id, 'task item'), fields, writeContext(options));
}

/** Archived, never deleted: cases keep naming the item they were raised under. */
export function archiveTaskItem(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(taskList(doc), id, 'task item'), true, writeContext(options));
}

export function restoreTaskItem(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(taskList(doc), id, 'task item'), false, writeContext(options));
}

/** The district's 19-item list (domain/xinrong-demo.json), every new community's starting point. */
export const DEMO_TASK_LIST: Record<TaskCategory, readonly string[]> = {
	patrol: ['安全隐患巡查（消防通道、燃气、电动车充电）', '环境卫生巡查', '私搭乱建巡查', '公共设施损坏巡查'],
	visit: ['常住人口信息采集与更新', '特殊群体走访（独居老人、残疾人、困难家庭）', '流动人口登记', '民情民意收集'],
	publicity: ['政策法规宣传', '安全防范与反诈宣传', '文明创建宣传', '应急知识宣传'],
	service: ['代办帮办', '为老助残服务', '就业社保咨询', '物业问题协调'],
	mediation: ['邻里纠纷调解', '物业纠纷调解', '矛盾隐患排查上报']
};

/**
 * Writes the demo list when the community has no task items yet (archived ones count), and
 * returns how many it wrote. The ids are fixed (`patrol-1` …), so two devices seeding the same
 * new community offline end up with one list, not two.
 */
export function seedTaskList(doc: Y.Doc, options: WriteOptions = {}): number {
	if (taskList(doc).size > 0) return 0;
	const context = writeContext(options);
	let written = 0;
	doc.transact(() => {
		for (const category of CATEGORY_KEYS) {
			DEMO_TASK_LIST[category].forEach((title, index) => {
				createRecord(taskList(doc), `${category}-${index + 1}`, { category, title, order: index + 1 }, context, 'task item');
				written++;
			});
		}
	});
	return written;
}
