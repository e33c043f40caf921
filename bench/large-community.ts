import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import {
	DISTRICT_DEPARTMENTS,
	SERVICE_KINDS,
	addGrid,
	addMeeting,
	addVolunteer,
	appendCaseEvent,
	logService,
	meetingDocName,
	minutesBody,
	periodDocName,
	periodOf,
	raiseCase,
	rootDocName,
	setMeetingStatus,
	setUpCommunity,
	shiftPeriod,
	syncOpenCaseIndex,
	type CaseLevel,
	type CaseStep,
	type ServiceKind
} from '../src/lib/model';
import { ROOT } from './support/processes';
import { seededRandom } from '../server/seed/random';

/** The generated community: five years of one community of the demo district's shape. */
export const LARGE_COMMUNITY = 'dayuan';
const CACHE = join(ROOT, 'bench', '.cache');
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const MONTHS = 60;

export interface Scale {
	grids: number;
	cases: number;
	meetings: number;
	/** Bytes of minutes text per meeting (UTF-8). */
	minutesBytes: number;
	volunteers: number;
	serviceEntries: number;
}

/** What issue 6 asks for: 27 grids, 20,000 cases, 500 meetings of 5 KB minutes, 1,000 volunteers, 50,000 entries. */
export const FULL_SCALE: Scale = { grids: 27, cases: 20_000, meetings: 500, minutesBytes: 5000, volunteers: 1000, serviceEntries: 50_000 };
/** The smoke check's tenth. */
export const QUICK_SCALE: Scale = { grids: 27, cases: 2000, meetings: 50, minutesBytes: 5000, volunteers: 100, serviceEntries: 5000 };


const TITLES = ['楼道堆放杂物堵塞消防通道', '小区主供水管道渗漏', '路灯不亮影响夜间出行', '违规搭建彩钢棚', '垃圾清运不及时', '单元楼道停电', '电动车楼道内充电', '井盖破损存在安全隐患'];
/** The case's life: every step after the report, minutes after it; older cases ran to the end. */
const LIFE: Record<CaseLevel, [CaseStep, number][]> = {
	ordinary: [['dispatched', 3], ['accepted', 6], ['on-site', 12], ['resolved', 27], ['verified', 45], ['closed', 60]],
	complex: [['dispatched', 4], ['accepted', 8], ['on-site', 14], ['resolved', 200], ['verified', 230], ['closed', 260]],
	major: [['dispatched', 5], ['accepted', 9], ['on-site', 14], ['planned', 1200], ['verified', 1300], ['closed', 1400]]
};
const LEVELS: CaseLevel[] = ['ordinary', 'ordinary', 'ordinary', 'complex', 'major'];
const SENTENCE = '居民代表围绕小区停车、加装电梯和楼道清理等事项充分发表意见，物业服务中心和网格员逐条回应，议定事项明确责任人和完成时限。';

function minutesParagraphs(bytes: number): Y.XmlElement[] {
	const paragraphs: Y.XmlElement[] = [];
	for (let written = 0; written < bytes; written += Buffer.byteLength(SENTENCE) * 3) {
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(SENTENCE.repeat(3))]);
		paragraphs.push(paragraph);
	}
	return paragraphs;
}

