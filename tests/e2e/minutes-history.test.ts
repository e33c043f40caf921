import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newUser, screenshot, serverAndBrowser, signIn, tokenOf, waitForSync } from './browser';

const PASSWORD = 'demo1234';

async function openMeeting(page: Page, url: string): Promise<void> {
	await page.goto(url);
	// A fresh page syncs every community of the account first: on a busy machine this takes a while.
	await page.getByTestId('minutes-editor').waitFor({ timeout: 60_000 });
}

async function newMeeting(page: Page, title: string): Promise<string> {
	await page.getByTestId('community-wenyuan').click();
	await page.getByTestId('nav-meetings').click();
	await page.getByTestId('meeting-add').click();
	const form = page.getByTestId('meeting-form');
	await form.locator('[name="title"]').fill(title);
	await form.locator('[name="date"]').fill('2030-04-02T15:00');
	await form.getByTestId('meeting-save').click();
	await page.getByTestId('meeting-title').waitFor();
	await page.getByTestId('minutes-editor').waitFor();
	return new URL(page.url()).pathname;
}

/** The minutes as typed: without the other people's carets drawn inside. */
const editorText = (page: Page) =>
	page.getByTestId('minutes-editor').evaluate((element) => {
		const copy = element.cloneNode(true) as HTMLElement;
		for (const drawn of copy.querySelectorAll('.collaboration-carets__caret')) drawn.remove();
		return copy.textContent ?? '';
	});

async function typeAtEnd(page: Page, text: string): Promise<void> {
	await page.getByTestId('minutes-editor').click();
	await page.keyboard.press('Control+End');
	await page.keyboard.type(text);
}

describe('minutes history in the browser', () => {
	const env = serverAndBrowser();

	it("two managers' insertions are named in the diff against a relay snapshot, which can be viewed and restored", async () => {
		const secretary = await newUser(env.browser, env.server.url);
		const admin = await newUser(env.browser, env.server.url);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await signIn(admin.page, 'admin', PASSWORD);
		const url = await newMeeting(secretary.page, '快照与作者议事会');
		await typeAtEnd(secretary.page, '原始记录');
		await waitForSync(secretary.page, 'online', 0);

		// The relay compacts the minutes into a snapshot on its debounce after the edit.
		const meetingId = url.split('/').pop()!;
		const token = await tokenOf(secretary.page);
		const snapshots = `${env.server.url}/api/communities/wenyuan/meetings/${meetingId}/snapshots`;
		await expect
			.poll(async () => (await (await fetch(snapshots, { headers: { authorization: `Bearer ${token}` } })).json()).snapshots.length, {
				timeout: 15_000
			})
			.toBeGreaterThan(0);

		await openMeeting(admin.page, url);
		await typeAtEnd(secretary.page, '；书记补充');
		await typeAtEnd(admin.page, '；区里补充');
		for (const page of [secretary.page, admin.page]) {
			await expect.poll(() => editorText(page), { timeout: 15_000 }).toMatch(/书记补充.*区里补充|区里补充.*书记补充/);
		}

		const history = secretary.page.getByTestId('history');
		await history.getByTestId('snapshots-load').click();
		const snapshot = history.getByTestId('snapshot').first();
		await expect.poll(() => snapshot.textContent()).toContain('自动快照');
		await snapshot.getByTestId('snapshot-view').click();
		await expect.poll(() => snapshot.getByTestId('snapshot-text').textContent()).toContain('原始记录');
		expect(await snapshot.getByTestId('snapshot-text').textContent()).not.toContain('补充');

		await snapshot.getByTestId('snapshot-compare').click();
		const diff = history.getByTestId('diff');
		await expect.poll(() => diff.locator('ins[data-author="文苑社区书记"]').allTextContents()).toContain('；书记补充');
		await expect.poll(() => diff.locator('ins[data-author="区级管理员"]').allTextContents()).toContain('；区里补充');
		expect(await history.getByTestId('diff-authors').textContent()).toMatch(/文苑社区书记.*区级管理员|区级管理员.*文苑社区书记/);
		await history.scrollIntoViewIfNeeded();
		await screenshot(secretary.page, 'minutes-snapshot-diff-authors-1280');

		secretary.page.once('dialog', (dialog) => void dialog.accept());
		await snapshot.getByTestId('snapshot-restore').click();
		for (const page of [secretary.page, admin.page]) {
			await expect.poll(() => editorText(page), { timeout: 15_000 }).not.toContain('补充');
		}
		await expect.poll(() => history.getByTestId('restore-record').count(), { timeout: 15_000 }).toBe(1);
		expect(await history.getByTestId('restore-record').textContent()).toContain('自动快照');
	});

	it('shows a reader as viewing, not editing, and draws no caret for it', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		const reader = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await signIn(reader.page, 'wenyuan-g01', PASSWORD);
		const readerName = (await reader.page.getByTestId('current-user').textContent())!.trim();
		const url = await newMeeting(secretary.page, '只读在场议事会');
		await typeAtEnd(secretary.page, '会议开始');
		await openMeeting(reader.page, url);
		// The reader clicks into the text, as someone reading along does.
		await reader.page.getByTestId('minutes-editor').click();

		await expect.poll(() => secretary.page.getByTestId('presence-viewing').allTextContents(), { timeout: 15_000 }).toContain(readerName);
		expect(await secretary.page.getByTestId('presence-editing').allTextContents()).not.toContain(readerName);
		expect(await secretary.page.getByTestId('presence').textContent()).toContain('正在查看');
		expect(await secretary.page.locator('.collaboration-carets__label').allTextContents()).not.toContain(readerName);
		// The reader sees the secretary as editing, with a caret.
		await expect.poll(() => reader.page.getByTestId('presence-editing').allTextContents()).toContain('文苑社区书记');
		await typeAtEnd(secretary.page, '，书记记录中');
		await expect.poll(() => reader.page.locator('.collaboration-carets__label').allTextContents()).toContain('文苑社区书记');
		await screenshot(secretary.page, 'minutes-presence-viewing-1280');
		await screenshot(reader.page, 'minutes-presence-reader-360');
	});
});
