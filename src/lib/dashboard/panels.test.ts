import { describe, expect, it } from 'vitest';
import { districtFigures, readCommunityFigures } from '$lib/model';
import { buildFixture } from '$lib/model/figures/test-fixture';
import { communityPanels, districtPanels, summaryTiles } from './panels';
import { inChinese } from './translate';

const MAY = { from: '2026-05-01', to: '2026-05-31' };

async function figures(id = 'fixture') {
	return (await readCommunityFigures((await buildFixture(id)).community, MAY)).figures;
}

// The numbers are the fixture's, counted by hand in src/lib/model/figures/*.test.ts.
describe('dashboard panels', () => {
	it('lay every figure out as a table with Chinese headers, beside a chart of the same numbers', async () => {
		const panels = communityPanels(await figures(), inChinese);
		expect(panels.map((p) => p.id)).toEqual(['compliance', 'trend', 'open', 'categories', 'grids', 'services', 'fulfilment', 'gridLoad']);
		const compliance = panels[0];
		expect(compliance.table.columns).toEqual(['时限要求', '按时', '超时', '未到期', '达标率']);
		expect(compliance.table.rows).toEqual([
			['15分钟到场', 2, 4, 1, { percent: 2 / 6 }],
			['一般问题30分钟解决', 1, 2, 1, { percent: 1 / 3 }],
			['复杂问题4小时办结', 1, 0, 1, { percent: 1 }],
			['重大问题1天出方案', 1, 0, 0, { percent: 1 }],
			['办结达标率', 3, 2, 2, { percent: 3 / 5 }]
		]);
		// The chart shows the same shares, coloured by how good they are.
		expect(compliance.chart?.series[0].values).toEqual([33.3, 33.3, 100, 100]);
		expect(compliance.chart?.series[0].color).toEqual(['#b71c1c', '#b71c1c', '#1a7f37', '#1a7f37']);
	});

	it('list open cases by department with a total row, and name cases never dispatched', async () => {
		const open = communityPanels(await figures(), inChinese).find((p) => p.id === 'open')!;
		expect(open.table.columns).toEqual(['部门', '一般', '复杂', '重大', '合计']);
		expect(open.table.rows).toEqual([
			['城管', 1, 0, 0, 1],
			['公安', 0, 1, 0, 1],
			['环卫', 1, 0, 0, 1],
			['住建', 0, 0, 1, 1],
			['待派单', 1, 1, 0, 2],
			['合计', 3, 2, 1, 6]
		]);
		expect(open.note).toBe('当前在办 6 件，其中有环节超时 3 件；不限统计时段。');
	});

	it('mark the grid with many cases and the grids lacking a part-time worker', async () => {
		const panels = communityPanels(await figures(), inChinese);
		const grids = panels.find((p) => p.id === 'grids')!;
		expect(grids.table.rows).toEqual([
			['第1网格', 5, '案件较多'],
			['第2网格', 2, ''],
			['第3网格', 0, '']
		]);
		expect(grids.highlight).toEqual([0]);
		const load = panels.find((p) => p.id === 'gridLoad')!;
		expect(load.table.rows).toEqual([
			['第1网格', 320, 1, 320, 0, '否', '—'],
			['第2网格', 410, 0, null, 0, '超过400户', '否'],
			['第3网格', 300, 1, 300, 55, '特殊群体多', '否'],
			['合计', 1030, 2, 515, 55, 2, 0]
		]);
		expect(load.highlight).toEqual([1, 2]);
	});

	it('sum the key figures up in tiles', async () => {
		const tiles = summaryTiles(await figures(), inChinese);
		expect(tiles.map((tile) => [tile.label, tile.value, tile.detail ?? ''])).toEqual([
			['上报案件', '7', ''],
			['当前在办案件', '6', '其中超时 3 件'],
			['一刻钟到场达标率', '33.3%', ''],
			['按时办结（出方案）率', '60%', ''],
			['志愿服务时长（小时）', '7', ''],
			['结对承诺完成', '1/3', '1 项逾期']
		]);
	});

	it('set the communities side by side with the district total last', async () => {
		const district = districtFigures(MAY, [
			{ id: 'east', figures: await figures('east') },
			{ id: 'west', figures: await figures('west') }
		]);
		const panels = districtPanels(district, inChinese);
		expect(panels.map((p) => p.id)).toEqual(['overview', 'compliance', 'trend', 'open', 'categories', 'services', 'fulfilment', 'gridLoad']);
		const overview = panels[0];
		expect(overview.table.columns.slice(0, 4)).toEqual(['社区', '上报案件', '在办案件', '超时在办']);
		expect(overview.table.rows.map((row) => row.slice(0, 4))).toEqual([
			['测试社区', 7, 6, 3],
			['测试社区', 7, 6, 3],
			['全区合计', 14, 12, 6]
		]);
		expect(overview.highlight).toEqual([2]);
		// Both communities' 第2网格 (410 households, nobody) and 第3网格 (55 special-needs households, one worker).
		expect(panels.at(-1)!.table.rows.map((row) => [row[1], row[5], row[6]])).toEqual([
			['第2网格', '超过400户', '否'],
			['第3网格', '特殊群体多', '否'],
			['第2网格', '超过400户', '否'],
			['第3网格', '特殊群体多', '否']
		]);
	});
});
