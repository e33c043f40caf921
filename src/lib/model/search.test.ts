import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { scheduleActivity } from './activities';
import { archiveCase, raiseCase } from './cases';
import { addDecision, addMeeting } from './meetings';
import { addPairing, addPairingRepresentative } from './pairings';
import { searchCommunity } from './search';
import { sampleCommunity } from './test-helpers';
import { addVolunteer } from './volunteers';

const T0 = Date.UTC(2026, 4, 10, 2, 0);

function community() {
	const root = sampleCommunity(1);
	const period = new Y.Doc();
	const docs = { root, period };
	const stairs = raiseCase(docs, { grid: 'g1', title: '楼道堆放杂物', level: 'ordinary', location: '3号楼2单元' }, { at: T0, by: 'u-wang' });
	const lamp = raiseCase(
		docs,
		{ grid: 'g2', title: '路灯不亮', level: 'ordinary', description: '新建路北口两盏路灯夜间不亮，居民反映出行不便', location: '新建路北口' },
		{ at: T0 + 60_000, by: 'u-wang' }
	);
	const volunteer = addVolunteer(root, { name: '张秀兰', phone: '13800001111', unit: '退休教师', skills: ['理发', '助老'], homeGrid: 'g2' }, { at: T0 - 1 });
	const meeting = addMeeting(root, { title: '加装电梯议事会', date: T0, place: '党群服务站二楼', agenda: ['电梯费用分摊'] });
	addDecision(root, meeting, { text: '由物业公司牵头联系楼道照明维修' });
	const pairing = addPairing(root, {
		partner: '区城市管理局',
		signedAt: T0,
		termStart: T0,
		termEnd: T0 + 365 * 86_400_000,
		contacts: [{ name: '赵建国', phone: '13900002222', role: '科长' }]
	});
	const activity = scheduleActivity(period, { title: '爱心理发进社区', kind: 'elder-care', startsAt: T0, endsAt: T0 + 3_600_000, place: '新荣社区活动室', slots: 6 });
	return { docs: { root, periods: [period] }, period, root, ids: { stairs, lamp, volunteer, meeting, pairing, activity } };
}

describe('searchCommunity', () => {
	it('finds a word inside Chinese text, in every kind of record', () => {
		const { docs, ids } = community();
		const kinds = (query: string) => searchCommunity(docs, query, { now: T0 }).map((hit) => `${hit.kind}:${hit.id}`);
		expect(kinds('楼道')).toEqual([`case:${ids.stairs}`, `meeting:${ids.meeting}`]);
		expect(kinds('理发')).toEqual([`activity:${ids.activity}`, `volunteer:${ids.volunteer}`]);
		expect(kinds('城市管理')).toEqual([`pairing:${ids.pairing}`]);
		expect(kinds('东至新建路')).toEqual(['grid:g1']);
	});

	it('ranks a title that starts with the term, then a title holding it, then a detail, newest first among equals', () => {
		const { docs, ids } = community();
		const order = (query: string) => searchCommunity(docs, query, { now: T0 }).map((hit) => hit.id);
		expect(order('楼道')).toEqual([ids.stairs, ids.meeting]);
		expect(order('网格')).toEqual(['g2', 'g1', ids.lamp, ids.stairs, ids.volunteer]);
		expect(order('新建路')).toEqual([ids.lamp, 'g1']);
	});

	it('needs every term, and shows the text around a match found outside the title', () => {
		const { docs, ids } = community();
		expect(searchCommunity(docs, '路灯 电梯', { now: T0 })).toEqual([]);
		const [hit] = searchCommunity(docs, '路灯 居民反映', { now: T0 });
		expect(hit).toMatchObject({ id: ids.lamp, title: '路灯不亮' });
		expect(hit.excerpt).toContain('居民反映');
		expect(hit.excerpt.length).toBeLessThanOrEqual(62);
	});

	it('finds records by their grid name, a volunteer by phone, a pairing by its contact', () => {
		const { docs, ids } = community();
		expect(searchCommunity(docs, '第2网格 路灯', { now: T0 }).map((hit) => hit.id)).toEqual([ids.lamp]);
		expect(searchCommunity(docs, '1380000', { now: T0 }).map((hit) => hit.id)).toEqual([ids.volunteer]);
		expect(searchCommunity(docs, '赵建国', { now: T0 })[0]).toMatchObject({ id: ids.pairing, excerpt: '赵建国 科长 13900002222' });
	});

	it('searches only the kinds the reader may see', () => {
		const { docs } = community();
		expect(searchCommunity(docs, '理发', { now: T0, kinds: ['pairing', 'activity'] }).map((hit) => hit.kind)).toEqual(['activity']);
	});

	it("shows a partner only the agreements it represents", () => {
		const { docs, ids } = community();
		expect(searchCommunity(docs, '城市管理', { now: T0, representedBy: 'u-partner' })).toEqual([]);
		addPairingRepresentative(docs.root, ids.pairing, 'u-partner');
		expect(searchCommunity(docs, '城市管理', { now: T0, representedBy: 'u-partner' }).map((hit) => hit.id)).toEqual([ids.pairing]);
	});

	it('leaves archived records out unless asked, and flags them', () => {
		const { docs, root, period, ids } = community();
		archiveCase({ root, period }, ids.stairs, { at: T0 + 1 });
		expect(searchCommunity(docs, '楼道堆放', { now: T0 })).toEqual([]);
		expect(searchCommunity(docs, '楼道堆放', { now: T0, includeArchived: true })).toMatchObject([{ id: ids.stairs, archived: true }]);
	});

	it('finds nothing for an empty query', () => {
		expect(searchCommunity(community().docs, '  ', { now: T0 })).toEqual([]);
	});
});
