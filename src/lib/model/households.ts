import * as Y from 'yjs';
import {
	AGE_BANDS,
	CARE_LIMITS,
	ELDERLY_BANDS,
	SPECIAL_NEEDS,
	householdPatch,
	memberPatch,
	newHouseholdInput,
	newMemberInput,
	type AgeBand,
	type HouseholdPatch,
	type MemberPatch,
	type NewHouseholdInput,
	type NewMemberInput,
	type SpecialNeed
} from './careShapes';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader, recordMaps } from './fields';
import { newId } from './ids';
import {
	createRecord,
	getRecord,
	listRecords,
	nestedMap,
	readStamp,
	recordHistory,
	recordOf,
	setArchived,
	setFields,
	writeContext,
	type FieldChange,
	type ListOptions,
	type Stamp,
	type WriteContext,
	type WriteOptions
} from './records';
import { parseOrThrow } from './schema';

/** A resident of a household as registered by the grid. */
export interface HouseholdMember extends Stamp {
	id: string;
	name: string;
	/** '' when the stored band is unknown (noted in the household's `problems`). */
	ageBand: AgeBand | '';
	relation: string;
	phone: string;
	note: string;
}

/** A household (户) of the grid: where it is, who lives there, what it needs. */
export interface Household extends Stamp, Record<SpecialNeed, boolean> {
	id: string;
	building: string;
	unit: string;
	door: string;
	phone: string;
	note: string;
	visitEveryDays: number;
	worker: string;
	/** Live members, oldest registration first. */
	members: HouseholdMember[];
	problems: string[];
}

function households(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'households');
}

function readMember(id: string, map: Y.Map<unknown>, where: string, problems: string[]): HouseholdMember {
	const r = new FieldReader(map, `${where}.members.${id}`);
	const band = r.string('ageBand');
	const known = (AGE_BANDS as readonly string[]).includes(band);
	if (!known) r.problems.push(`${where}.members.${id}.ageBand is unknown`);
	problems.push(...r.problems);
	return {
		id,
		name: r.string('name'),
		ageBand: known ? (band as AgeBand) : '',
		relation: r.string('relation'),
		phone: r.string('phone'),
		note: r.string('note'),
		...readStamp(r)
	};
}

function readHousehold(id: string, map: Y.Map<unknown>, includeArchivedMembers = false): Household {
	const where = `households.${id}`;
	const r = new FieldReader(map, where);
	const flags = Object.fromEntries(SPECIAL_NEEDS.map((flag) => [flag, r.boolean(flag)])) as Record<SpecialNeed, boolean>;
	const members = recordMaps(r.nested('members') ?? new Y.Map(), r.problems, `${where}.members`)
		.map(([memberId, memberMap]) => readMember(memberId, memberMap, where, r.problems))
		.filter((member) => includeArchivedMembers || !member.archived)
		.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
	return {
		id,
		building: r.string('building'),
		unit: r.string('unit'),
		door: r.string('door'),
		phone: r.string('phone'),
		note: r.string('note'),
		...flags,
		visitEveryDays: r.number('visitEveryDays'),
		worker: r.string('worker'),
		members,
		...readStamp(r),
		problems: r.problems
	};
}

/** Whether any special-needs circumstance is marked. */
export function hasSpecialNeeds(household: Pick<Household, SpecialNeed>): boolean {
	return SPECIAL_NEEDS.some((flag) => household[flag]);
}

export function isElderly(member: Pick<HouseholdMember, 'ageBand'>): boolean {
	return member.ageBand !== '' && ELDERLY_BANDS.includes(member.ageBand);
}

/** Building, unit and door as the address reads (3号楼 2单元 502). */
export function householdAddress(household: Pick<Household, 'building' | 'unit' | 'door'>): string {
	return [household.building, household.unit, household.door].filter(Boolean).join(' ');
}

/** One collator for every comparison: making one per `localeCompare` cost 50 ms for a grid's 400 households. */
const natural = new Intl.Collator('zh-CN', { numeric: true });

