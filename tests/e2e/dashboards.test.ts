import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../src/lib/import/spreadsheet';
import { newUser, screenshot, serverAndBrowser, signIn, waitForServiceWorker } from './browser';

const PASSWORD = 'demo1234';

/** The file a click downloads, as bytes. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	const path = await download.path();
	return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** A table's rows as text, header first. */
async function tableRows(page: Page, testid: string): Promise<string[][]> {
	return page.getByTestId(testid).locator('tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell.textContent ?? '').trim())));
}

/** A user who asked for reduced motion: charts are drawn at once, so a screenshot shows their final bars. */
async function stillCharts(page: Page): Promise<void> {
	await page.emulateMedia({ reducedMotion: 'reduce' });
}

/** The demo's week is within the last 30 days. */
async function lastThirtyDays(page: Page): Promise<void> {
	await page.getByTestId('range-last30').click();
	await page.waitForURL(/from=/);
	await page.locator('[data-testid="range-last30"][aria-pressed="true"]').waitFor();
}

describe('the dashboards in the browser', () => {
	const env = serverAndBrowser();

	it("shows a secretary the community's figures with a table beside each chart, exports them, and says how fresh they are offline", async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await stillCharts(page);
		await signIn(page, 'wenyuan-sec', PASSWORD);
		await page.getByTestId('community-wenyuan').click();
		await page.getByTestId('nav-dashboard').click();
		await page.waitForURL('**/c/wenyuan/dashboard');
		await lastThirtyDays(page);
		// The demo week of 文苑: 8 cases, 6 still open, 2 of them late; two agreements with 4 commitments, 1 done.
		await page.getByTestId('tile-reported').getByText('8', { exact: true }).waitFor();
		await page.getByTestId('tile-open').getByText('6', { exact: true }).waitFor();
		expect(await page.getByTestId('tile-fulfilment').locator('strong').textContent()).toBe('1/4');
		await page.locator('[data-testid="freshness"][data-state="live"]').waitFor();
		expect(await page.locator('[data-testid^="panel-"]').evaluateAll((panels) => panels.map((p) => p.getAttribute('data-testid')))).toEqual([
			'panel-compliance',
			'panel-trend',
			'panel-open',
			'panel-categories',
			'panel-grids',
			'panel-services',
			'panel-fulfilment',
			'panel-gridLoad'
		]);
		// Every chart is drawn, with its numbers beside it.
		await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		const grids = await tableRows(page, 'table-grids');
		expect(grids[0]).toEqual(['网格', '案件数', '提示']);
		// The 8 cases go round the 6 grids: 文苑第1网格 and 第2网格 have two each.
		expect(grids.slice(1).map((row) => row.slice(0, 2))).toEqual([
			['文苑第1网格', '2'],
			['文苑第2网格', '2'],
			['文苑第3网格', '1'],
			['文苑第4网格', '1'],
			['文苑第5网格', '1'],
			['文苑第6网格', '1']
		]);
		const load = await tableRows(page, 'table-gridLoad');
		// 文苑第1网格: 415 households, a full-time and a part-time worker; 第6网格: 58 special-needs households.
		expect(load[1]).toEqual(['文苑第1网格', '415', '2', '208', '40', '超过400户', '是']);
		expect(load[6]).toEqual(['文苑第6网格', '402', '2', '201', '58', '超过400户、特殊群体多', '是']);
		await screenshot(page, 'dashboard-1280');

		const csv = await downloaded(page, () => page.getByTestId('export-grids-csv').click());
		expect(csv.name).toMatch(/^文苑社区 各网格案件数 \d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.csv$/);
		const text = csv.bytes.toString('utf8');
		expect(text.startsWith('\uFEFF网格,案件数,提示\r\n文苑第1网格,2,\r\n')).toBe(true);
		const xlsx = await downloaded(page, () => page.getByTestId('export-compliance-xlsx').click());
		const sheet = await readXlsx(new Uint8Array(xlsx.bytes));
		expect(sheet[0]).toEqual(['时限要求', '按时', '超时', '未到期', '达标率']);
		expect(sheet.map((row) => row[0])).toEqual(['时限要求', '15分钟到场', '一般问题30分钟解决', '复杂问题4小时办结', '重大问题1天出方案', '办结达标率']);

		// Offline, the figures come from the device and say as of when.
		await waitForServiceWorker(page);
		await context.setOffline(true);
		await page.evaluate(() => window.dispatchEvent(new Event('offline')));
		await page.locator('[data-testid="freshness"][data-state="offline"]').waitFor();
		expect(await page.getByTestId('freshness').textContent()).toContain('离线显示本机数据');
		await page.getByTestId('tile-reported').getByText('8', { exact: true }).waitFor();
		// And opened again with no network: the app from its service worker, the figures from IndexedDB.
		await page.reload();
		await page.getByTestId('tile-reported').getByText('8', { exact: true }).waitFor();
		await page.locator('[data-testid="freshness"][data-state="offline"]').waitFor();
		await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		await screenshot(page, 'dashboard-offline-1280');
		await context.close();
	});

	it('fits a phone: the charts and tables stack, nothing scrolls sideways', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await stillCharts(page);
		await signIn(page, 'wenyuan-sec', PASSWORD);
		await page.goto('/c/wenyuan/dashboard');
		await lastThirtyDays(page);
		await page.getByTestId('tile-reported').getByText('8', { exact: true }).waitFor();
		await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await screenshot(page, 'dashboard-360');

		// The month's report, as it prints.
		await page.getByTestId('open-report').click();
		await page.waitForURL('**/c/wenyuan/dashboard/report?month=*');
		await page.getByTestId('report').getByText('文苑社区').first().waitFor();
		await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await screenshot(page, 'dashboard-report-360');
		await page.emulateMedia({ media: 'print' });
		expect(await page.getByTestId('report-docx').isVisible()).toBe(false);
		await context.close();
	});

	it("shows the district admin every community side by side and summed, on a desktop and a phone, with a monthly report", async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await stillCharts(page);
		await signIn(page, 'admin', PASSWORD);
		await page.getByTestId('nav-district').click();
		await page.waitForURL('**/district');
		await lastThirtyDays(page);
		await page.getByTestId('tile-reported').getByText('40', { exact: true }).waitFor();
		const overview = await tableRows(page, 'table-overview');
		expect(overview.map((row) => row[0])).toEqual(['社区', '东方社区', '和平社区', '金山社区', '文苑社区', '新华社区', '全区合计']);
		expect(overview.slice(1).map((row) => row[1])).toEqual(['8', '8', '8', '8', '8', '40']);
		// Grids over 400 households have their part-timer; 金山第5网格 (58) and 新华第5网格 (55) have many special-needs households and none.
		const partTime = await tableRows(page, 'table-gridLoad');
		expect(partTime.filter((row) => row[6] === '否').map((row) => row.slice(0, 2))).toEqual([
			['金山社区', '金山第5网格'],
			['新华社区', '新华第5网格']
		]);
		await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		await screenshot(page, 'district-1280');

		// Over 90 days the demo's earlier months count too, and differ from community to community.
		await page.getByTestId('range-last90').click();
		await page.locator('[data-testid="range-last90"][aria-pressed="true"]').waitFor();
		await expect.poll(async () => Number((await tableRows(page, 'table-overview')).at(-1)![1])).toBeGreaterThan(40);
		const longer = await tableRows(page, 'table-overview');
		expect(new Set(longer.slice(1, -1).map((row) => row[1])).size).toBeGreaterThan(1);
		await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		await screenshot(page, 'district-90-1280');

		await page.getByTestId('open-report').click();
		await page.waitForURL('**/district/report?month=*');
		await page.getByTestId('report').getByText('全区').first().waitFor();
		await page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		await screenshot(page, 'district-report-1280');
		const word = await downloaded(page, () => page.getByTestId('report-docx').click());
		expect(word.name).toMatch(/^全区\d{4}年\d{1,2}月治理工作报告 \d{4}-\d{2}\.docx$/);
		const file = join(mkdtempSync(join(tmpdir(), 'report-')), word.name);
		writeFileSync(file, word.bytes);
		const xml = execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
		for (const text of ['治理工作报告', '各社区概览', '全区合计', '需配兼职网格员的网格', '金山第5网格']) expect(xml).toContain(text);
		// Every chart of the report is in the file as a picture.
		const listing = execFileSync('unzip', ['-l', file]).toString('utf8');
		expect(listing.match(/word\/media\/\S+\.png/g)?.length).toBe(8);
		rmSync(dirname(file), { recursive: true, force: true });

		// With no network the page keeps the last figures it was given, and says from when and for which days.
		await page.getByRole('link', { name: '返回统计分析' }).click();
		await page.waitForURL('**/district');
		await page.getByTestId('tile-reported').waitFor();
		await context.setOffline(true);
		await page.evaluate(() => window.dispatchEvent(new Event('offline')));
		await page.getByTestId('range-lastMonth').click();
		await page.locator('[data-testid="freshness"][data-state="offline"]').waitFor();
		expect(await page.getByTestId('freshness').textContent()).toMatch(/无法连接服务器，显示的是 .+ 获取的数据（\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}）/);
		await screenshot(page, 'district-offline-1280');
		await context.setOffline(false);

		const phone = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await stillCharts(phone.page);
		await signIn(phone.page, 'admin', PASSWORD);
		await phone.page.goto('/district');
		await lastThirtyDays(phone.page);
		await phone.page.getByTestId('tile-reported').getByText('40', { exact: true }).waitFor();
		await phone.page.waitForFunction(() => [...document.querySelectorAll('.chart canvas')].every((c) => (c as HTMLCanvasElement).width > 0));
		expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await screenshot(phone.page, 'district-360');
		await phone.context.close();
		await context.close();
	});
});
