import * as Y from 'yjs';
import {
	Community,
	addCaseEvent,
	addCommitmentIn,
	addDecision,
	createMeetingIn,
	createPairingIn,
	logServiceIn,
	minutesBody,
	postProgressIn,
	raiseCaseIn,
	recordAttendanceIn,
	scheduleActivityIn,
	setMeetingStatus,
	signUp,
	signUpIn,
	takeVersion,
	updateDepartment,
	addVolunteer,
	type CaseLevel,
	type CaseStep,
	type DocumentSource
} from '../../src/lib/model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The pairing of every demo community with 区城市管理局, whose account is the demo partner. */
export const PARTNER_PAIRING = 'csglj';

/** Who acts in a community's demo week: user ids by role. */
export interface WeekCast {
	communityId: string;
	communityName: string;
	secretary: string;
	/** Grid id → the user id of its full-time grid worker, in grid order. */
	gridWorkers: [grid: string, userId: string][];
	/** Department id → the user id of its liaison. */
	liaisons: Record<string, { userId: string; name: string; phone: string }>;
	partner: string;
	volunteer: string;
}

type Step = [type: CaseStep, after: number, by: 'worker' | 'liaison' | 'secretary', input?: Record<string, unknown>];

interface DemoCase {
	daysAgo: number;
	level: CaseLevel;
	title: string;
	category: string;
	location: string;
	department: string;
	steps: Step[];
}

/** Cases in every state of the 1341 clock, two of them overdue now. */
const CASES: DemoCase[] = [
	{ daysAgo: 6, level: 'ordinary', title: '楼道堆放杂物堵塞消防通道', category: 'patrol-1', location: '3号楼2单元', department: 'xiaofang',
		steps: [['dispatched', 3, 'worker'], ['accepted', 5, 'liaison'], ['on-site', 12, 'liaison'], ['resolved', 26, 'liaison'], ['verified', 40, 'worker'], ['closed', 60, 'secretary']] },
	{ daysAgo: 4, level: 'complex', title: '小区主供水管道渗漏', category: 'patrol-4', location: '中心花园东侧', department: 'zilaishui',
		steps: [['dispatched', 4, 'worker'], ['accepted', 6, 'liaison'], ['on-site', 14, 'liaison'], ['resolved', 190, 'liaison', { note: '更换阀门两处' }], ['verified', 230, 'worker']] },
	{ daysAgo: 2, level: 'major', title: '老旧楼栋外墙瓷砖脱落', category: 'patrol-4', location: '7号楼北侧', department: 'zhujian',
		steps: [['dispatched', 5, 'worker'], ['accepted', 9, 'liaison'], ['on-site', 14, 'liaison', { note: '已拉警戒线' }], ['planned', 20 * 60, 'liaison', { note: '周内搭设脚手架，统一排查加固' }]] },
	{ daysAgo: 3, level: 'ordinary', title: '路灯不亮影响夜间出行', category: 'patrol-4', location: '小区西门', department: 'chengguan',
		steps: [['dispatched', 2, 'worker'], ['returned', 10, 'liaison', { reason: '路灯属供电部门维护' }], ['dispatched', 15, 'worker', { department: 'dianli' }], ['on-site', 27, 'liaison'], ['resolved', 44, 'liaison'], ['verified', 70, 'worker'], ['closed', 90, 'secretary']] },
	{ daysAgo: 5, level: 'complex', title: '违规搭建彩钢棚', category: 'patrol-3', location: '12号楼楼顶', department: 'chengguan',
		steps: [['dispatched', 6, 'worker'], ['accepted', 8, 'liaison'], ['on-site', 13, 'liaison'], ['extended', 200, 'liaison', { reason: '需业主配合拆除，约定次日上午', deadlineAfter: 22 * HOUR }], ['resolved', 21 * 60, 'liaison'], ['verified', 22 * 60, 'worker']] },
	{ daysAgo: 0.09, level: 'ordinary', title: '垃圾清运不及时，垃圾箱满溢', category: 'patrol-2', location: '南门垃圾分类点', department: 'huanwei',
		steps: [['dispatched', 4, 'worker'], ['accepted', 9, 'liaison']] },
	{ daysAgo: 0.05, level: 'complex', title: '单元楼道停电', category: 'patrol-1', location: '5号楼1单元', department: 'dianli',
		steps: [['dispatched', 3, 'worker'], ['on-site', 11, 'liaison']] },
	{ daysAgo: 0.007, level: 'ordinary', title: '电动车楼道内充电', category: 'patrol-1', location: '9号楼3单元', department: 'xiaofang', steps: [] }
];

