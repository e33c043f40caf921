import * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { newId } from './ids';
import { matchesQuery } from './query';
import {
	addToList,
	createRecord,
	getRecord,
	listRecords,
	naturalOrder,
	readStamp,
	recordOf,
	removeFromList,
	setArchived,
	setFields,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { LIMITS, parseOrThrow, phoneNumber, recordId } from './schema';

/** Phone numbers as rosters write them: 13812345678, 0352-6012345, +86 138 1234 5678. */
export const VOLUNTEER_LIMITS = { skill: 40, skills: 30, userId: 64 } as const;

const skill = z.string().trim().min(1, 'must not be empty').max(VOLUNTEER_LIMITS.skill);

const volunteerFields = z.object({
	name: z.string().trim().min(1, 'must not be empty').max(LIMITS.name),
	phone: phoneNumber,
	unit: z.string().trim().max(LIMITS.name),
	partyMember: z.boolean(),
	/** Grid id, '' when the volunteer lives outside the community's grids. */
	homeGrid: z.union([z.literal(''), recordId]),
	/** The volunteer's account, '' when they have none. */
	userId: z.string().max(VOLUNTEER_LIMITS.userId)
});

export const newVolunteerInput = volunteerFields
	.partial({ phone: true, unit: true, partyMember: true, homeGrid: true, userId: true })
	.extend({ id: recordId.optional(), skills: z.array(skill).max(VOLUNTEER_LIMITS.skills).optional() });
export type NewVolunteerInput = z.input<typeof newVolunteerInput>;

export const volunteerPatch = volunteerFields.partial();
export type VolunteerPatch = z.input<typeof volunteerPatch>;

/** A volunteer on the roster (双报到 party members and residents alike). */
export interface Volunteer extends Stamp {
	id: string;
	name: string;
	phone: string;
	unit: string;
	partyMember: boolean;
	skills: string[];
	homeGrid: string;
	userId: string;
	problems: string[];
}

/** One row an import refuses, for a per-row report before anything is written. */
export interface ImportProblem {
	row: number;
	field: string | undefined;
	message: string;
}

function volunteers(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'volunteers');
}

function readVolunteer(id: string, map: Y.Map<unknown>): Volunteer {
	const r = new FieldReader(map, `volunteers.${id}`);
	return {
		id,
		name: r.string('name'),
		phone: r.string('phone'),
		unit: r.string('unit'),
		partyMember: r.boolean('partyMember'),
		skills: r.stringSet('skills'),
		homeGrid: r.string('homeGrid'),
		userId: r.string('userId'),
		...readStamp(r),
		problems: r.problems
	};
}

/** Volunteers sorted by name (as Chinese readers expect), then id, so replicas list alike. */
export function listVolunteers(doc: Y.Doc, options: ListOptions = {}): Volunteer[] {
	return listRecords(volunteers(doc), 'volunteers', readVolunteer, options, naturalOrder((v) => v.name));
}

export function getVolunteer(doc: Y.Doc, id: string): Volunteer | null {
	return getRecord(volunteers(doc), id, readVolunteer);
}

/**
 * The volunteers matching every term of `query` (see query.ts) in their name, unit or a skill;
 * an empty query matches everyone.
 */
export function searchVolunteers(list: Volunteer[], query: string): Volunteer[] {
	return list.filter((v) => matchesQuery([v.name, v.unit, ...v.skills], query));
}

function checkGrid(doc: Y.Doc, grid: string | undefined): void {
	if (grid && !(collection(doc, 'grids').get(grid) instanceof Y.Map)) {
		throw new ModelError('invalid', `volunteer homeGrid: grid ${grid} does not exist`, 'homeGrid');
	}
}

const identity = (name: string, phone: string) => `${name}\u0000${phone}`;

/** Name + phone of everyone on the roster: the same person entered twice shares both. */
function rosterIdentities(doc: Y.Doc): Set<string> {
	return new Set(listVolunteers(doc).filter((v) => v.phone).map((v) => identity(v.name, v.phone)));
}

type ParsedVolunteer = z.infer<typeof newVolunteerInput>;

function checkNew(doc: Y.Doc, input: unknown, known: Set<string>): ParsedVolunteer {
	const fields = parseOrThrow(newVolunteerInput, input, 'volunteer');
	checkGrid(doc, fields.homeGrid);
	if (fields.phone && known.has(identity(fields.name, fields.phone))) {
		const message = `volunteer: ${fields.name} with this phone is already on the roster`;
		throw new ModelError('invalid', message, 'phone');
	}
	if (fields.id && volunteers(doc).has(fields.id)) {
		throw new ModelError('invalid', `volunteer ${fields.id} already exists`, 'id');
	}
	return fields;
}

