import {
	Community,
	addCaseEvent,
	listVolunteers,
	logServiceIn,
	raiseCaseIn,
	type CaseLevel,
	type CaseStep,
	type DocumentSource,
	type ServiceKind
} from '../../src/lib/model';
import { seededRandom } from './random';
import type { WeekCast } from './week';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Cases of the months before the demo week: what grid workers find on their rounds. */
const TITLES: [title: string, category: string, department: string][] = [
	['消防通道被私家车占用', 'patrol-1', 'xiaofang'],
	['电动车飞线充电', 'patrol-1', 'xiaofang'],
	['垃圾分类点异味扰民', 'patrol-2', 'huanwei'],
	['绿化带内堆放建筑垃圾', 'patrol-2', 'huanwei'],
	['沿街商铺占道经营', 'patrol-3', 'chengguan'],
	['小区围墙破损', 'patrol-4', 'zhujian'],
	['单元门禁损坏', 'patrol-4', 'zhujian'],
	['二次供水水压不足', 'patrol-4', 'zilaishui'],
	['变压器箱门未关闭', 'patrol-1', 'dianli'],
	['邻里噪音纠纷', 'mediation-1', 'gongan'],
	['物业费收缴纠纷', 'mediation-2', 'zhujian'],
	['独居老人家中无人应答', 'visit-2', 'gongan']
];
const LOCATIONS = ['2号楼东侧', '6号楼南门', '小区北门', '中心广场', '11号楼3单元', '东侧停车场', '社区活动中心'];
const SERVICES: [kind: ServiceKind, note: string, volunteer: boolean][] = [
	['home-visit', '走访高龄独居老人', false],
	['elder-care', '为行动不便老人代购生活用品', true],
	['micro-service', '协助居民办理社保认证', true],
	['mediation', '调解车位使用纠纷', false],
	['publicity', '入户宣传燃气安全', false],
	['patrol', '夜间安全巡查', false]
];

/**
 * The two months before the demo week, every case settled: handled, verified and closed, some
 * in time and some late, in numbers that differ from community to community (`variant`), as do
 * the services logged — so the district's communities compare, and the dashboards' trends have
 * a past. Nothing here is open or falls due later, so the case boards and digests keep to the week.
 */
export async function seedHistory(source: DocumentSource, cast: WeekCast, now: number, variant: number): Promise<void> {
	const random = seededRandom(variant * 7919 + 17);
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
	const between = (low: number, high: number) => low + random() * (high - low);
	const as = (userId: string, at: number) => new Community(cast.communityId, source, { userId, now: () => at });
	// Some communities answer faster than others.
	const onTime = 0.55 + 0.1 * (variant % 4);

	const cases = 10 + ((variant * 7) % 11);
	for (let i = 0; i < cases; i++) {
		const [grid, worker] = pick(cast.gridWorkers);
		const [title, category, department] = pick(TITLES);
		const roll = random();
		const level: CaseLevel = roll < 0.7 ? 'ordinary' : roll < 0.92 ? 'complex' : 'major';
		const reportedAt = now - Math.round(between(35, 90) * DAY);
		const caseId = await raiseCaseIn(as(worker, reportedAt), { grid, title, level, category, location: pick(LOCATIONS) });
		const liaison = cast.liaisons[department].userId;
		const allowed = level === 'major' ? 24 * 60 : level === 'complex' ? 240 : 30;
		const onSite = random() < onTime ? between(5, 14) : between(16, 25);
		const finish = random() < onTime ? between(Math.min(onSite + 5, allowed - 2), allowed - 1) : between(allowed + 5, allowed * 1.8);
		const steps: [CaseStep, number, string][] = [
			['dispatched', between(1, 4), worker],
			['on-site', onSite, liaison],
			[level === 'major' ? 'planned' : 'resolved', finish, liaison],
			['verified', finish + between(30, 120), worker],
			['closed', finish + between(150, 300), cast.secretary]
		];
		for (const [type, after, by] of steps) {
			await addCaseEvent(as(by, reportedAt + Math.round(after * MINUTE)), caseId, type, (type === 'dispatched' ? { department } : {}) as never);
		}
	}

	const volunteerIds = listVolunteers(await as(cast.secretary, now).root()).map((v) => v.id);
	const services = 12 + ((variant * 5) % 13);
	for (let i = 0; i < services; i++) {
		const [grid, worker] = pick(cast.gridWorkers);
		const [kind, note, byVolunteer] = pick(SERVICES);
		const at = now - Math.round(between(35, 90) * DAY);
		const who = byVolunteer && volunteerIds.length ? { volunteerId: pick(volunteerIds) } : { userId: worker };
		await logServiceIn(as(worker, at), { kind, at, grid, minutes: Math.round(between(20, 120)), note, ...who });
	}
}