const VOLUNTEERS = [
	{ name: '王秀兰', phone: '13903521101', unit: '退休教师', partyMember: true, skills: ['陪伴聊天', '读报'] },
	{ name: '刘建军', phone: '13903521102', unit: '区住建局', partyMember: true, skills: ['水电维修'] },
	{ name: '陈丽娟', phone: '13903521103', unit: '社区居民', partyMember: false, skills: ['保洁', '理发'] },
	{ name: '赵志刚', phone: '13903521104', unit: '区司法局', partyMember: true, skills: ['法律咨询'] },
	{ name: '孙玉梅', phone: '13903521105', unit: '社区居民', partyMember: false, skills: ['护学'] },
	{ name: '周海涛', phone: '13903521106', unit: '退役军人', partyMember: true, skills: ['巡逻', '急救'] }
];

const SERVICES: [kind: 'home-visit' | 'elder-care' | 'micro-service' | 'mediation' | 'publicity' | 'patrol', daysAgo: number, minutes: number, note: string][] = [
	['home-visit', 6, 40, '走访独居老人，了解用药和饮食情况'],
	['patrol', 6, 90, '日常巡查，排查电动车充电隐患'],
	['elder-care', 5, 60, '为高龄老人代购药品'],
	['mediation', 4, 75, '调解楼上漏水引发的邻里纠纷，双方达成维修协议'],
	['home-visit', 3, 35, '流动人口信息登记更新'],
	['publicity', 3, 50, '反诈宣传进楼栋'],
	['micro-service', 2, 30, '帮助居民线上办理医保缴费'],
	['patrol', 1, 80, '夜间巡查，消防通道畅通'],
	['elder-care', 1, 45, '陪同残疾居民就医'],
	['home-visit', 0.2, 30, '回访上周漏水调解户']
];

function paragraphs(lines: [tag: 'heading' | 'paragraph', text: string][]): Y.XmlElement[] {
	return lines.map(([tag, text]) => {
		const element = new Y.XmlElement(tag);
		if (tag === 'heading') element.setAttribute('level', 2 as unknown as string);
		// insert, not push: push reads the length of a type not yet in a document.
		element.insert(0, [new Y.XmlText(text)]);
		return element;
	});
}

/**
 * A realistic past week of one community: cases in every state (two overdue now), service
 * log entries, volunteers and activities with sign-ups and attendance, a held consultation
 * meeting with minutes and a version, and two pairings with commitments and progress.
 */