function write(doc: Y.Doc, fields: ParsedVolunteer, options: WriteOptions): string {
	const { id = newId(), skills, ...rest } = fields;
	createRecord(
		volunteers(doc),
		id,
		{ phone: '', unit: '', partyMember: false, homeGrid: '', userId: '', ...rest, skills: [...new Set(skills)] },
		writeContext(options),
		'volunteer'
	);
	return id;
}

export function addVolunteer(doc: Y.Doc, input: NewVolunteerInput, options: WriteOptions = {}): string {
	const fields = checkNew(doc, input, rosterIdentities(doc));
	let id = '';
	doc.transact(() => (id = write(doc, fields, options)));
	return id;
}

/**
 * What an import of these rows would refuse, row by row (rows count from 0): bad fields, an
 * unknown grid, someone already on the roster or twice in the file. Writes nothing.
 */
export function volunteerImportProblems(doc: Y.Doc, rows: unknown[]): ImportProblem[] {
	return prepareImport(doc, rows).problems;
}

function prepareImport(doc: Y.Doc, rows: unknown[]) {
	const known = rosterIdentities(doc);
	const ids = new Set<string>();
	const parsed: ParsedVolunteer[] = [];
	const problems: ImportProblem[] = [];
	rows.forEach((row, index) => {
		try {
			const fields = checkNew(doc, row, known);
			if (fields.id && ids.has(fields.id)) {
				throw new ModelError('invalid', `volunteer ${fields.id} appears twice`, 'id');
			}
			if (fields.phone) known.add(identity(fields.name, fields.phone));
			if (fields.id) ids.add(fields.id);
			parsed.push(fields);
		} catch (error) {
			if (!(error instanceof ModelError)) throw error;
			problems.push({ row: index, field: error.field, message: error.message });
		}
	});
	return { parsed, problems };
}

/**
 * Adds every row in one transaction (one undoable change), or none: the first refused row
 * throws, its field named `rows.<index>.<field>`.
 */
export function importVolunteers(doc: Y.Doc, rows: unknown[], options: WriteOptions = {}): string[] {
	const { parsed, problems } = prepareImport(doc, rows);
	if (problems.length) {
		const [first] = problems;
		const field = `rows.${first.row}${first.field ? `.${first.field}` : ''}`;
		throw new ModelError('invalid', `row ${first.row + 1}: ${first.message}`, field);
	}
	const ids: string[] = [];
	doc.transact(() => {
		for (const fields of parsed) ids.push(write(doc, fields, options));
	});
	return ids;
}

export function updateVolunteer(doc: Y.Doc, id: string, patch: VolunteerPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(volunteerPatch.strict(), patch, 'volunteer');
	const map = recordOf(volunteers(doc), id, 'volunteer');
	checkGrid(doc, fields.homeGrid);
	setFields(map, fields, writeContext(options));
}

/** Archived, never deleted: sign-ups and service logs keep pointing at the volunteer. */
export function archiveVolunteer(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(volunteers(doc), id, 'volunteer'), true, writeContext(options));
}

/**
 * Takes back an import (or any batch) in one transaction: the records are archived, not
 * deleted, so an edit someone made to one of them meanwhile survives a restore.
 */
export function archiveVolunteers(doc: Y.Doc, ids: string[], options: WriteOptions = {}): void {
	const context = writeContext(options);
	const maps = ids.map((id) => recordOf(volunteers(doc), id, 'volunteer'));
	doc.transact(() => maps.forEach((map) => setArchived(map, true, context)));
}

/** The live roster record linked to an account: how a volunteer finds "my" sign-ups. */
export function volunteerOfUser(list: Volunteer[], userId: string): Volunteer | null {
	return (userId && list.find((v) => !v.archived && v.userId === userId)) || null;
}

export function restoreVolunteer(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(volunteers(doc), id, 'volunteer'), false, writeContext(options));
}

/** An insert, so skills added on two devices offline are both kept. */
export function addVolunteerSkill(doc: Y.Doc, id: string, name: string): void {
	const { skills: value } = parseOrThrow(z.object({ skills: skill }), { skills: name }, 'volunteer');
	const map = recordOf(volunteers(doc), id, 'volunteer');
	const current = new FieldReader(map, 'volunteer').stringSet('skills');
	if (current.includes(value)) return;
	if (current.length >= VOLUNTEER_LIMITS.skills) {
		throw new ModelError('invalid', 'volunteer skills: too many for one volunteer', 'skills');
	}
	doc.transact(() => addToList(map, 'skills', value));
}

export function removeVolunteerSkill(doc: Y.Doc, id: string, name: string): void {
	const map = recordOf(volunteers(doc), id, 'volunteer');
	doc.transact(() => removeFromList(map, 'skills', name));
}
