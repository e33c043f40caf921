import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runAdmin } from '../../server/cli/admin';
import type { RunningServer } from '../integration/harness';
import { exportOf, newUser, serverAndBrowser, screenshot, signIn, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';
const DAY = 86_400_000;

/** Tomorrow's date in China time, as the activity form takes it. */
const tomorrow = () => new Date(Date.now() + DAY + 8 * 3_600_000).toISOString().slice(0, 10);

async function admin(server: RunningServer, ...argv: string[]): Promise<void> {
	const err: string[] = [];
	const code = await runAdmin(argv, { DATA_DIR: server.dataDir }, { out: () => {}, err: (line) => err.push(line) });
	expect(err.join('\n')).toBe('');
	expect(code).toBe(0);
}

type Stored = { volunteers: Record<string, { name: string; phone: string; archived: boolean; homeGrid: string }> };

describe('volunteers in the browser', () => {
	const env = serverAndBrowser();

	it('keeps two offline sign-ups for the last place, shows the activity overbooked, and the organiser resolves it', async () => {
		// A second volunteer with an account, linked to the roster by the secretary below.
		await admin(env.server, 'user', 'add', 'wenyuan-vol2', '--password', PASSWORD, '--name', '刘建军');
		await admin(env.server, 'grant', 'wenyuan-vol2', 'wenyuan', 'volunteer');

		const secretary = await newUser(env.browser, env.server.url);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await secretary.page.goto('/c/wenyuan/volunteers');
		const card = secretary.page.getByTestId('roster').locator('li', { hasText: '刘建军' });
		await card.getByTestId('volunteer-edit').click();
		const editor = secretary.page.getByTestId('volunteer-editor');
		await editor.locator('[name="userId"]').selectOption({ label: '刘建军' });
		await editor.getByTestId('editor-save').click();
		await card.getByText('已关联账号').waitFor();
		await screenshot(secretary.page, 'roster-1280');

		await secretary.page.getByTestId('nav-activities').click();
		await secretary.page.getByTestId('activity-add').click();
		const form = secretary.page.getByTestId('activity-editor');
		await form.locator('[name="title"]').fill('护学岗·新华街小学晨间');
		await form.locator('[name="kind"]').selectOption('school-guard');
		await form.locator('[name="date"]').fill(tomorrow());
		await form.locator('[name="start"]').fill('07:20');
		await form.locator('[name="end"]').fill('08:10');
		await form.locator('[name="slots"]').fill('1');
		await form.locator('[name="place"]').fill('新华街小学南门');
		await form.getByTestId('editor-save').click();
		const organiserCard = secretary.page.getByTestId('activities').locator('li', { hasText: '护学岗·新华街小学晨间' });
		await organiserCard.waitFor();

		const phones = await Promise.all(
			[['wenyuan-vol', '王秀兰'], ['wenyuan-vol2', '刘建军']].map(async ([username, name]) => {
				const user = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
				await signIn(user.page, username, PASSWORD);
				await user.page.getByTestId('community-wenyuan').click();
				await user.page.getByTestId('me-name').filter({ hasText: name }).waitFor();
				await user.page.getByTestId('nav-activities').click();
				const mine = user.page.getByTestId('activities').locator('li', { hasText: '护学岗·新华街小学晨间' });
				await mine.getByTestId('sign-up').waitFor();
				await waitForServiceWorker(user.page);
				await waitForSync(user.page, 'online', 0);
				return { ...user, card: mine };
			})
		);

		for (const phone of phones) {
			await phone.context.setOffline(true);
			await waitForSync(phone.page, 'offline', 0);
		}
		for (const phone of phones) {
			// Each phone still sees the last place free.
			await expect.poll(() => phone.card.getByTestId('activity-slots').textContent()).toContain('0/1');
			await phone.card.getByTestId('sign-up').click();
			await phone.card.getByTestId('my-signup').waitFor();
			await waitForSync(phone.page, 'offline', 1);
		}
		// A phone on patrol may reload with no signal: the sign-up is still there, still pending.
		await phones[0].page.reload();
		await phones[0].card.getByTestId('my-signup').waitFor();
		await waitForSync(phones[0].page, 'offline', 1);
		await screenshot(phones[0].page, 'activities-offline-360');

		for (const phone of phones) await phone.context.setOffline(false);
		for (const phone of phones) await waitForSync(phone.page, 'online', 0);

		await organiserCard.getByTestId('overbooked').waitFor();
		expect(await organiserCard.getByTestId('activity-slots').textContent()).toContain('2/1');
		await secretary.page.getByTestId('overbooked-notice').waitFor();
		for (const phone of phones) await phone.card.getByTestId('overbooked').waitFor();
		await screenshot(phones[1].page, 'activities-overbooked-360');

		await organiserCard.getByTestId('activity-title').click();
		const panel = secretary.page.getByTestId('overbooked-panel');
		await panel.waitFor();
		await screenshot(secretary.page, 'activity-overbooked-1280');
		// The later sign-up is the one offered for cancelling; both are listed.
		expect(await secretary.page.getByTestId('signups').locator('li').count()).toBe(2);
		await panel.locator('[data-testid^="resolve-cancel-"]').first().click();
		await panel.waitFor({ state: 'detached' });
		expect(await secretary.page.getByTestId('activity-slots').textContent()).toContain('1/1');
		for (const phone of phones) {
			await expect.poll(() => phone.card.getByTestId('activity-slots').textContent()).toContain('1/1');
			expect(await phone.card.getByTestId('overbooked').count()).toBe(0);
		}
		expect(await Promise.all(phones.map((phone) => phone.card.getByTestId('my-signup').count()))).toEqual(
			expect.arrayContaining([0, 1])
		);
		await screenshot(secretary.page, 'activity-resolved-1280');

		// The volunteer still signed up logs a service from the phone; the roster's totals count it.
		const kept = (await phones[0].card.getByTestId('my-signup').count()) ? phones[0] : phones[1];
		await kept.page.getByTestId('nav-me').click();
		const before = Number(await kept.page.getByTestId('my-services').textContent());
		const service = kept.page.getByTestId('service-form');
		await service.locator('[name="kind"]').selectOption('elder-care');
		await service.locator('[name="minutes"]').fill('45');
		await service.locator('[name="note"]').fill('陪同独居老人复诊取药');
		await service.getByTestId('service-save').click();
		await expect.poll(() => kept.page.getByTestId('my-services').textContent()).toBe(String(before + 1));
		await kept.page.getByTestId('my-service-log').getByText('陪同独居老人复诊取药').waitFor();
		await screenshot(kept.page, 'me-360');

		for (const user of [secretary, ...phones]) await user.context.close();
	});

	it('previews a CSV import with per-row errors, writes nothing until confirmed, and imports an .xlsx', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await signIn(page, 'wenyuan-sec', PASSWORD);
		const before = Object.keys((await exportOf<Stored>(env.server, page)).volunteers).length;
		await page.goto('/c/wenyuan/volunteers');
		await page.getByTestId('roster-import').click();

		const csv = [
			'姓名,手机号,工作单位,是否党员,技能特长,所在网格',
			'张德明,13903529901,"区教育局, 党建科",是,"读报、""银发""课堂",文苑第1网格',
			'李红,1390352,社区居民,否,,',
			'王秀兰,13903521101,退休教师,是,,',
			'赵凤英,13903529903,,也许,,第99网格'
		].join('\r\n');
		await page.getByTestId('import-file').setInputFiles({
			name: '名册.csv',
			mimeType: 'text/csv',
			buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])
		});
		await page.getByTestId('import-preview').waitFor();
		expect(await page.getByTestId('import-summary').textContent()).toContain('共 4 行：1 行可以导入，3 行有问题');
		expect(await page.getByTestId('import-row-2').textContent()).toContain('区教育局, 党建科');
		expect(await page.getByTestId('import-row-3').textContent()).toContain('“1390352”不是有效的手机号或固定电话');
		expect(await page.getByTestId('import-row-4').textContent()).toContain('同名同电话的志愿者已在名册中');
		expect(await page.getByTestId('import-row-5').textContent()).toContain('本社区没有“第99网格”');
		expect(await page.getByTestId('import-row-5').textContent()).toContain('“也许”无法识别');
		await screenshot(page, 'roster-import-preview-1280');
		await page.setViewportSize({ width: 360, height: 800 });
		await screenshot(page, 'roster-import-preview-360');
		await page.setViewportSize({ width: 1280, height: 860 });
		expect(Object.keys((await exportOf<Stored>(env.server, page)).volunteers)).toHaveLength(before);

		await page.getByTestId('import-confirm').click();
		expect(await page.getByTestId('import-done').textContent()).toContain('已导入 1 名志愿者');
		await expect.poll(async () => Object.values((await exportOf<Stored>(env.server, page)).volunteers).filter((v) => v.name === '张德明')).toEqual([
			expect.objectContaining({ phone: '13903529901', homeGrid: 'g01', archived: false })
		]);

		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('志愿者');
		sheet.addRow(['姓名', '电话', '党员']);
		sheet.addRow(['孟繁荣', 13903529911, '是']);
		sheet.addRow(['韩雪', 13903529912, '否']);
		await page.getByTestId('import-file').setInputFiles({
			name: '名册.xlsx',
			mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			buffer: Buffer.from(await workbook.xlsx.writeBuffer())
		});
		expect(await page.getByTestId('import-summary').textContent()).toContain('共 2 行：2 行可以导入，0 行有问题');
		await page.getByTestId('import-confirm').click();
		await page.getByTestId('import-undo').click();
		expect(await page.getByTestId('import-done').textContent()).toContain('已撤销');
		await expect.poll(async () => {
			const imported = Object.values((await exportOf<Stored>(env.server, page)).volunteers).filter((v) => ['孟繁荣', '韩雪'].includes(v.name));
			return imported.map((v) => v.archived);
		}).toEqual([true, true]);

		await page.getByText('返回名册').click();
		await page.getByTestId('roster').getByText('张德明').waitFor();
		await page.setViewportSize({ width: 360, height: 800 });
		await screenshot(page, 'roster-360');
		await context.close();
	});
});
