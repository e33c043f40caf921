import * as Y from 'yjs';
import { careGrantInput, type CareGrantInput } from './careShapes';
import { collection } from './community';
import { FieldReader } from './fields';
import { newId } from './ids';
import {
	addToList,
	createRecord,
	listRecords,
	readStamp,
	removeFromList,
	setFields,
	writeContext,
	type Stamp,
	type WriteOptions
} from './records';
import { parseOrThrow } from './schema';

/**
 * The care team (家庭病床服务团队: 医护人员, party-member volunteers): members the secretary gives
 * the care records of some grids, whatever their role in the community but district admin. Kept
 * in the community's private document (`careTeam`), which only the secretary opens; the relay
 * reads it to let a member open a grid's care records (docs/access.md).
 */
export interface CareGrant extends Stamp {
	id: string;
	userId: string;
	grids: string[];
	duty: string;
	problems: string[];
}

function team(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'careTeam');
}

function readGrant(id: string, map: Y.Map<unknown>): CareGrant {
	const r = new FieldReader(map, `careTeam.${id}`);
	return { id, userId: r.string('userId'), grids: r.stringSet('grids'), duty: r.string('duty'), ...readStamp(r), problems: r.problems };
}

/**
 * The live grants, by member then id. A member may have two (the secretary granted them on two
 * devices offline): what they cover is the union.
 */
export function listCareTeam(doc: Y.Doc): CareGrant[] {
	return listRecords(team(doc), 'careTeam', readGrant, {}, (a, b) => a.userId.localeCompare(b.userId) || a.id.localeCompare(b.id));
}

/** The grids whose care records the member was given. */
export function careGridsOf(doc: Y.Doc, userId: string): string[] {
	return [...new Set(listCareTeam(doc).flatMap((grant) => (grant.userId === userId ? grant.grids : [])))].sort();
}

/** Gives the member a grid's care records: added to their live grant, or a new grant. */
export function grantCareAccess(doc: Y.Doc, input: CareGrantInput, options: WriteOptions = {}): void {
	const { userId, grid, duty } = parseOrThrow(careGrantInput, input, 'care team');
	const context = writeContext(options);
	const existing = listCareTeam(doc).find((grant) => grant.userId === userId);
	doc.transact(() => {
		if (!existing) {
			createRecord(team(doc), newId(), { userId, duty: duty ?? '', grids: [grid] }, context, 'care team');
			return;
		}
		const map = team(doc).get(existing.id) as Y.Map<unknown>;
		addToList(map, 'grids', grid);
		if (duty !== undefined) setFields(map, { duty }, context);
	});
}

/** Takes a grid's records away from the member (from every grant of theirs). */
export function withdrawCareAccess(doc: Y.Doc, userId: string, grid: string): void {
	doc.transact(() => {
		for (const grant of listCareTeam(doc)) {
			if (grant.userId === userId) removeFromList(team(doc).get(grant.id) as Y.Map<unknown>, 'grids', grid);
		}
	});
}
