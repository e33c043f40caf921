import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	addHousehold,
	addMember,
	archiveHousehold,
	getHousehold,
	hasSpecialNeeds,
	householdAddress,
	householdHistory,
	listHouseholds,
	restoreHousehold,
	setMemberArchived,
	updateHousehold,
	updateMember
} from './households';
import { expectRefused, replicaOf, syncAll } from './test-helpers';

const AT = Date.UTC(2026, 10, 2, 2, 0);
const as = (by: string, at = AT) => ({ by, at });

describe('households', () => {
	it('registers a household with its members, read back with defaults and the stamp', () => {
		const doc = new Y.Doc();
		const id = addHousehold(
			doc,
			{ building: ' 3号楼 ', unit: '2单元', door: '502', livingAlone: true, visitEveryDays: 14, members: [{ name: '赵桂兰', ageBand: '80+', relation: '户主' }] },
			as('u-g1')
		);
		const household = getHousehold(doc, id)!;
		expect(household).toMatchObject({
			building: '3号楼',
			door: '502',
			phone: '',
			livingAlone: true,
			disabled: false,
			visitEveryDays: 14,
			worker: '',
			archived: false,
			createdBy: 'u-g1',
			problems: []
		});
		expect(household.members).toMatchObject([{ name: '赵桂兰', ageBand: '80+', relation: '户主', phone: '', createdBy: 'u-g1' }]);
		expect(householdAddress(household)).toBe('3号楼 2单元 502');
		expect(hasSpecialNeeds(household)).toBe(true);
	});

	it.each([
		[{ building: '', door: '1' }, 'building', 'household building: must not be empty'],
		[{ building: '1', door: '1', phone: '打电话' }, 'phone', 'household phone: is not a phone number'],
		[{ building: '1', door: '1', visitEveryDays: 1.5 }, 'visitEveryDays', 'household visitEveryDays: must be a whole number'],
		[{ building: '1', door: '1', members: [{ name: '钱某', ageBand: '90+' }] }, 'members.0.ageBand', 'household members.0.ageBand: must be one of 0-17, 18-59, 60-64, 65-79, 80+'],
		[{ building: '1', door: '1', secret: '身份证' }, 'secret', 'household secret: Unrecognized key: "secret"']
	])('refuses %j without writing, naming the field and never the value', (input, field, message) => {
		const doc = new Y.Doc();
		const error = expectRefused(doc, () => addHousehold(doc, input as never));
		expect([error.code, error.field, error.message]).toEqual(['invalid', field, message]);
	});

	it('lists households by building, unit and door in natural order, archived ones only when asked', () => {
		const doc = new Y.Doc();
		const ten = addHousehold(doc, { building: '10号楼', door: '101' });
		const two = addHousehold(doc, { building: '2号楼', unit: '1单元', door: '1201' });
		const twoLow = addHousehold(doc, { building: '2号楼', unit: '1单元', door: '301' });
		archiveHousehold(doc, ten, as('u-g1'));
		expect(listHouseholds(doc).map((h) => h.id)).toEqual([twoLow, two]);
		expect(listHouseholds(doc, { includeArchived: true }).map((h) => h.id)).toEqual([twoLow, two, ten]);
		restoreHousehold(doc, ten, as('u-g1'));
		expect(getHousehold(doc, ten)!.archived).toBe(false);
	});

	it('keeps both offline edits of different fields, and both writes of the same field in its history', () => {
		const a = new Y.Doc();
		a.clientID = 1;
		const id = addHousehold(a, { building: '5号楼', door: '201' }, as('u-g1'));
		const b = replicaOf(a, 2);
		updateHousehold(a, id, { disabled: true, note: '轮椅出行' }, as('u-g1', AT + 1));
		updateHousehold(b, id, { lowIncome: true, note: '低保户' }, as('u-g1p', AT + 2));
		syncAll(a, b);
		const [ha, hb] = [getHousehold(a, id)!, getHousehold(b, id)!];
		expect(ha).toEqual(hb);
		expect([ha.disabled, ha.lowIncome]).toEqual([true, true]);
		expect(householdHistory(a, id).filter((c) => c.field === 'note').map((c) => c.value)).toEqual(['轮椅出行', '低保户']);
	});

	it('adds, edits and archives members; a member added on two devices offline both stay', () => {
		const a = new Y.Doc();
		const id = addHousehold(a, { building: '1号楼', door: '101' });
		const b = replicaOf(a);
		const grandma = addMember(a, id, { name: '孙秀英', ageBand: '65-79' }, as('u-g1'));
		addMember(b, id, { name: '孙小明', ageBand: '0-17', relation: '孙子' }, as('u-g1p'));
		syncAll(a, b);
		expect(getHousehold(b, id)!.members.map((m) => m.name).sort()).toEqual(['孙小明', '孙秀英']);
		updateMember(a, id, grandma, { ageBand: '80+' }, as('u-g1'));
		setMemberArchived(a, id, grandma, true, as('u-g1'));
		expect(getHousehold(a, id)!.members.map((m) => m.name)).toEqual(['孙小明']);
		expect(getHousehold(a, id, { includeArchivedMembers: true })!.members.find((m) => m.id === grandma)!.ageBand).toBe('80+');
		expect(expectRefused(a, () => updateMember(a, id, grandma, { ageBand: '100' as never })).field).toBe('ageBand');
		expect(expectRefused(a, () => addMember(a, 'nope', { name: '某', ageBand: '18-59' })).code).toBe('not-found');
	});

	it('reads what a foreign client wrote tolerantly, listing the problems', () => {
		const doc = new Y.Doc();
		const id = addHousehold(doc, { building: '1号楼', door: '101', members: [{ name: '周某', ageBand: '18-59' }] });
		const map = doc.getMap('households').get(id) as Y.Map<unknown>;
		map.set('livingAlone', 'yes');
		const [[memberId, member]] = [...(map.get('members') as Y.Map<Y.Map<unknown>>).entries()];
		member.set('ageBand', 'old');
		doc.getMap('households').set('junk', 5);
		const problems: string[] = [];
		const [household] = listHouseholds(doc, { problems });
		expect(household.livingAlone).toBe(false);
		expect(household.members[0].ageBand).toBe('');
		expect(household.problems).toEqual([`households.${id}.livingAlone should be true or false`, `households.${id}.members.${memberId}.ageBand is unknown`]);
		expect(problems).toEqual(['households.junk is not a record']);
	});
});
