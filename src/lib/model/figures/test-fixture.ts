/**
 * A community whose figures are counted by hand in the tests (not by the code under test):
 * every case, service and commitment below is written at a chosen China time, and the tests
 * state what each figure must be and why. Test support only; the app never imports it.
 */
import * as Y from 'yjs';
import { archiveActivity, recordAttendance, scheduleActivity } from '../activities';
import {
	archiveCase,
	closeCase,
	dispatchCase,
	getCase,
	planCase,
	raiseCase,
	recordOnSite,
	resolveCase,
	stampRelayTime,
	verifyCase,
	acceptCase
} from '../cases';
import { addCommitment, archiveCommitment, postProgress } from '../commitments';
import { Community, MemoryDocumentSource } from '../family';
import { addGrid, archiveGrid } from '../grids';
import { addPairing, archivePairing } from '../pairings';
import { archiveServiceEntry, logService } from '../serviceLog';
import { setUpCommunity } from '../setup';
import { periodDocName, pairingDocName, rootDocName } from '../documents';
import type { CaseLevel } from '../clock1341';
import type { CaseStep } from '../cases';

/** Epoch ms of a China time written `YYYY-MM-DD HH:mm`. */
export function cst(time: string): number {
	return Date.parse(`${time.replace(' ', 'T')}:00+08:00`);
}

/** The moment every figure of the fixture is taken at. */
export const NOW = cst('2026-05-20 12:00');

const BY = 'u-sec';

type Step = [type: Exclude<CaseStep, 'returned' | 'extended' | 'commented'>, at: string, department?: string];

interface FixtureCase {
	name: string;
	grid: string;
	level: CaseLevel;
	category: string;
	reported: string;
	steps: Step[];
}

/**
 * May: A and C met both deadlines and are closed; B was late on both and is resolved; D was late
 * on site, planned in time, and is open; E is 20 minutes old, late on site, resolve due 12:10; F
 * is 10 minutes old, not dispatched, every deadline ahead; G is archived. April: H met both and is
 * closed; J was never reached (both missed, still open); K was written at 23:59:30 on 30 April by
 * a phone whose clock is behind — the relay received it at 00:03 on 1 May, which starts its clock.
 */
const CASES: FixtureCase[] = [
	{ name: 'A', grid: 'g1', level: 'ordinary', category: 'patrol-1', reported: '2026-05-18 09:00',
		steps: [['dispatched', '2026-05-18 09:02', 'xiaofang'], ['on-site', '2026-05-18 09:10'], ['resolved', '2026-05-18 09:25'], ['verified', '2026-05-18 10:00'], ['closed', '2026-05-18 10:30']] },
	{ name: 'B', grid: 'g1', level: 'ordinary', category: 'patrol-2', reported: '2026-05-18 10:00',
		steps: [['dispatched', '2026-05-18 10:05', 'huanwei'], ['on-site', '2026-05-18 10:20'], ['resolved', '2026-05-18 10:50']] },
	{ name: 'C', grid: 'g1', level: 'complex', category: 'visit-1', reported: '2026-05-19 08:00',
		steps: [['dispatched', '2026-05-19 08:05', 'zilaishui'], ['on-site', '2026-05-19 08:12'], ['resolved', '2026-05-19 11:00'], ['verified', '2026-05-19 12:00'], ['closed', '2026-05-19 12:30']] },
	{ name: 'D', grid: 'g2', level: 'major', category: 'mediation-1', reported: '2026-05-19 14:00',
		steps: [['dispatched', '2026-05-19 14:05', 'zhujian'], ['on-site', '2026-05-19 14:30'], ['planned', '2026-05-20 10:00']] },
	{ name: 'E', grid: 'g1', level: 'ordinary', category: 'service', reported: '2026-05-20 11:40',
		steps: [['dispatched', '2026-05-20 11:42', 'chengguan']] },
	{ name: 'F', grid: 'g1', level: 'complex', category: '', reported: '2026-05-20 11:50', steps: [] },
	{ name: 'G', grid: 'g2', level: 'ordinary', category: 'patrol-1', reported: '2026-05-17 09:00', steps: [] },
	{ name: 'H', grid: 'g1', level: 'ordinary', category: 'patrol-3', reported: '2026-04-30 23:00',
		steps: [['dispatched', '2026-04-30 23:01', 'chengguan'], ['on-site', '2026-04-30 23:10'], ['resolved', '2026-04-30 23:20'], ['verified', '2026-04-30 23:40'], ['closed', '2026-04-30 23:50']] },
	{ name: 'J', grid: 'g3', level: 'complex', category: 'publicity-1', reported: '2026-04-10 10:00',
		steps: [['dispatched', '2026-04-10 10:01', 'gongan'], ['accepted', '2026-04-10 10:05']] },
	{ name: 'K', grid: 'g2', level: 'ordinary', category: 'patrol-1', reported: '2026-04-30 23:59', steps: [] }
];

const STEPS = {
	dispatched: dispatchCase,
	accepted: acceptCase,
	'on-site': recordOnSite,
	resolved: resolveCase,
	planned: planCase,
	verified: verifyCase,
	closed: closeCase
} as const;

export interface Fixture {
	source: MemoryDocumentSource;
	community: Community;
	root: Y.Doc;
	may: Y.Doc;
	april: Y.Doc;
	/** Case name → id. */
	cases: Record<string, string>;
}

