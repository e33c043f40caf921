import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { SCREENSHOTS, newUser, screenshot, serverAndBrowser, signIn, tokenOf, waitForSync } from './browser';

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

/** Types at the end of the minutes, key by key, or `atOnce` as one input (as an IME commits it). */
async function typeAtEnd(page: Page, text: string, { atOnce = false } = {}): Promise<void> {
	await page.getByTestId('minutes-editor').click();
	await page.keyboard.press('Control+End');
	if (atOnce) await page.keyboard.insertText(text);
	else await page.keyboard.type(text);
}

describe('minutes history in the browser', () => {
	const env = serverAndBrowser();

	it("two managers' insertions are named in the diff against a relay snapshot, which can be viewed and restored", async () => {
		const secretary = await newUser(env.browser, env.server.url);
		const admin = await newUser(env.browser, env.server.url);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await signIn(admin.page, 'admin', PASSWORD);
		const url = await newMeeting(secretary.page, '快照与作者议事会');
		// In one input, the first thing the minutes document ever holds (opening the minutes
		// writes nothing), so the document's first snapshot has all of it.
		await typeAtEnd(secretary.page, '原始记录', { atOnce: true });
		await waitForSync(secretary.page, 'online', 0);

		// The relay compacts the minutes into a snapshot on its debounce after the edit. Of the
		// snapshots taken later the same day only the newest stays beside the first, so the
		// first is the one that keeps the text as it was before the additions below.
		const meetingId = url.split('/').pop()!;
		const headers = { authorization: `Bearer ${await tokenOf(secretary.page)}` };
		const snapshots = `${env.server.url}/api/communities/wenyuan/meetings/${meetingId}/snapshots`;
		const listed = async () => ((await (await fetch(snapshots, { headers })).json()) as { snapshots: { at: number }[] }).snapshots;
		await expect.poll(async () => (await listed()).length, { timeout: 15_000 }).toBeGreaterThan(0);
		const first = (await listed()).at(-1)!.at;

		await openMeeting(admin.page, url);
		// One after the other: typed at once at the same end, the two would interleave.
		await typeAtEnd(secretary.page, '；书记补充');
		await expect.poll(() => editorText(admin.page), { timeout: 15_000 }).toContain('原始记录；书记补充');
		await typeAtEnd(admin.page, '；区里补充');
		await expect.poll(() => editorText(secretary.page), { timeout: 15_000 }).toContain('原始记录；书记补充；区里补充');

		const history = secretary.page.getByTestId('history');
		await history.getByTestId('snapshots-load').click();
		const snapshot = history.locator(`[data-testid="snapshot"][data-at="${first}"]`);
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
		await secretary.page.setViewportSize({ width: 360, height: 800 });
		await screenshot(secretary.page, 'minutes-snapshot-diff-authors-360');
		await secretary.page.setViewportSize({ width: 1280, height: 860 });

		secretary.page.once('dialog', (dialog) => void dialog.accept());
		await snapshot.getByTestId('snapshot-restore').click();
		for (const page of [secretary.page, admin.page]) {
			await expect.poll(() => editorText(page), { timeout: 15_000 }).not.toContain('补充');
		}
		await expect.poll(() => history.getByTestId('restore-record').count(), { timeout: 15_000 }).toBe(1);
		expect(await history.getByTestId('restore-record').textContent()).toContain('自动快照');
		for (const page of [secretary.page, admin.page]) expect(await page.getByTestId('sync-rejected').count()).toBe(0);
	});

	it('compares two versions with every name: both writers of the insertions and the deleter of a deletion', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		const admin = await newUser(env.browser, env.server.url);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await signIn(admin.page, 'admin', PASSWORD);
		const url = await newMeeting(secretary.page, '增删署名议事会');
		await typeAtEnd(secretary.page, '书记记录：东门停车问题。');
		await openMeeting(admin.page, url);
		await expect.poll(() => editorText(admin.page), { timeout: 15_000 }).toContain('东门停车问题。');
		await typeAtEnd(admin.page, '\n区里意见：同意。');
		await expect.poll(() => editorText(secretary.page), { timeout: 15_000 }).toContain('区里意见：同意。');

		// Finalised between the two rounds of edits.
		await secretary.page.getByTestId('mark-held').click();
		await secretary.page.getByTestId('finalise').click();
		await secretary.page.getByTestId('finalise-confirm').click();
		await secretary.page.getByTestId('final-badge').waitFor();

		// The administrator replaces the end of the secretary's sentence; the secretary adds a line.
		await admin.page.getByTestId('minutes-editor').click();
		await admin.page.keyboard.press('Control+Home');
		await admin.page.keyboard.press('End');
		for (let i = 0; i < 3; i++) await admin.page.keyboard.press('Backspace');
		await admin.page.keyboard.type('改造方案');
		await expect.poll(() => editorText(secretary.page), { timeout: 15_000 }).toContain('东门停车改造方案');
		await typeAtEnd(secretary.page, '\n下周再议。');
		await expect.poll(() => editorText(admin.page), { timeout: 15_000 }).toContain('下周再议。');

		const history = secretary.page.getByTestId('history');
		await history.getByTestId('version-keep').click();
		await history.locator('[name="versionName"]').fill('会后稿');
		await history.getByTestId('version-keep-form').screenshot({ path: join(SCREENSHOTS, 'minutes-keep-version-1280-detail.png') });
		await history.getByTestId('version-keep-save').click();
		await expect.poll(() => history.locator('.versions li').count()).toBe(2);

		await history.getByTestId('diff-open').click();
		const finalId = (await history.locator('li', { has: secretary.page.getByTestId('final-badge') }).getAttribute('data-testid'))!.slice('version-'.length);
		const laterId = (await history.locator('.versions li').first().getAttribute('data-testid'))!.slice('version-'.length);
		await history.getByTestId('diff-from').selectOption(finalId);
		await history.getByTestId('diff-to').selectOption(laterId);
		const diff = history.getByTestId('diff');
		await expect.poll(() => diff.locator('ins[data-author="区级管理员"]').allTextContents(), { timeout: 15_000 }).toEqual(['改造方案']);
		await expect.poll(() => diff.locator('ins[data-author="文苑社区书记"]').allTextContents()).toEqual(['下周再议。']);
		await expect.poll(() => diff.locator('del[data-deleter="区级管理员"]').allTextContents()).toEqual(['问题。']);
		expect(await history.getByTestId('diff-deleters').textContent()).toContain('区级管理员');
		// When: the relay's clock, shown beside the deleter.
		expect(await diff.locator('.who.deleted').first().textContent()).toMatch(/区级管理员 删除 · .*\d{2}:\d{2}/);
		expect(await history.getByTestId('diff-unattributed').count()).toBe(0);

		const comparison = history.locator('.compare');
		await screenshot(secretary.page, 'minutes-versions-diff-deleter-1280');
		await comparison.screenshot({ path: join(SCREENSHOTS, 'minutes-versions-diff-deleter-1280-detail.png') });
		await secretary.page.setViewportSize({ width: 360, height: 800 });
		await screenshot(secretary.page, 'minutes-versions-diff-deleter-360');
		await comparison.screenshot({ path: join(SCREENSHOTS, 'minutes-versions-diff-deleter-360-detail.png') });
		for (const page of [secretary.page, admin.page]) expect(await page.getByTestId('sync-rejected').count()).toBe(0);
	});

	it('shows a reader as viewing, not editing, and draws no caret for it', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		const reader = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await signIn(reader.page, 'wenyuan-g01', PASSWORD);
		const readerName = (await reader.page.getByTestId('current-user').textContent())!.trim();
		const url = await newMeeting(secretary.page, '只读在场议事会');
		await typeAtEnd(secretary.page, '会议开始');
		// Minutes ending in a heading: showing them must not write anything (a reader's write is refused).
		await secretary.page.getByRole('toolbar').getByText('H2', { exact: true }).click();
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
		expect(await reader.page.getByTestId('sync-rejected').count()).toBe(0);
		await screenshot(secretary.page, 'minutes-presence-viewing-1280');
		await screenshot(reader.page, 'minutes-presence-reader-360');
	});
});
