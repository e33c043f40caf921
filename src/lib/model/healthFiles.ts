import type * as Y from 'yjs';
import { healthFilePatch, newHealthFileInput, type HealthFilePatch, type NewHealthFileInput } from './careShapes';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { findMember, getHousehold, isElderly } from './households';
import { newId } from './ids';
import {
	createRecord,
	listRecords,
	readStamp,
	recordHistory,
	recordOf,
	setArchived,
	setFields,
	writeContext,
	type FieldChange,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { parseOrThrow } from './schema';

/** The home health record (居家健康档案) of a resident over 65. */
export interface HealthFile extends Stamp {
	id: string;
	household: string;
	member: string;
	conditions: string;
	medication: string;
	doctor: string;
	emergencyName: string;
	emergencyRelation: string;
	emergencyPhone: string;
	problems: string[];
}

function healthFiles(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'healthFiles');
}

function readHealthFile(id: string, map: Y.Map<unknown>): HealthFile {
	const r = new FieldReader(map, `healthFiles.${id}`);
	return {
		id,
		household: r.string('household'),
		member: r.string('member'),
		conditions: r.string('conditions'),
		medication: r.string('medication'),
		doctor: r.string('doctor'),
		emergencyName: r.string('emergencyName'),
		emergencyRelation: r.string('emergencyRelation'),
		emergencyPhone: r.string('emergencyPhone'),
		...readStamp(r),
		problems: r.problems
	};
}

const byCreation = (a: HealthFile, b: HealthFile) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/**
 * The grid's health files, or one household's. Two workers opening a file for the same resident
 * offline make two files; both are listed (the newer first-created last) and one can be archived.
 */
export function listHealthFiles(doc: Y.Doc, options: ListOptions & { household?: string } = {}): HealthFile[] {
	return listRecords(healthFiles(doc), 'healthFiles', readHealthFile, options, byCreation).filter(
		(file) => options.household === undefined || file.household === options.household
	);
}

export function healthFileHistory(doc: Y.Doc, id: string): FieldChange[] {
	return recordHistory(healthFiles(doc), id);
}

/** Opens the health file of a household member of 65 or over; one live file per resident. */
export function addHealthFile(doc: Y.Doc, input: NewHealthFileInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newHealthFileInput, input, 'health file');
	const household = getHousehold(doc, fields.household);
	if (!household || household.archived) {
		throw new ModelError('invalid', 'health file household: no such household in this grid', 'household');
	}
	const member = findMember(doc, fields.household, fields.member);
	if (!member || member.archived) throw new ModelError('invalid', 'health file member: no such member of the household', 'member');
	if (!isElderly(member)) {
		throw new ModelError('invalid', 'health file member: health files are kept for residents over 65', 'member');
	}
	if (listHealthFiles(doc, { household: fields.household }).some((file) => file.member === fields.member)) {
		throw new ModelError('invalid', 'health file member: this resident has a health file already', 'member');
	}
	const id = newId();
	const blank = { conditions: '', medication: '', doctor: '', emergencyName: '', emergencyRelation: '', emergencyPhone: '' };
	doc.transact(() => createRecord(healthFiles(doc), id, { ...blank, ...fields }, writeContext(options), 'health file'));
	return id;
}

export function updateHealthFile(doc: Y.Doc, id: string, patch: HealthFilePatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(healthFilePatch, patch, 'health file');
	setFields(recordOf(healthFiles(doc), id, 'health file'), fields, writeContext(options));
}

export function setHealthFileArchived(doc: Y.Doc, id: string, archived: boolean, options: WriteOptions = {}): void {
	setArchived(recordOf(healthFiles(doc), id, 'health file'), archived, writeContext(options));
}
