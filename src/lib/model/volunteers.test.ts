import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import { expectRefused, recordUpdates, replicaOf, sampleCommunity, stateOf, syncAll } from './test-helpers';
import {
	VOLUNTEER_LIMITS,
	addVolunteer,
	addVolunteerSkill,
	archiveVolunteer,
	archiveVolunteers,
	getVolunteer,
	importVolunteers,
	listVolunteers,
	removeVolunteerSkill,
	restoreVolunteer,
	searchVolunteers,
	updateVolunteer,
	volunteerImportProblems,
	volunteerOfUser
} from './volunteers';

const wang = { name: '王建国', phone: '13812345678', unit: '新荣区教育局', partyMember: true, homeGrid: 'g1' };

function roster() {
	const doc = sampleCommunity();
	addVolunteer(doc, { ...wang, id: 'v-wang', skills: ['理发', '维修'] }, { at: 10, by: 'u-sec' });
	addVolunteer(doc, { id: 'v-li', name: '李芳', unit: '大同二中', skills: ['普法'] });
	addVolunteer(doc, { id: 'v-zhao', name: '赵敏', phone: '0352-6012345', homeGrid: 'g2', skills: ['心理疏导'] });
	return doc;
}

describe('addVolunteer', () => {
	it('writes every field with defaults', () => {
		const doc = sampleCommunity();
		const id = addVolunteer(doc, { name: ' 张伟 ', skills: ['维修', '维修', ' 护理 '] }, { at: 7, by: 'u-sec' });
		expect(getVolunteer(doc, id)).toEqual({
			id,
			name: '张伟',
			phone: '',
			unit: '',
			partyMember: false,
			skills: ['维修', '护理'],
			homeGrid: '',
			userId: '',
			archived: false,
			createdAt: 7,
			createdBy: 'u-sec',
			problems: []
		});
	});

	const fresh = { ...wang, name: '钱程', phone: '13900000000' };
	it.each([
		['an empty name', { ...fresh, name: ' ' }, 'name'],
		['a malformed phone', { ...fresh, phone: '138-abc' }, 'phone'],
		['a grid that does not exist', { ...fresh, homeGrid: 'g9' }, 'homeGrid'],
		['party membership as text', { ...fresh, partyMember: 'yes' }, 'partyMember'],
		['an empty skill', { ...fresh, skills: [''] }, 'skills.0'],
		['too many skills', { ...fresh, skills: Array.from({ length: 31 }, (_, i) => `s${i}`) }, 'skills'],
		['a malformed id', { ...fresh, id: 'V 1' }, 'id']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = roster();
		expect(addVolunteer(replicaOf(doc), fresh)).toBeTruthy();
		const error = expectRefused(doc, () => addVolunteer(doc, input as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});

	it('refuses the same name and phone twice, and an id already taken', () => {
		const doc = roster();
		expect(expectRefused(doc, () => addVolunteer(doc, { name: '王建国', phone: '13812345678' })).field).toBe('phone');
		expect(expectRefused(doc, () => addVolunteer(doc, { id: 'v-li', name: '李芳' })).field).toBe('id');
		// The same name with another phone is another person.
		expect(addVolunteer(doc, { name: '王建国', phone: '13900000000' })).toBeTruthy();
	});
});

describe('updateVolunteer', () => {
	it('sets only the given fields', () => {
		const doc = roster();
		updateVolunteer(doc, 'v-li', { phone: '13700001111', homeGrid: 'g2', partyMember: true });
		expect(getVolunteer(doc, 'v-li')).toMatchObject({
			name: '李芳',
			unit: '大同二中',
			phone: '13700001111',
			homeGrid: 'g2',
			partyMember: true,
			skills: ['普法']
		});
	});

	it.each([
		['an unknown field', { nickname: '小李' }, 'nickname', 'invalid'],
		['skills (added one by one)', { skills: ['x'] }, 'skills', 'invalid'],
		['an unknown grid', { homeGrid: 'g7' }, 'homeGrid', 'invalid'],
		['a malformed phone', { phone: '12' }, 'phone', 'invalid']
	])('refuses %s, writing nothing', (_label, patch, field, code) => {
		const doc = roster();
		const error = expectRefused(doc, () => updateVolunteer(doc, 'v-li', patch as never));
		expect([error.code, error.field]).toEqual([code, field]);
	});

	it('refuses an unknown volunteer with not-found', () => {
		const doc = roster();
		expect(expectRefused(doc, () => updateVolunteer(doc, 'v-nobody', { unit: 'x' })).code).toBe('not-found');
	});
});

describe('archive instead of delete', () => {
	it('hides an archived volunteer from the roster and restores them', () => {
		const doc = roster();
		archiveVolunteer(doc, 'v-li');
		expect(listVolunteers(doc).map((v) => v.id)).toEqual(['v-wang', 'v-zhao']);
		expect(listVolunteers(doc, { includeArchived: true }).map((v) => v.id)).toContain('v-li');
		restoreVolunteer(doc, 'v-li');
		expect(getVolunteer(doc, 'v-li')?.archived).toBe(false);
	});

	it('keeps an offline edit made elsewhere to a volunteer archived here', () => {
		const here = roster();
		const there = replicaOf(here);
		archiveVolunteer(here, 'v-zhao');
		updateVolunteer(there, 'v-zhao', { unit: '新荣区司法局' });
		addVolunteerSkill(there, 'v-zhao', '调解');
		syncAll(here, there);
		restoreVolunteer(there, 'v-zhao');
		syncAll(here, there);
		for (const doc of [here, there]) {
			expect(getVolunteer(doc, 'v-zhao')).toMatchObject({
				archived: false,
				unit: '新荣区司法局',
				skills: ['心理疏导', '调解']
			});
		}
	});
});

describe('skills', () => {
	it('keeps skills added on two devices offline, each once', () => {
		const a = roster();
		const b = replicaOf(a);
		addVolunteerSkill(a, 'v-li', '书法');
		addVolunteerSkill(b, 'v-li', '摄影');
		addVolunteerSkill(b, 'v-li', '书法');
		syncAll(a, b);
		expect(getVolunteer(a, 'v-li')?.skills.sort()).toEqual(['书法', '摄影', '普法'].sort());
		expect(getVolunteer(b, 'v-li')?.skills).toEqual(getVolunteer(a, 'v-li')?.skills);
	});

	it('writes nothing for a skill already held, removes one, and enforces the limit', () => {
		const doc = roster();
		const stop = recordUpdates(doc);
		addVolunteerSkill(doc, 'v-wang', ' 理发 ');
		expect(stop()).toEqual([]);
		removeVolunteerSkill(doc, 'v-wang', '理发');
		expect(getVolunteer(doc, 'v-wang')?.skills).toEqual(['维修']);
		for (let i = 1; i < VOLUNTEER_LIMITS.skills; i++) addVolunteerSkill(doc, 'v-wang', `s${i}`);
		expect(expectRefused(doc, () => addVolunteerSkill(doc, 'v-wang', 'one more')).field).toBe('skills');
		expect(expectRefused(doc, () => addVolunteerSkill(doc, 'v-li', '  ')).field).toBe('skills');
	});
});

describe('searchVolunteers', () => {
	it('matches every word in name, unit or skills, ignoring case', () => {
		const doc = roster();
		addVolunteer(doc, { id: 'v-en', name: 'Anna Smith', unit: 'Datong Library', skills: ['English'] });
		const list = listVolunteers(doc);
		const ids = (query: string) => searchVolunteers(list, query).map((v) => v.id);
		expect(ids('')).toHaveLength(4);
		expect(ids('王')).toEqual(['v-wang']);
		expect(ids('二中')).toEqual(['v-li']);
		expect(ids('维修')).toEqual(['v-wang']);
		expect(ids('english LIBRARY')).toEqual(['v-en']);
		expect(ids('王 普法')).toEqual([]);
		expect(ids('13812345678')).toEqual([]);
	});
});

describe('import', () => {
	const rows = [
		{ name: '孙丽', phone: '13600000001', homeGrid: 'g1' },
		{ name: '周强', phone: '1360' },
		{ name: '吴刚', homeGrid: 'g8' },
		{ name: '孙丽', phone: '13600000001' },
		{ name: '王建国', phone: '13812345678' },
		{ name: '郑红', skills: ['舞蹈'] }
	];

	it('reports every refused row and writes nothing', () => {
		const doc = roster();
		const before = stateOf(doc);
		expect(volunteerImportProblems(doc, rows).map((p) => [p.row, p.field])).toEqual([
			[1, 'phone'],
			[2, 'homeGrid'],
			[3, 'phone'],
			[4, 'phone']
		]);
		const error = expectRefused(doc, () => importVolunteers(doc, rows));
		expect(error.field).toBe('rows.1.phone');
		expect(stateOf(doc)).toEqual(before);
	});

	it('adds every row of a clean file in one update', () => {
		const doc = roster();
		const stop = recordUpdates(doc);
		const ids = importVolunteers(doc, [rows[0], rows[5]], { by: 'u-sec' });
		expect(stop()).toHaveLength(1);
		expect(ids.map((id) => getVolunteer(doc, id)?.name)).toEqual(['孙丽', '郑红']);
		expect(volunteerImportProblems(doc, [rows[0]])).toEqual([
			{ row: 0, field: 'phone', message: 'volunteer: 孙丽 with this phone is already on the roster' }
		]);
	});
});

describe('reading foreign content', () => {
	it('reports broken fields and shows the rest', () => {
		const doc = roster();
		const raw = collection(doc, 'volunteers').get('v-wang') as Y.Map<unknown>;
		raw.set('partyMember', 'yes');
		raw.set('skills', '理发');
		collection(doc, 'volunteers').set('junk', 5);
		const problems: string[] = [];
		const wangRead = listVolunteers(doc, { problems }).find((v) => v.id === 'v-wang');
		expect(wangRead).toMatchObject({ name: '王建国', phone: '13812345678', partyMember: false, skills: [] });
		expect(wangRead?.problems).toEqual([
			'volunteers.v-wang.partyMember should be true or false',
			'volunteers.v-wang.skills should be a list'
		]);
		expect(problems).toEqual(['volunteers.junk is not a record']);
	});
});

describe('archiveVolunteers', () => {
	it('takes back a batch in one transaction, nothing deleted', () => {
		const doc = roster();
		const ids = importVolunteers(doc, [{ name: '甲' }, { name: '乙' }]);
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		archiveVolunteers(doc, ids, { by: 'u-sec', at: 5 });
		expect(transactions).toBe(1);
		expect(listVolunteers(doc).map((v) => v.name)).not.toContain('甲');
		expect(listVolunteers(doc, { includeArchived: true }).filter((v) => v.archived).map((v) => v.name).sort()).toEqual(['乙', '甲']);
	});

	it('refuses the whole batch when one id is unknown', () => {
		const doc = roster();
		expect(expectRefused(doc, () => archiveVolunteers(doc, ['v-wang', 'v-none'])).code).toBe('not-found');
	});
});

describe('volunteerOfUser', () => {
	it('finds the live roster record linked to an account', () => {
		const doc = roster();
		updateVolunteer(doc, 'v-li', { userId: 'u-li' });
		expect(volunteerOfUser(listVolunteers(doc, { includeArchived: true }), 'u-li')?.id).toBe('v-li');
		expect(volunteerOfUser(listVolunteers(doc), '')).toBeNull();
		archiveVolunteer(doc, 'v-li');
		expect(volunteerOfUser(listVolunteers(doc, { includeArchived: true }), 'u-li')).toBeNull();
	});
});