export async function seedWeek(source: DocumentSource, cast: WeekCast, now: number): Promise<void> {
	const as = (userId: string, at: number) => new Community(cast.communityId, source, { userId, now: () => at });
	const secretaryAt = (at: number) => as(cast.secretary, at);
	const root = await secretaryAt(now).root();
	const weekStart = now - 7 * DAY;

	for (const [department, liaison] of Object.entries(cast.liaisons)) {
		updateDepartment(root, department, { liaisonName: liaison.name, liaisonPhone: liaison.phone, liaisonArea: cast.communityName, liaisonUser: liaison.userId }, { by: cast.secretary, at: weekStart });
	}

	for (const [index, demo] of CASES.entries()) {
		const [grid, worker] = cast.gridWorkers[index % cast.gridWorkers.length];
		const reportedAt = now - Math.round(demo.daysAgo * DAY);
		const caseId = await raiseCaseIn(as(worker, reportedAt), {
			grid,
			title: demo.title,
			level: demo.level,
			category: demo.category,
			location: demo.location,
			description: `${demo.location}：${demo.title}，网格员巡查发现并拍照上报。`
		});
		let department = demo.department;
		for (const [type, after, by, input = {}] of demo.steps) {
			const at = reportedAt + after * MINUTE;
			if (type === 'dispatched' && typeof input.department === 'string') department = input.department;
			const actor = by === 'worker' ? worker : by === 'secretary' ? cast.secretary : cast.liaisons[department].userId;
			const { deadlineAfter, ...rest } = input as { deadlineAfter?: number };
			const stepInput =
				type === 'dispatched' ? { department } : type === 'extended' ? { ...rest, deadline: reportedAt + (deadlineAfter ?? DAY) } : rest;
			await addCaseEvent(as(actor, at), caseId, type, stepInput as never);
		}
	}

	const volunteerIds = VOLUNTEERS.map(({ skills, ...volunteer }, index) =>
		addVolunteer(root, { ...volunteer, skills, homeGrid: cast.gridWorkers[index % cast.gridWorkers.length][0], userId: index === 0 ? cast.volunteer : '' }, { by: cast.secretary, at: weekStart })
	);

	for (const [index, [kind, daysAgo, minutes, note]] of SERVICES.entries()) {
		const [grid, worker] = cast.gridWorkers[index % cast.gridWorkers.length];
		const at = now - Math.round(daysAgo * DAY);
		const byVolunteer = kind === 'elder-care' || kind === 'micro-service';
		await logServiceIn(as(worker, at), {
			kind,
			at,
			grid,
			minutes,
			note,
			...(byVolunteer ? { volunteerId: volunteerIds[index % volunteerIds.length] } : { userId: worker })
		});
	}

	const elderCare = await scheduleActivityIn(secretaryAt(now - 5 * DAY), {
		title: '爱心助老·重阳慰问', kind: 'elder-care', startsAt: now - 4 * DAY, endsAt: now - 4 * DAY + 3 * HOUR, place: '党群服务站活动室', slots: 4
	});
	const schoolGuard = await scheduleActivityIn(secretaryAt(now - 2 * DAY), {
		title: '护学岗·小学门口交通疏导', kind: 'school-guard', startsAt: now + DAY, endsAt: now + DAY + 90 * MINUTE, place: '新华街小学南门', slots: 2
	});
	const guardMonth = await secretaryAt(now).periodOfRecord(schoolGuard);
	const beforeSignUps = Y.encodeStateAsUpdate(guardMonth);
	for (const volunteerId of volunteerIds.slice(0, 4)) await signUpIn(secretaryAt(now - 5 * DAY + HOUR), elderCare, volunteerId);
	for (const volunteerId of volunteerIds.slice(0, 3)) {
		await recordAttendanceIn(secretaryAt(now - 4 * DAY + 3 * HOUR), elderCare, volunteerId, { hours: 3 });
	}
	// Two volunteers took the last place at once, one of them offline: both are kept and the
	// activity shows overbooked until the organiser resolves it.
	for (const volunteerId of volunteerIds.slice(3, 5)) await signUpIn(secretaryAt(now - DAY), schoolGuard, volunteerId);
	const offlinePhone = new Y.Doc();
	Y.applyUpdate(offlinePhone, beforeSignUps);
	signUp(offlinePhone, schoolGuard, volunteerIds[5], { by: cast.volunteer, at: now - DAY + MINUTE });
	Y.applyUpdate(guardMonth, Y.encodeStateAsUpdate(offlinePhone, Y.encodeStateVector(guardMonth)));
	offlinePhone.destroy();

	const meetingAt = now - 3 * DAY;
	const [firstGrid, firstWorker] = cast.gridWorkers[0];
	const meetingId = await createMeetingIn(secretaryAt(meetingAt - 2 * DAY), {
		title: '关于小区停车位规划的议事协商会',
		date: meetingAt,
		place: '党群服务站议事厅',
		convener: cast.secretary,
		attendees: [cast.secretary, firstWorker],
		outsideParticipants: [
			{ name: '张德明', unit: '业主代表' },
			{ name: '李红', unit: '物业服务中心' }
		],
		agenda: ['现有停车位使用情况通报', '新增车位选址方案讨论', '充电桩安装意见征集']
	});
	const meeting = await secretaryAt(meetingAt).meeting(meetingId);
	meeting.transact(() =>
		minutesBody(meeting).push(
			paragraphs([
				['heading', '一、情况通报'],
				['paragraph', `${cast.communityName}现有地面停车位 126 个，夜间停放车辆约 180 辆，占用消防通道现象时有发生。`],
				['heading', '二、讨论意见'],
				['paragraph', '业主代表建议利用北侧闲置绿地改建车位；物业提出需同步规划充电桩，避免楼道充电。'],
				['heading', '三、议定事项'],
				['paragraph', '1. 物业一周内提交北侧改建方案；2. 网格员对消防通道占用情况开展专项巡查。']
			])
		)
	);
	setMeetingStatus(root, meetingId, 'held', { by: cast.secretary, at: meetingAt + 2 * HOUR });
	takeVersion(meeting, { name: '会议记录（初稿）' }, { by: cast.secretary, at: meetingAt + 2 * HOUR });
	addDecision(root, meetingId, { text: '物业一周内提交北侧绿地改建停车位方案', owner: '物业服务中心', due: meetingAt + 7 * DAY }, { by: cast.secretary, at: meetingAt + 2 * HOUR });
	addDecision(root, meetingId, { text: `${firstGrid} 网格员开展消防通道占用专项巡查`, owner: firstWorker, due: meetingAt + 3 * DAY }, { by: cast.secretary, at: meetingAt + 2 * HOUR });

	const pairings = [
		{ id: PARTNER_PAIRING, partner: '区城市管理局', kind: 'district-unit' as const, contact: { name: '马卫东', phone: '03525011001', role: '党支部书记' },
			commitments: [
				['partner', '每月开展一次市容环境联合整治', 60, '本月已完成背街小巷整治一次'],
				['community', '及时上报私搭乱建线索', 100, '已建立线索台账']
			] as const },
		{ id: 'hengan', partner: '恒安物业服务有限公司', kind: 'property-company' as const, contact: { name: '冯晓燕', phone: '13803527788', role: '项目经理' },
			commitments: [
				['partner', '年内完成小区充电桩安装 20 个', 35, '已完成选址，设备采购中'],
				['community', '组织业主议事协商，征集安装意见', 80, '已召开议事协商会一次']
			] as const }
	];
	for (const pairing of pairings) {
		const signedAt = now - 90 * DAY;
		const pairingId = await createPairingIn(secretaryAt(signedAt), {
			id: pairing.id, partner: pairing.partner, representatives: pairing.id === PARTNER_PAIRING ? [cast.partner] : [], kind: pairing.kind, contacts: [pairing.contact], signedAt, termStart: signedAt, termEnd: signedAt + 365 * DAY
		});
		for (const [side, text, percent, note] of pairing.commitments) {
			const commitmentId = await addCommitmentIn(secretaryAt(signedAt), pairingId, {
				text, side, owner: side === 'partner' ? pairing.partner : cast.communityName, due: signedAt + 180 * DAY
			});
			// The demo's partner account is 区城市管理局's; the secretary records what the other unit reports.
			const reporter = side === 'partner' && pairing.id === PARTNER_PAIRING ? cast.partner : cast.secretary;
			await postProgressIn(as(reporter, now - 10 * DAY), pairingId, commitmentId, { percent: Math.max(0, percent - 25), note: '阶段进展' });
			await postProgressIn(as(reporter, now - 2 * DAY), pairingId, commitmentId, { percent, note });
		}
	}
}
