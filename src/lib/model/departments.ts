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
import { LIMITS, parseOrThrow, phoneNumber, recordId } from './schema';

/**
 * A department a grid can call (城管, 消防, 电力 …) with its liaison person (片区联系人) for this
 * community. The liaison is kept as three flat fields, not one nested value, so one person
 * correcting the phone while another renames the liaison both keep their edit.
 */
export interface Department extends Stamp {
	id: string;
	name: string;
	nameEn: string;
	liaisonName: string;
	liaisonPhone: string;
	/** The area (片区) the liaison covers. */
	liaisonArea: string;
	/** The liaison's account (user id), whose "my cases" list this department's cases; '' when none. */
	liaisonUser: string;
	problems: string[];
}

const trimmed = (max: number) => z.string().trim().max(max);

export const departmentFields = z.object({
	name: trimmed(LIMITS.name).min(1, 'must not be empty'),
	nameEn: trimmed(LIMITS.name),
	liaisonName: trimmed(LIMITS.name),
	liaisonPhone: phoneNumber,
	liaisonArea: trimmed(LIMITS.address),
	liaisonUser: z.string().max(64)
});
export type DepartmentFields = z.infer<typeof departmentFields>;

export const newDepartmentInput = departmentFields
	.partial({ nameEn: true, liaisonName: true, liaisonPhone: true, liaisonArea: true, liaisonUser: true })
	.extend({ id: recordId.optional() })
	.strict();
export type NewDepartmentInput = z.input<typeof newDepartmentInput>;

export const departmentPatch = departmentFields.partial().strict();
export type DepartmentPatch = z.input<typeof departmentPatch>;

function departments(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'departments');
}

function readDepartment(id: string, map: Y.Map<unknown>): Department {
	const r = new FieldReader(map, `departments.${id}`);
	return {
		id,
		name: r.string('name'),
		nameEn: r.string('nameEn'),
		liaisonName: r.string('liaisonName'),
		liaisonPhone: r.string('liaisonPhone'),
		liaisonArea: r.string('liaisonArea'),
		liaisonUser: r.string('liaisonUser'),
		...readStamp(r),
		problems: r.problems
	};
}

/** Departments by name, then id; archived ones only when asked. Non-records go to `problems`. */
export function listDepartments(doc: Y.Doc, options: ListOptions = {}): Department[] {
	return listRecords(departments(doc), 'departments', readDepartment, options, (a, b) =>
		a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id)
	);
}

/** The live departments whose liaison is this account: whose cases are the user's to answer. */
export function departmentsOfLiaison(doc: Y.Doc, userId: string): Department[] {
	return userId ? listDepartments(doc).filter((d) => d.liaisonUser === userId) : [];
}

export function getDepartment(doc: Y.Doc, id: string): Department | null {
	return getRecord(departments(doc), id, readDepartment);
}

export function addDepartment(doc: Y.Doc, input: NewDepartmentInput, options: WriteOptions = {}): string {
	const { id = newId(), ...fields } = parseOrThrow(newDepartmentInput, input, 'department');
	doc.transact(() => {
		createRecord(
			departments(doc),
			id,
			{ nameEn: '', liaisonName: '', liaisonPhone: '', liaisonArea: '', liaisonUser: '', ...fields },
			writeContext(options),
			'department'
		);
	});
	return id;
}

/** Sets only the given fields: concurrent edits of different fields both survive. */
export function updateDepartment(doc: Y.Doc, id: string, patch: DepartmentPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(departmentPatch, patch, 'department');
	setFields(recordOf(departments(doc), id, 'department'), fields, writeContext(options));
}

/** Archived, never deleted: old cases still name the department they were dispatched to. */
export function archiveDepartment(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(departments(doc), id, 'department'), true, writeContext(options));
}

export function restoreDepartment(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(departments(doc), id, 'department'), false, writeContext(options));
}

/** The seven departments a grid of the district can call, with fixed ids. */
export const DISTRICT_DEPARTMENTS = [
	{ id: 'chengguan', name: '城管', nameEn: 'urban management' },
	{ id: 'xiaofang', name: '消防', nameEn: 'fire service' },
	{ id: 'dianli', name: '电力', nameEn: 'power supply' },
	{ id: 'zilaishui', name: '自来水', nameEn: 'water supply' },
	{ id: 'huanwei', name: '环卫', nameEn: 'sanitation' },
	{ id: 'gongan', name: '公安', nameEn: 'police' },
	{ id: 'zhujian', name: '住建', nameEn: 'housing and construction' }
] as const;

/**
 * Writes the district's departments (liaisons still to be filled in) when the community has
 * none yet, and returns how many it wrote. Fixed ids: two devices seeding one new community
 * offline end up with one list.
 */
export function seedDepartments(doc: Y.Doc, options: WriteOptions = {}): number {
	if (departments(doc).size > 0) return 0;
	doc.transact(() => {
		for (const { id, ...fields } of DISTRICT_DEPARTMENTS) addDepartment(doc, { id, ...fields }, options);
	});
	return DISTRICT_DEPARTMENTS.length;
}
