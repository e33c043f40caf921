import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exportOf, newUser, screenshot, serverAndBrowser, signIn, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';

async function openMeetings(page: Page): Promise<void> {
	await page.getByTestId('community-wenyuan').click();
	await page.getByTestId('nav-meetings').click();
	await page.getByRole('heading', { name: '议事协商', exact: true }).waitFor();
}

/** Clicks the end of the last block of the minutes, as a person continuing the text does. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
	const last = page.getByTestId('minutes-editor').locator(':scope > *').last();
	await last.scrollIntoViewIfNeeded();
	const box = (await last.boundingBox())!;
	await page.mouse.click(box.x + box.width - 2, box.y + box.height - 4);
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

/** The minutes as typed: without the other people's carets and the decision chips drawn inside. */
const editorText = (page: Page) =>
	page.getByTestId('minutes-editor').evaluate((element) => {
		const copy = element.cloneNode(true) as HTMLElement;
		for (const drawn of copy.querySelectorAll('.collaboration-carets__caret, .decision-chip')) drawn.remove();
		return copy.textContent ?? '';
	});

describe('consultation minutes in the browser', () => {
	const env = serverAndBrowser();
	const downloads = mkdtempSync(join(tmpdir(), 'minutes-downloads-'));
	afterAll(() => rmSync(downloads, { recursive: true, force: true }));

	it('two people write the same minutes live, one offline across a reload, and both texts merge', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		// The district admin, a manager too, on a phone.
		const worker = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await signIn(worker.page, 'admin', PASSWORD);
		const secretaryName = await secretary.page.getByTestId('current-user').textContent();

		await openMeetings(secretary.page);
		await secretary.page.getByTestId('meeting-add').click();
		const form = secretary.page.getByTestId('meeting-form');
		await form.locator('[name="title"]').fill('楼道堆物专项整治议事会');
		await form.locator('[name="date"]').fill('2030-03-05T15:00');
		await form.locator('[name="place"]').fill('文苑党群服务站');
		await form.locator('[name="agenda"]').fill('堆物现状通报\n清理方案');
		await form.getByTestId('meeting-save').click();
		await secretary.page.getByTestId('meeting-title').waitFor();
		const meetingUrl = new URL(secretary.page.url()).pathname;

		// The admin only looks at the list: the new meeting's minutes reach the device anyway.
		await openMeetings(worker.page);
		await worker.page.getByText('楼道堆物专项整治议事会').click();
		await worker.page.getByTestId('minutes-editor').waitFor();
		await waitForServiceWorker(worker.page);

		await typeAtEnd(secretary.page, '一、现状：3号楼楼道堆放杂物');
		await expect.poll(() => editorText(worker.page)).toContain('3号楼楼道堆放杂物');
		await typeAtEnd(worker.page, '区里补充：已拍照取证');
		await expect.poll(() => editorText(secretary.page)).toContain('已拍照取证');
		// Each sees the other's caret with a name, and who else is here.
		await expect.poll(() => worker.page.locator('.collaboration-carets__label').allTextContents()).toContain(secretaryName);
		await expect.poll(() => secretary.page.getByTestId('presence').textContent()).toMatch(/正在编辑/);
		await screenshot(secretary.page, 'minutes-live-1280');
		await screenshot(worker.page, 'minutes-live-360');

		await waitForSync(worker.page, 'online', 0);
		await worker.context.setOffline(true);
		await waitForSync(worker.page, 'offline', 0);
		await typeAtEnd(worker.page, '。离线记录：居民同意周六集中清理');
		await expect.poll(async () => Number(await worker.page.getByTestId('sync-indicator').getAttribute('data-pending'))).toBeGreaterThan(0);
		await typeAtEnd(secretary.page, '。在线补充：物业提供清运车辆');
		await waitForSync(secretary.page, 'online', 0);

		await worker.page.reload();
		await worker.page.getByTestId('minutes-editor').waitFor();
		expect(new URL(worker.page.url()).pathname).toBe(meetingUrl);
		await expect.poll(() => editorText(worker.page)).toContain('居民同意周六集中清理');
		expect(await editorText(worker.page)).not.toContain('物业提供清运车辆');
		await screenshot(worker.page, 'minutes-offline-360');

		await worker.context.setOffline(false);
		await waitForSync(worker.page, 'online', 0);
		for (const { page } of [secretary, worker]) {
			await expect.poll(() => editorText(page)).toContain('居民同意周六集中清理');
			await expect.poll(() => editorText(page)).toContain('物业提供清运车辆');
			await expect.poll(() => editorText(page)).toContain('已拍照取证');
		}
		// The relay holds the merged text.
		const exported = await exportOf<{ minutes: Record<string, { text: string }> }>(env.server, secretary.page);
		const texts = Object.values(exported.minutes).map((m) => m.text);
		expect(texts.some((text) => text.includes('居民同意周六集中清理') && text.includes('物业提供清运车辆'))).toBe(true);
		await secretary.context.close();
		await worker.context.close();
	});

	it('records a decision from a passage, finalises a frozen version, diffs, restores, exports and takes reviews', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		const worker = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await signIn(worker.page, 'wenyuan-g01', PASSWORD);
		await openMeetings(secretary.page);
		await screenshot(secretary.page, 'meetings-1280');
		await secretary.page.getByText('关于小区停车位规划的议事协商会').click();
		const page = secretary.page;
		await page.getByTestId('minutes-editor').waitFor();
		await expect.poll(() => editorText(page)).toContain('情况通报');
		await waitForSync(page, 'online', 0);

		// A decision from the selected passage, its state shown inline.
		await typeAtEnd(page, '\n物业两周内完成充电桩选址');
		expect(await editorText(page)).toMatch(/^一、情况通报/);
		await page.keyboard.press('Shift+Home');
		await page.getByTestId('make-action').click();
		await expect.poll(() => page.locator('.decision-chip').allTextContents()).toContainEqual(expect.stringContaining('待办'));
		const decisions = page.getByTestId('decisions');
		await expect.poll(() => decisions.textContent()).toContain('物业两周内完成充电桩选址');

		await page.getByTestId('finalise').click();
		await page.getByTestId('finalise-confirm').click();
		await expect.poll(() => page.getByTestId('meeting-status').textContent()).toContain('已定稿');
		await page.getByTestId('final-badge').waitFor();

		// The current text changes; the frozen version does not.
		await typeAtEnd(page, '\n会后补记：业主代表另提出增设非机动车棚');
		const history = page.getByTestId('history');
		const finalVersion = history.locator('li', { has: page.getByTestId('final-badge') });
		await finalVersion.getByTestId('version-view').click();
		await expect.poll(() => finalVersion.getByTestId('version-text').textContent()).toContain('物业两周内完成充电桩选址');
		expect(await finalVersion.getByTestId('version-text').textContent()).not.toContain('非机动车棚');
		await finalVersion.getByTestId('version-compare').click();
		await expect.poll(() => history.getByTestId('diff').locator('ins').allTextContents()).toContainEqual(expect.stringContaining('会后补记：业主代表另提出增设非机动车棚'));
		expect(await history.getByTestId('diff').locator('del').count()).toBe(0);
		expect(await editorText(page)).toContain('物业两周内完成充电桩选址');
		await screenshot(page, 'minutes-finalised-diff-1280');

		// The attendee, a grid worker, reads the minutes and signs off the final version: the one
		// thing its role writes in the meeting's document.
		await openMeetings(worker.page);
		await screenshot(worker.page, 'meetings-360');
		await worker.page.getByText('关于小区停车位规划的议事协商会').click();
		await worker.page.getByTestId('read-only-note').waitFor();
		expect(await worker.page.getByTestId('minutes-editor').getAttribute('contenteditable')).toBe('false');
		expect(await worker.page.getByTestId('finalise').count()).toBe(0);
		await worker.page.getByTestId('mark-reviewed').click();
		await worker.page.getByTestId('reviewed').waitFor();
		await waitForSync(worker.page, 'online', 0);
		expect(await worker.page.getByTestId('sync-refused').count()).toBe(0);
		await screenshot(worker.page, 'minutes-finalised-360');
		const workerName = await worker.page.getByTestId('current-user').textContent();
		await expect.poll(() => finalVersion.getByTestId('reviewed-by').textContent()).toContain(workerName!);

		// Exports carry the Chinese text: DOCX (unzipped) and Markdown.
		const [docx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-docx').click()]);
		const docxPath = join(downloads, 'minutes.docx');
		await docx.saveAs(docxPath);
		expect(docx.suggestedFilename()).toMatch(/^关于小区停车位规划的议事协商会 .*\.docx$/);
		const xml = execFileSync('unzip', ['-p', docxPath, 'word/document.xml']).toString('utf8');
		for (const text of ['关于小区停车位规划的议事协商会', '一、情况通报', '会后补记：业主代表另提出增设非机动车棚', '物业两周内完成充电桩选址', '张德明']) {
			expect(xml).toContain(text);
		}
		expect(xml).toContain('<w:pStyle w:val="Heading3"/>');
		const [markdown] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()]);
		const markdownPath = join(downloads, 'minutes.md');
		await markdown.saveAs(markdownPath);
		const md = readFileSync(markdownPath, 'utf8');
		expect(md).toMatch(/^# 关于小区停车位规划的议事协商会\n/);
		expect(md).toContain('#### 一、情况通报');
		expect(md).toContain('会后补记：业主代表另提出增设非机动车棚');

		// Restoring the final version is a new change; the replaced text is kept as a version.
		page.once('dialog', (dialog) => void dialog.accept());
		await finalVersion.getByTestId('version-restore').click();
		await expect.poll(() => editorText(page)).not.toContain('非机动车棚');
		await expect.poll(() => editorText(worker.page)).not.toContain('非机动车棚');
		await expect.poll(() => history.textContent()).toContain('恢复“定稿”前的文本');
		await page.emulateMedia({ media: 'print' });
		await screenshot(page, 'minutes-print-1280');
		await page.emulateMedia({ media: 'screen' });
		await secretary.context.close();
		await worker.context.close();
	}, 240_000);
});