/** Every document of the five years, generated with the model's own functions. */
function generate(scale: Scale, now: number): Map<string, Y.Doc> {
	const docs = new Map<string, Y.Doc>();
	const open = (name: string) => {
		let doc = docs.get(name);
		if (!doc) docs.set(name, (doc = new Y.Doc()));
		return doc;
	};
	const next = seededRandom(6);
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
	const secretary = 'secretary-dayuan';
	const start = now - MONTHS * 30 * DAY;
	const root = open(rootDocName(LARGE_COMMUNITY));
	setUpCommunity(root, { id: LARGE_COMMUNITY, name: '大院社区', district: '新荣区' }, { by: secretary, at: start });
	const grids = Array.from({ length: scale.grids }, (_, i) => {
		const id = `g${String(i + 1).padStart(2, '0')}`;
		addGrid(root, { id, name: `大院第${i + 1}网格`, households: 300 + Math.floor(next() * 200), boundary: `东至${i + 1}号路，西至${i + 2}号路`, workers: [`worker-${id}`] }, { by: secretary, at: start });
		return id;
	});
	const volunteers = Array.from({ length: scale.volunteers }, (_, i) =>
		addVolunteer(root, { name: `志愿者${i + 1}`, phone: `139${String(10_000_000 + i).padStart(8, '0')}`, unit: '社区居民', partyMember: i % 3 === 0, homeGrid: pick(grids), skills: ['巡逻'] }, { by: secretary, at: start + i * MINUTE })
	);
	// Spread evenly over the five years up to an hour ago, so the working set holds recent months.
	const spread = (i: number, count: number) => start + Math.floor(((now - start - 3600_000) * (i + next() * 0.5)) / count);
	for (let i = 0; i < scale.cases; i++) {
		const at = spread(i, scale.cases);
		const grid = pick(grids);
		const period = open(periodDocName(LARGE_COMMUNITY, periodOf(at)));
		const level = pick(LEVELS);
		const by = `worker-${grid}`;
		const caseId = raiseCase({ root, period }, { grid, title: pick(TITLES), level, category: 'patrol', location: `${grid}网格${1 + Math.floor(next() * 20)}号楼` }, { by, at });
		// Cases of the last days are still under way; older ones ran their whole course.
		const steps = now - at < 2 * DAY ? LIFE[level].slice(0, Math.floor(next() * 4)) : LIFE[level];
		for (const [type, after] of steps) {
			const input = type === 'dispatched' ? { department: pick(DISTRICT_DEPARTMENTS).id } : {};
			appendCaseEvent(period, caseId, type, input as never, { by, at: at + after * MINUTE });
		}
		syncOpenCaseIndex(root, period, caseId);
	}
	const kinds = Object.keys(SERVICE_KINDS) as ServiceKind[];
	for (let i = 0; i < scale.serviceEntries; i++) {
		const at = spread(i, scale.serviceEntries);
		const period = open(periodDocName(LARGE_COMMUNITY, periodOf(at)));
		logService(period, { kind: pick(kinds), volunteerId: pick(volunteers), at, grid: pick(grids), minutes: 30 + Math.floor(next() * 90), note: '上门服务，情况良好' }, { by: secretary, at });
	}
	for (let i = 0; i < scale.meetings; i++) {
		const at = spread(i, scale.meetings);
		const meetingId = addMeeting(root, { title: `第${i + 1}次议事协商会`, date: at, place: '党群服务站议事厅', attendees: [secretary] }, { by: secretary, at: at - 2 * DAY });
		setMeetingStatus(root, meetingId, 'held', { by: secretary, at: at + 2 * 3600_000 });
		const meeting = open(meetingDocName(LARGE_COMMUNITY, meetingId));
		meeting.transact(() => minutesBody(meeting).push(minutesParagraphs(scale.minutesBytes)));
	}
	return docs;
}

/**
 * The community's documents (name → `encodeStateAsUpdate`), generated once per scale and month
 * (the working set is the current month and the two before) and cached under bench/.cache.
 */
export function largeCommunity(scale: Scale, now = Date.now()): { states: Map<string, Uint8Array>; generatedMs: number | null } {
	const file = join(CACHE, `community-${scale.cases}-${periodOf(now)}.json`);
	if (existsSync(file)) {
		const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
		return { states: new Map(Object.entries(stored).map(([name, b64]) => [name, new Uint8Array(Buffer.from(b64, 'base64'))])), generatedMs: null };
	}
	const started = performance.now();
	const docs = generate(scale, now);
	const states = new Map([...docs].map(([name, doc]) => [name, Y.encodeStateAsUpdate(doc)]));
	for (const doc of docs.values()) doc.destroy();
	mkdirSync(CACHE, { recursive: true });
	writeFileSync(file, JSON.stringify(Object.fromEntries([...states].map(([name, state]) => [name, Buffer.from(state).toString('base64')]))));
	return { states, generatedMs: performance.now() - started };
}

/** The default working set: the root and the current and previous two months. */
export function workingSetOf(now = Date.now()): string[] {
	const current = periodOf(now);
	return [rootDocName(LARGE_COMMUNITY), ...[0, 1, 2].map((back) => periodDocName(LARGE_COMMUNITY, shiftPeriod(current, back)))];
}

/** The whole five years as ONE document, as a single-document design would hold them. */
export function oneDocument(states: ReadonlyMap<string, Uint8Array>): Uint8Array {
	return Y.mergeUpdates([...states.values()]);
}
