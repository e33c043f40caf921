import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addHousehold, getHousehold } from './households';
import { getSickbedRequest, listSickbedRequests, requestSickbed, setSickbedArchived, sickbedStatus, updateSickbedRequest } from './sickbed';
import { expectRefused } from './test-helpers';
import { listVisits, logVisit, setVisitArchived } from './visits';

describe('family sickbeds', () => {
	it('goes from waiting to serving with the first visit and to closed when the service ends', () => {
		const doc = new Y.Doc();
		const household = addHousehold(doc, { building: '2号楼', door: '402', chronicIllness: true, members: [{ name: '郑老伯', ageBand: '80+' }] });
		const member = getHousehold(doc, household)!.members[0].id;
		const request = requestSickbed(doc, { household, member, reason: '脑梗后卧床，需上门护理', requestedAt: 10 }, { by: 'u-g1', at: 10 });
		const current = () => sickbedStatus(getSickbedRequest(doc, request)!, listVisits(doc, { includeArchived: true }));
		expect(current()).toBe('waiting');
		const visit = logVisit(doc, { household, kind: 'sickbed', request, at: 20, done: '测血压、换药' }, { by: 'u-doc', at: 20 });
		expect(listVisits(doc, { request })[0]).toMatchObject({ member, createdBy: 'u-doc' });
		expect(current()).toBe('serving');
		setVisitArchived(doc, visit, true, { by: 'u-doc' });
		expect(current()).toBe('waiting');
		updateSickbedRequest(doc, request, { closedAt: 30, closeNote: '康复撤床' }, { by: 'u-doc', at: 30 });
		expect(current()).toBe('closed');
	});

	it('lists open requests first, newest first, and refuses what does not hold', () => {
		const doc = new Y.Doc();
		const household = addHousehold(doc, { building: '2号楼', door: '402', members: [{ name: '冯某', ageBand: '65-79' }] });
		const member = getHousehold(doc, household)!.members[0].id;
		const old = requestSickbed(doc, { household, member, reason: '术后', requestedAt: 1 });
		const closed = requestSickbed(doc, { household, member, reason: '骨折', requestedAt: 5 });
		const recent = requestSickbed(doc, { household, member, reason: '压疮', requestedAt: 3 });
		updateSickbedRequest(doc, closed, { closedAt: 6 });
		expect(listSickbedRequests(doc).map((r) => r.id)).toEqual([recent, old, closed]);
		setSickbedArchived(doc, old, true);
		expect(listSickbedRequests(doc, { household }).map((r) => r.id)).toEqual([recent, closed]);
		expect(expectRefused(doc, () => requestSickbed(doc, { household, member: 'nobody', reason: '某', requestedAt: 1 })).field).toBe('member');
		expect(expectRefused(doc, () => requestSickbed(doc, { household, member, reason: ' ', requestedAt: 1 })).message).toBe(
			'sickbed request reason: must not be empty'
		);
		expect(expectRefused(doc, () => logVisit(doc, { household, kind: 'sickbed', at: 1, done: '换药' })).message).toBe(
			'visit request: a sickbed visit names its request'
		);
	});
});