/** Writes the fixture community `fixture` (or `id`) into memory. */
export async function buildFixture(id = 'fixture'): Promise<Fixture> {
	const source = new MemoryDocumentSource();
	const community = new Community(id, source, { userId: BY, now: () => NOW });
	const root = await source.open(rootDocName(id));
	const may = await source.open(periodDocName(id, '2026-05'));
	const april = await source.open(periodDocName(id, '2026-04'));
	const setUp = { by: BY, at: cst('2026-01-05 09:00') };
	setUpCommunity(root, { id, name: '测试社区' }, setUp);
	addGrid(root, { id: 'g1', name: '第1网格', households: 320, workers: ['u-wang'] }, setUp);
	addGrid(root, { id: 'g2', name: '第2网格', households: 410 }, setUp);
	addGrid(root, { id: 'g3', name: '第3网格', households: 300, specialNeedsHouseholds: 55, workers: ['u-li'] }, setUp);
	addGrid(root, { id: 'g4', name: '第4网格', households: 500, workers: ['u-zhao'] }, setUp);
	archiveGrid(root, 'g4', setUp);

	const cases: Record<string, string> = {};
	for (const c of CASES) {
		const at = cst(c.reported) + (c.name === 'K' ? 30_000 : 0);
		const period = c.reported.startsWith('2026-05') ? may : april;
		const caseId = raiseCase({ root, period }, { grid: c.grid, title: `案件${c.name}`, level: c.level, category: c.category || undefined }, { by: 'u-wang', at });
		cases[c.name] = caseId;
		for (const [type, time, department] of c.steps) {
			const options = { by: 'u-wang', at: cst(time), root };
			if (type === 'dispatched') dispatchCase(period, caseId, { department: department! }, options);
			else STEPS[type](period, caseId, {}, options);
		}
	}
	archiveCase({ root, period: may }, cases.G, { by: BY, at: cst('2026-05-17 09:30') });
	const reportK = getCase(april, cases.K, NOW)!.events[0].id;
	stampRelayTime(april, cases.K, reportK, cst('2026-05-01 00:03'));

	logService(may, { kind: 'home-visit', userId: 'u-wang', at: cst('2026-05-18 15:00'), grid: 'g1', minutes: 40 }, { by: 'u-wang' });
	logService(may, { kind: 'elder-care', volunteerId: 'v1', at: cst('2026-05-19 09:00'), grid: 'g1', minutes: 60 }, { by: BY });
	logService(may, { kind: 'micro-service', volunteerId: 'v2', at: cst('2026-05-19 16:00'), grid: 'g2', minutes: 30 }, { by: BY });
	logService(may, { kind: 'mediation', userId: 'u-wang', at: cst('2026-05-20 09:00'), grid: 'g1', minutes: 75 }, { by: 'u-wang' });
	const mistake = logService(may, { kind: 'home-visit', userId: 'u-wang', at: cst('2026-05-20 10:00'), grid: 'g1', minutes: 35 }, { by: 'u-wang' });
	archiveServiceEntry(may, mistake, { by: 'u-wang' });
	logService(april, { kind: 'patrol', userId: 'u-wang', at: cst('2026-04-29 20:00'), grid: 'g1', minutes: 90 }, { by: 'u-wang' });

	const held = scheduleActivity(may, { title: '助老活动', startsAt: cst('2026-05-16 09:00'), endsAt: cst('2026-05-16 12:00'), slots: 5 }, setUp);
	recordAttendance(may, held, 'v1', { hours: 3 }, setUp);
	recordAttendance(may, held, 'v2', { hours: 2.5 }, setUp);
	scheduleActivity(may, { title: '护学岗', startsAt: cst('2026-05-22 07:30'), endsAt: cst('2026-05-22 08:30'), slots: 2 }, setUp);
	const cancelled = scheduleActivity(may, { title: '取消的活动', startsAt: cst('2026-05-10 09:00'), endsAt: cst('2026-05-10 11:00'), slots: 5 }, setUp);
	recordAttendance(may, cancelled, 'v1', { hours: 2 }, setUp);
	archiveActivity(may, cancelled, setUp);

	const term = { signedAt: cst('2026-01-01 09:00'), termStart: cst('2026-01-01 09:00'), termEnd: cst('2026-12-31 09:00') };
	const p1 = addPairing(root, { id: 'p1', partner: '区城市管理局', ...term }, setUp);
	const p2 = addPairing(root, { id: 'p2', partner: '恒安物业', ...term }, setUp);
	const p3 = addPairing(root, { id: 'p3', partner: '已解除单位', ...term }, setUp);
	archivePairing(root, p3, setUp);
	const doc1 = await source.open(pairingDocName(id, p1));
	const done = addCommitment(doc1, { text: '每月联合整治', side: 'partner', due: cst('2026-04-30 18:00') }, setUp);
	postProgress(doc1, done, { percent: 100 }, setUp);
	const late = addCommitment(doc1, { text: '上报线索', side: 'community', due: cst('2026-05-10 18:00') }, setUp);
	postProgress(doc1, late, { percent: 60 }, setUp);
	const dropped = addCommitment(doc1, { text: '作废事项', side: 'community', due: cst('2026-05-01 18:00') }, setUp);
	archiveCommitment(doc1, dropped, setUp);
	const doc2 = await source.open(pairingDocName(id, p2));
	addCommitment(doc2, { text: '安装充电桩', side: 'partner', due: cst('2026-06-30 18:00') }, setUp);
	const doc3 = await source.open(pairingDocName(id, p3));
	const ended = addCommitment(doc3, { text: '已完成', side: 'partner', due: cst('2026-03-01 18:00') }, setUp);
	postProgress(doc3, ended, { percent: 100 }, setUp);

	return { source, community, root, may, april, cases };
}
