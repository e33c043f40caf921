import type * as Y from 'yjs';
import { newSickbedInput, sickbedPatch, type NewSickbedInput, type SickbedPatch } from './careShapes';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import { findMember, getHousehold } from './households';
import { newId } from './ids';
import {
	createRecord,
	getRecord,
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

/**
 * A family-sickbed service request (家庭病床): a chronically ill resident cared for at home by the
 * care team (医护人员 and party-member volunteers), whose visits are `visits` of kind `sickbed`
 * naming the request.
 */
export interface SickbedRequest extends Stamp {
	id: string;
	household: string;
	member: string;
	reason: string;
	team: string;
	requestedAt: number;
	/** When the service ended (撤床); 0 while it runs. */
	closedAt: number;
	closeNote: string;
	problems: string[];
}

/** Waiting for a first visit, served (visited at least once), or closed. */
export type SickbedStatus = 'waiting' | 'serving' | 'closed';

function requests(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'sickbed');
}

function readRequest(id: string, map: Y.Map<unknown>): SickbedRequest {
	const r = new FieldReader(map, `sickbed.${id}`);
	return {
		id,
		household: r.string('household'),
		member: r.string('member'),
		reason: r.string('reason'),
		team: r.string('team'),
		requestedAt: r.number('requestedAt'),
		closedAt: r.number('closedAt'),
		closeNote: r.string('closeNote'),
		...readStamp(r),
		problems: r.problems
	};
}

/** Open requests first, then newest request first, ties by id. */
const order = (a: SickbedRequest, b: SickbedRequest) =>
	Number(a.closedAt > 0) - Number(b.closedAt > 0) || b.requestedAt - a.requestedAt || a.id.localeCompare(b.id);

export function listSickbedRequests(doc: Y.Doc, options: ListOptions & { household?: string } = {}): SickbedRequest[] {
	return listRecords(requests(doc), 'sickbed', readRequest, options, order).filter(
		(request) => options.household === undefined || request.household === options.household
	);
}

export function getSickbedRequest(doc: Y.Doc, id: string): SickbedRequest | null {
	return getRecord(requests(doc), id, readRequest);
}

export function sickbedHistory(doc: Y.Doc, id: string): FieldChange[] {
	return recordHistory(requests(doc), id);
}

/** Derived from the request and the visit log, never stored. */
export function sickbedStatus(request: SickbedRequest, visits: { request: string; archived: boolean }[]): SickbedStatus {
	if (request.closedAt > 0) return 'closed';
	return visits.some((visit) => visit.request === request.id && !visit.archived) ? 'serving' : 'waiting';
}

export function requestSickbed(doc: Y.Doc, input: NewSickbedInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newSickbedInput, input, 'sickbed request');
	const household = getHousehold(doc, fields.household);
	if (!household || household.archived) {
		throw new ModelError('invalid', 'sickbed request household: no such household in this grid', 'household');
	}
	const member = findMember(doc, fields.household, fields.member);
	if (!member || member.archived) throw new ModelError('invalid', 'sickbed request member: no such member of the household', 'member');
	const id = newId();
	doc.transact(() =>
		createRecord(requests(doc), id, { team: '', closedAt: 0, closeNote: '', ...fields }, writeContext(options), 'sickbed request')
	);
	return id;
}

export function updateSickbedRequest(doc: Y.Doc, id: string, patch: SickbedPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(sickbedPatch, patch, 'sickbed request');
	setFields(recordOf(requests(doc), id, 'sickbed request'), fields, writeContext(options));
}

export function setSickbedArchived(doc: Y.Doc, id: string, archived: boolean, options: WriteOptions = {}): void {
	setArchived(recordOf(requests(doc), id, 'sickbed request'), archived, writeContext(options));
}
