import {
	DAY_MS,
	addHealthFile,
	addHousehold,
	careCountOf,
	careDocName,
	getHousehold,
	grantCareAccess,
	logVisit,
	privateDocName,
	requestSickbed,
	rootDocName,
	setCareCount,
	type DocumentSource,
	type NewHouseholdInput
} from '../../src/lib/model';

export interface CareCast {
	communityId: string;
	secretary: string;
	/** The first grids of the community and their full-time workers: the ones given care records. */
	grids: [gridId: string, workerId: string][];
	/** The demo volunteer, put on the first grid's care team (a party-member volunteer). */
	volunteer: string;
}

interface DemoHousehold {
	input: NewHouseholdInput;
	/** The member (by index) whose health file is kept, with its contents. */
	healthFile?: { member: number; conditions: string; medication: string; doctor: string; emergencyName: string; emergencyRelation: string; emergencyPhone: string };
	/** Days ago of each home visit (the first the newest), with what was done. */
	visits: [daysAgo: number, done: string, followUp?: string][];
	sickbed?: { member: number; reason: string; daysAgo: number; team: string };
}

/**
 * Invented households, marked （演示） so nobody takes them for real people; numbers in the
 * 139 0000 range are not in service.
 */
const HOUSEHOLDS: DemoHousehold[] = [
	{
		input: { building: '3号楼', unit: '2单元', door: '502', livingAlone: true, chronicIllness: true, visitEveryDays: 14, phone: '139 0000 0101', members: [{ name: '赵桂兰（演示）', ageBand: '80+', relation: '户主' }] },
		healthFile: { member: 0, conditions: '高血压、2型糖尿病', medication: '氨氯地平每日一次；二甲双胍每日两次', doctor: '社区卫生服务站 李医生团队', emergencyName: '赵建国（演示）', emergencyRelation: '儿子', emergencyPhone: '139 0000 0102' },
		visits: [
			[3, '入户测血压，提醒按时服药', '下次带血糖仪复测'],
			[17, '电话问候后入户，帮助预约体检']
		],
		sickbed: { member: 0, reason: '脑梗后行动不便，需上门测血压、换药', daysAgo: 10, team: '社区卫生服务站 李医生团队' }
	},
	{
		input: { building: '3号楼', unit: '1单元', door: '301', disabled: true, lowIncome: true, visitEveryDays: 14, members: [{ name: '钱志刚（演示）', ageBand: '18-59', relation: '户主', note: '肢体残疾二级' }, { name: '孙玉梅（演示）', ageBand: '18-59', relation: '妻子' }] },
		visits: [[20, '了解低保复核材料准备情况', '协助提交复核材料']]
	},
	{
		input: { building: '5号楼', unit: '1单元', door: '201', leftBehindChildren: true, visitEveryDays: 30, members: [{ name: '周秀英（演示）', ageBand: '65-79', relation: '祖母' }, { name: '周小雨（演示）', ageBand: '0-17', relation: '孙女' }] },
		healthFile: { member: 0, conditions: '膝关节退行性病变', medication: '外用药膏按需', doctor: '社区卫生服务站 王医生', emergencyName: '周海涛（演示）', emergencyRelation: '儿子（外地务工）', emergencyPhone: '139 0000 0103' },
		visits: [[8, '了解孩子上学情况，送去学习用品']]
	},
	{
		input: { building: '7号楼', unit: '3单元', door: '602', livingAlone: true, visitEveryDays: 7, members: [{ name: '吴德明（演示）', ageBand: '80+', relation: '户主' }] },
		healthFile: { member: 0, conditions: '冠心病', medication: '阿司匹林每日一次', doctor: '社区卫生服务站 李医生团队', emergencyName: '吴丽（演示）', emergencyRelation: '女儿', emergencyPhone: '139 0000 0104' },
		visits: [[2, '送药上门，检查燃气安全']]
	},
	{
		input: { building: '7号楼', unit: '1单元', door: '101', visitEveryDays: 0, members: [{ name: '郑国华（演示）', ageBand: '60-64', relation: '户主' }, { name: '郑丽娟（演示）', ageBand: '18-59', relation: '女儿' }] },
		visits: []
	}
];

/**
 * The care records of the demo: households in the first grids of the community (one of them
 * overdue for its visit, one with a family sickbed the care team serves), the demo volunteer on
 * the first grid's care team, and the counts the relay would write into the root.
 */
export async function seedCare(source: DocumentSource, cast: CareCast, now: number): Promise<void> {
	const root = await source.open(rootDocName(cast.communityId));
	const team = await source.open(privateDocName(cast.communityId));
	const [firstGrid] = cast.grids;
	if (firstGrid) grantCareAccess(team, { userId: cast.volunteer, grid: firstGrid[0], duty: '党员志愿者（家庭病床服务队）' }, { by: cast.secretary, at: now - 20 * DAY_MS });
	for (const [index, [gridId, worker]] of cast.grids.entries()) {
		const doc = await source.open(careDocName(cast.communityId, gridId));
		// The second grid gets fewer households: the demo shows grids at different stages.
		for (const demo of HOUSEHOLDS.slice(0, index === 0 ? HOUSEHOLDS.length : 3)) {
			const registered = { by: worker, at: now - 40 * DAY_MS };
			const household = addHousehold(doc, demo.input, registered);
			const members = getHousehold(doc, household)!.members;
			const memberNamed = (i: number) => members.find((m) => m.name === demo.input.members![i].name)!.id;
			if (demo.healthFile) {
				const { member, ...file } = demo.healthFile;
				addHealthFile(doc, { household, member: memberNamed(member), ...file }, registered);
			}
			for (const [daysAgo, done, followUp] of demo.visits) {
				const at = now - daysAgo * DAY_MS;
				logVisit(doc, { household, kind: 'home', at, done, ...(followUp ? { followUp } : {}) }, { by: worker, at });
			}
			if (demo.sickbed && index === 0) {
				const requestedAt = now - demo.sickbed.daysAgo * DAY_MS;
				const request = requestSickbed(doc, { household, member: memberNamed(demo.sickbed.member), reason: demo.sickbed.reason, team: demo.sickbed.team, requestedAt }, { by: worker, at: requestedAt });
				const visitedAt = now - 4 * DAY_MS;
				logVisit(doc, { household, kind: 'sickbed', request, at: visitedAt, done: '上门测血压 150/90，更换敷料' }, { by: cast.volunteer, at: visitedAt });
			}
		}
		setCareCount(root, gridId, careCountOf(doc, now));
	}
}
