import { describe, expect, it } from 'vitest';
import { isChinesePhone, previewVolunteerImport } from './rosterImport';
import { sampleCommunity, stateOf } from './test-helpers';
import { addVolunteer, importVolunteers, listVolunteers } from './volunteers';

function roster() {
	const doc = sampleCommunity();
	addVolunteer(doc, { name: '王秀兰', phone: '13903521101' });
	return doc;
}

const HEADER = ['姓名*', '手机号', '工作单位', '是否党员', '技能特长', '所在网格'];

describe('previewVolunteerImport', () => {
	it('maps the header, converts every cell and names each bad row without writing', () => {
		const doc = roster();
		const before = stateOf(doc);
		const preview = previewVolunteerImport(doc, [
			[],
			HEADER,
			['刘建军', '13903521102', '区住建局', '是', '水电维修、急救', '第1网格'],
			['陈丽娟', '1390352', '社区居民', '否', '', 'g2'],
			['', '', '', '', '', ''],
			['王秀兰', '13903521101', '', '', '', ''],
			['赵志刚', '13903521104', '', '也许', '', '第9网格'],
			['', '13903521105', '', '', '', ''],
			['刘建军', '13903521102', '', '党员', '', '']
		]);
		expect(preview.missingName).toBe(false);
		expect(preview.columns).toEqual({ name: 0, phone: 1, unit: 2, partyMember: 3, skills: 4, homeGrid: 5 });
		expect(preview.rows.map((r) => [r.line, r.problems.map((p) => `${p.field}:${p.code}:${p.value}`)])).toEqual([
			[3, []],
			[4, ['phone:phone-format:1390352']],
			[6, ['phone:on-roster:13903521101']],
			[7, ['partyMember:party-member-value:也许', 'homeGrid:unknown-grid:第9网格']],
			[8, ['name:required:']],
			[9, ['phone:twice-in-file:13903521102']]
		]);
		expect(preview.valid).toEqual([
			{ name: '刘建军', phone: '13903521102', unit: '区住建局', partyMember: true, homeGrid: 'g1', skills: ['水电维修', '急救'] }
		]);
		expect(stateOf(doc)).toEqual(before);
	});

	it('reads English headers and leaves absent columns at their defaults', () => {
		const preview = previewVolunteerImport(sampleCommunity(), [['Name', 'Party member'], ['Li Fang', 'yes']]);
		expect(preview.valid).toEqual([{ name: 'Li Fang', phone: '', unit: '', partyMember: true, homeGrid: '', skills: [] }]);
	});

	it('reads nothing without a name column', () => {
		expect(previewVolunteerImport(sampleCommunity(), [['电话'], ['13903521101']])).toMatchObject({ missingName: true, rows: [] });
		expect(previewVolunteerImport(sampleCommunity(), [])).toMatchObject({ missingName: true, rows: [] });
	});

	it('reads and imports 2,000 rows in one transaction', () => {
		const doc = roster();
		const rows = Array.from({ length: 2000 }, (_, i) => [`志愿者${i}`, `139${String(i).padStart(8, '0')}`, '', '否', '巡逻', '第2网格']);
		const started = performance.now();
		const preview = previewVolunteerImport(doc, [HEADER, ...rows]);
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		importVolunteers(doc, preview.valid);
		console.log(`2,000-row preview and import: ${Math.round(performance.now() - started)} ms`);
		expect(preview.rows.filter((r) => r.problems.length)).toEqual([]);
		expect(transactions).toBe(1);
		expect(listVolunteers(doc)).toHaveLength(2001);
	});
});

describe('isChinesePhone', () => {
	it.each(['13903521101', '+86 139 0352 1101', '0352-6012345', '03526012345', '6012345', '86012345'])('accepts %s', (phone) => {
		expect(isChinesePhone(phone)).toBe(true);
	});
	it.each(['1390352', '1390352110', '23903521101', '0352-60', '12345678', 'abc'])('refuses %s', (phone) => {
		expect(isChinesePhone(phone)).toBe(false);
	});
});
