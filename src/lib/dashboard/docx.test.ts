import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packer } from 'docx';
import { afterEach, describe, expect, it } from 'vitest';
import { readCommunityFigures } from '$lib/model';
import { buildFixture } from '$lib/model/figures/test-fixture';
import { gradientPng } from '../../../tests/e2e/images';
import { reportDocx } from './docx';
import { communityPanels, summaryTiles } from './panels';
import { inChinese } from './translate';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The file written out, for the system's unzip to read as any reader would. */
async function written(doc: ReturnType<typeof reportDocx>): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'report-'));
	dirs.push(dir);
	const file = join(dir, 'report.docx');
	writeFileSync(file, await Packer.toBuffer(doc));
	return file;
}

describe('the monthly report as Word', () => {
	it('holds the key figures, and every panel with its chart and its table', async () => {
		const { figures } = await readCommunityFigures((await buildFixture()).community, { from: '2026-05-01', to: '2026-05-31' });
		const panels = communityPanels(figures, inChinese);
		const doc = reportDocx({
			title: '测试社区2026年5月治理工作报告',
			facts: ['统计时段：2026-05-01 至 2026-05-31'],
			summaryHeading: '主要指标',
			tiles: summaryTiles(figures, inChinese),
			panels,
			charts: new Map(panels.filter((p) => p.chart).map((p, i) => [p.id, new Uint8Array(gradientPng(64 + i, 32))]))
		});
		const file = await written(doc);
		const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
		for (const text of ['测试社区2026年5月治理工作报告', '主要指标', '当前在办案件', '其中超时 3 件', '“1341”时限达标情况', '15分钟到场', '33.3%', '网格负荷与人员配备', '特殊群体多']) {
			expect(xml).toContain(text);
		}
		// A picture per chart (each a different image: Word keeps one copy of identical ones).
		const listing = execFileSync('unzip', ['-l', file]).toString('utf8');
		expect(listing.match(/word\/media\/\S+\.png/g)).toHaveLength(panels.length);
	});
});
