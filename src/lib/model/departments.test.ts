import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import {
	addDepartment,
	archiveDepartment,
	departmentsOfLiaison,
	getDepartment,
	listDepartments,
	restoreDepartment,
	updateDepartment
} from './departments';
import { fieldHistory } from './records';
import { LIMITS, PHONE_MAX } from './schema';
import { expectRefused, replicaOf, sampleCommunity, syncAll } from './test-helpers';

function withDepartments(): Y.Doc {
	const doc = sampleCommunity();
	addDepartment(doc, { id: 'chengguan', name: '城管', nameEn: 'urban management', liaisonName: '王建国', liaisonPhone: '0352-6012345', liaisonArea: '文苑片区' }, { at: 100, by: 'u-sec' });
	addDepartment(doc, { id: 'dianli', name: '电力', nameEn: 'power supply' }, { at: 200 });
	return doc;
}

describe('addDepartment', () => {
	it('writes every field, trimmed, with defaults and a stamp', () => {
		const doc = sampleCommunity();
		const id = addDepartment(doc, { name: ' 自来水 ', liaisonPhone: ' +86 352 601-2345 ' }, { at: 5000, by: 'u-sec' });
		expect(id).toMatch(/^[a-z0-9]{16}$/);
		expect(getDepartment(doc, id)).toEqual({
			id,
			name: '自来水',
			nameEn: '',
			liaisonName: '',
			liaisonPhone: '+86 352 601-2345',
			liaisonArea: '',
			liaisonUser: '',
			archived: false,
			createdAt: 5000,
			createdBy: 'u-sec',
			problems: []
		});
	});

	it('accepts the longest values', () => {
		const doc = sampleCommunity();
		const id = addDepartment(doc, {
			name: 'n'.repeat(LIMITS.name),
			liaisonPhone: '1'.repeat(PHONE_MAX),
			liaisonArea: 'a'.repeat(LIMITS.address)
		});
		expect(getDepartment(doc, id)?.liaisonPhone).toHaveLength(PHONE_MAX);
	});

	it.each([
		['an empty name', { name: '  ' }, 'name'],
		['an over-long name', { name: 'n'.repeat(LIMITS.name + 1) }, 'name'],
		['no name', { nameEn: 'police' }, 'name'],
		['a phone with letters', { name: '公安', liaisonPhone: '110 call me' }, 'liaisonPhone'],
		['an over-long phone', { name: '公安', liaisonPhone: '1'.repeat(PHONE_MAX + 1) }, 'liaisonPhone'],
		['a phone as a number', { name: '公安', liaisonPhone: 110 }, 'liaisonPhone'],
		['an over-long area', { name: '公安', liaisonArea: 'a'.repeat(LIMITS.address + 1) }, 'liaisonArea'],
		['a nested liaison', { name: '公安', liaison: { name: '李' } }, 'liaison'],
		['a bad id', { name: '公安', id: 'Gong An' }, 'id'],
		['an existing id', { name: '城管二', id: 'chengguan' }, 'id']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = withDepartments();
		const error = expectRefused(doc, () => addDepartment(doc, input as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});
});

describe('updateDepartment', () => {
	it('sets only the given fields and keeps the old value in history', () => {
		const doc = withDepartments();
		updateDepartment(doc, 'chengguan', { liaisonPhone: '13800001111' }, { at: 300, by: 'u-sec' });
		expect(getDepartment(doc, 'chengguan')).toMatchObject({ name: '城管', liaisonName: '王建国', liaisonPhone: '13800001111' });
		const record = collection(doc, 'departments').get('chengguan') as Y.Map<unknown>;
		expect(fieldHistory(record, 'liaisonPhone')).toEqual([
			{ field: 'liaisonPhone', value: '13800001111', previous: '0352-6012345', by: 'u-sec', at: 300 }
		]);
	});

	it.each([
		['an empty name', { name: '' }, 'name'],
		['a bad phone', { liaisonPhone: '(0352)601' }, 'liaisonPhone'],
		['archived (use archiveDepartment)', { archived: true }, 'archived'],
		['an unknown field', { phone: '1' }, 'phone']
	])('refuses %s, writing nothing', (_label, patch, field) => {
		const doc = withDepartments();
		const error = expectRefused(doc, () => updateDepartment(doc, 'chengguan', patch as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
	});

	it('refuses an unknown department with not-found', () => {
		const doc = withDepartments();
		expect(expectRefused(doc, () => updateDepartment(doc, 'nope', { name: 'x' })).code).toBe('not-found');
		expect(expectRefused(doc, () => archiveDepartment(doc, 'nope')).code).toBe('not-found');
		expect(expectRefused(doc, () => restoreDepartment(doc, 'nope')).code).toBe('not-found');
	});
});

describe('the liaison account', () => {
	it('links a department to its liaison, whose departments are then found by user id', () => {
		const doc = withDepartments();
		updateDepartment(doc, 'chengguan', { liaisonUser: 'u-wang' }, { at: 300, by: 'u-sec' });
		updateDepartment(doc, 'dianli', { liaisonUser: 'u-wang' });
		expect(departmentsOfLiaison(doc, 'u-wang').map((d) => d.id)).toEqual(['chengguan', 'dianli']);
		archiveDepartment(doc, 'dianli');
		expect(departmentsOfLiaison(doc, 'u-wang').map((d) => d.id)).toEqual(['chengguan']);
		expect(departmentsOfLiaison(doc, 'u-li')).toEqual([]);
		expect(departmentsOfLiaison(doc, '')).toEqual([]);
		const record = collection(doc, 'departments').get('chengguan') as Y.Map<unknown>;
		expect(fieldHistory(record, 'liaisonUser')).toEqual([
			{ field: 'liaisonUser', value: 'u-wang', previous: '', by: 'u-sec', at: 300 }
		]);
	});

	it('refuses an over-long user id or one that is not text', () => {
		const doc = withDepartments();
		expect(expectRefused(doc, () => updateDepartment(doc, 'chengguan', { liaisonUser: 'u'.repeat(65) })).field).toBe('liaisonUser');
		expect(expectRefused(doc, () => updateDepartment(doc, 'chengguan', { liaisonUser: 7 as never })).field).toBe('liaisonUser');
	});
});

describe('archive and restore', () => {
	it('hides an archived department from the default list and brings it back', () => {
		const doc = withDepartments();
		archiveDepartment(doc, 'dianli');
		expect(listDepartments(doc).map((d) => d.id)).toEqual(['chengguan']);
		expect(listDepartments(doc, { includeArchived: true }).map((d) => d.id).sort()).toEqual(['chengguan', 'dianli']);
		expect(getDepartment(doc, 'dianli')).toMatchObject({ archived: true, name: '电力' });
		restoreDepartment(doc, 'dianli');
		expect(listDepartments(doc).map((d) => d.id).sort()).toEqual(['chengguan', 'dianli']);
	});

	it('keeps an offline edit to a department archived elsewhere', () => {
		const here = withDepartments();
		const there = replicaOf(here);
		archiveDepartment(here, 'chengguan');
		updateDepartment(there, 'chengguan', { liaisonName: '李明' });
		syncAll(here, there);
		restoreDepartment(there, 'chengguan');
		syncAll(here, there);
		for (const doc of [here, there]) {
			expect(getDepartment(doc, 'chengguan')).toMatchObject({ archived: false, liaisonName: '李明' });
		}
	});
});

describe('concurrent edits', () => {
	it('keeps the liaison name and phone edited on two replicas', () => {
		const a = withDepartments();
		const b = replicaOf(a);
		updateDepartment(a, 'chengguan', { liaisonName: '张伟' });
		updateDepartment(b, 'chengguan', { liaisonPhone: '13900002222', liaisonArea: '新华片区' });
		syncAll(a, b);
		for (const doc of [a, b]) {
			expect(getDepartment(doc, 'chengguan')).toMatchObject({
				liaisonName: '张伟',
				liaisonPhone: '13900002222',
				liaisonArea: '新华片区'
			});
		}
	});

	it('settles one phone everywhere and keeps the other in history', () => {
		const a = withDepartments();
		const b = replicaOf(a);
		updateDepartment(a, 'chengguan', { liaisonPhone: '0352-5011111' }, { at: 1 });
		updateDepartment(b, 'chengguan', { liaisonPhone: '0352-5012222' }, { at: 2 });
		syncAll(a, b);
		const phone = getDepartment(a, 'chengguan')?.liaisonPhone;
		expect(getDepartment(b, 'chengguan')?.liaisonPhone).toBe(phone);
		const record = collection(a, 'departments').get('chengguan') as Y.Map<unknown>;
		expect(fieldHistory(record, 'liaisonPhone').map((c) => c.value)).toEqual(['0352-5011111', '0352-5012222']);
	});
});

describe('listDepartments', () => {
	it('sorts by name, then id, and reads around foreign content', () => {
		const doc = withDepartments();
		const raw = collection(doc, 'departments');
		(raw.get('dianli') as Y.Map<unknown>).set('liaisonPhone', 13800001111);
		raw.set('junk', 7);
		const problems: string[] = [];
		const list = listDepartments(doc, { problems });
		expect(list.map((d) => d.name)).toEqual(['城管', '电力'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
		expect(list.find((d) => d.id === 'dianli')).toMatchObject({
			liaisonPhone: '',
			nameEn: 'power supply',
			problems: ['departments.dianli.liaisonPhone should be text']
		});
		expect(problems).toEqual(['departments.junk is not a record']);
		expect(getDepartment(doc, 'junk')).toBeNull();
	});
});