/** Households by building, unit and door in natural order (2号楼 before 10号楼), then id. */
const byAddress = (a: Household, b: Household) =>
	natural.compare(a.building, b.building) || natural.compare(a.unit, b.unit) || natural.compare(a.door, b.door) || a.id.localeCompare(b.id);

export function listHouseholds(doc: Y.Doc, options: ListOptions = {}): Household[] {
	return listRecords(households(doc), 'households', (id, map) => readHousehold(id, map), options, byAddress);
}

export function getHousehold(doc: Y.Doc, id: string, options: { includeArchivedMembers?: boolean } = {}): Household | null {
	return getRecord(households(doc), id, (hid, map) => readHousehold(hid, map, options.includeArchivedMembers));
}

/** Every change of the household's fields, oldest first ("who changed this"). */
export function householdHistory(doc: Y.Doc, id: string): FieldChange[] {
	return recordHistory(households(doc), id);
}

function householdMap(doc: Y.Doc, id: string): Y.Map<unknown> {
	return recordOf(households(doc), id, 'household');
}

function addMemberTo(map: Y.Map<unknown>, input: ReturnType<typeof newMemberInput.parse>, context: WriteContext): string {
	const id = newId();
	createRecord(nestedMap(map, 'members', 'household'), id, { relation: '', phone: '', note: '', ...input }, context, 'member');
	return id;
}

/** Registers a household with its members, in one change. */
export function addHousehold(doc: Y.Doc, input: NewHouseholdInput, options: WriteOptions = {}): string {
	const { members = [], ...fields } = parseOrThrow(newHouseholdInput, input, 'household');
	const context = writeContext(options);
	const id = newId();
	const flags = Object.fromEntries(SPECIAL_NEEDS.map((flag) => [flag, false]));
	doc.transact(() => {
		const record = createRecord(
			households(doc),
			id,
			{ unit: '', phone: '', note: '', visitEveryDays: 0, worker: '', ...flags, ...fields },
			context,
			'household'
		);
		// Made with the household: two replicas each making it later would keep only one.
		record.set('members', new Y.Map());
		for (const member of members) addMemberTo(record, member, context);
	});
	return id;
}

/** Sets the given fields only: two workers marking different circumstances both keep theirs. */
export function updateHousehold(doc: Y.Doc, id: string, patch: HouseholdPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(householdPatch, patch, 'household');
	setFields(householdMap(doc, id), fields, writeContext(options));
}

/** A household that moved away is archived, never deleted: its visits stay on record. */
export function archiveHousehold(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(householdMap(doc, id), true, writeContext(options));
}

export function restoreHousehold(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(householdMap(doc, id), false, writeContext(options));
}

export function addMember(doc: Y.Doc, householdId: string, input: NewMemberInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newMemberInput, input, 'member');
	const map = householdMap(doc, householdId);
	const live = readHousehold(householdId, map).members.length;
	if (live >= CARE_LIMITS.membersPerHousehold) throw new ModelError('invalid', 'member: too many members in one household', 'members');
	let id = '';
	doc.transact(() => (id = addMemberTo(map, fields, writeContext(options))));
	return id;
}

function memberMap(doc: Y.Doc, householdId: string, memberId: string): Y.Map<unknown> {
	const members = householdMap(doc, householdId).get('members');
	if (!(members instanceof Y.Map)) throw new ModelError('not-found', `member ${memberId} does not exist`);
	return recordOf(members, memberId, 'member');
}

export function updateMember(doc: Y.Doc, householdId: string, memberId: string, patch: MemberPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(memberPatch, patch, 'member');
	setFields(memberMap(doc, householdId, memberId), fields, writeContext(options));
}

/** A member who moved out or died is archived: health files and visits keep naming them. */
export function setMemberArchived(doc: Y.Doc, householdId: string, memberId: string, archived: boolean, options: WriteOptions = {}): void {
	setArchived(memberMap(doc, householdId, memberId), archived, writeContext(options));
}

/** The member of the household (archived ones too), or null. */
export function findMember(doc: Y.Doc, householdId: string, memberId: string): HouseholdMember | null {
	return getHousehold(doc, householdId, { includeArchivedMembers: true })?.members.find((m) => m.id === memberId) ?? null;
}
