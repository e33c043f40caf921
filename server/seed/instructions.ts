import type { SeedSummary } from './demo';

/** How to sign in to a freshly seeded demo, in Chinese and English, for the console. */
export function demoInstructions(url: string, seeded: SeedSummary): string {
	const secretaries = seeded.communities.map((c) => c.secretary).join(', ');
	const example = seeded.communities[0];
	return [
		'',
		`已写入演示数据：${seeded.district}，${seeded.communities.length} 个社区。在 ${url} 登录：`,
		`  区级管理员   ${seeded.admin}`,
		`  社区书记     ${secretaries}`,
		`  网格员       <社区>-<网格>，如 ${example.gridWorkers.slice(0, 3).join(', ')}`,
		`  部门联系人   <社区>-<部门>，如 ${example.id}-chengguan, ${example.id}-dianli`,
		`  志愿者/共建单位 ${example.id}-vol, ${example.id}-partner（每个社区各一个）`,
		`  密码（全部） ${seeded.password}`,
		'',
		`Demo district seeded: ${seeded.district}, ${seeded.communities.length} communities. Sign in at ${url} as:`,
		`  district admin     ${seeded.admin}`,
		`  secretaries        ${secretaries}`,
		`  grid workers       <community>-<grid>, e.g. ${example.gridWorkers.slice(0, 3).join(', ')}`,
		`  liaisons           <community>-<department>, e.g. ${example.id}-chengguan, ${example.id}-dianli`,
		`  volunteer, partner ${example.id}-vol, ${example.id}-partner (one of each per community)`,
		`  password (all)     ${seeded.password}`,
		''
	].join('\n');
}
