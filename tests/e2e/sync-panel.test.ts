import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newUser, screenshot, serverAndBrowser, signIn, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';
const ROOT = 'community:wenyuan';

describe('the sync panel', () => {
	const env = serverAndBrowser();

	it('shows a change waiting offline on its document, 0 with a confirmation time once the relay holds it, and the backup kept before the merge', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(page, 'wenyuan-sec', PASSWORD);
		await page.getByTestId('community-wenyuan').click();
		await page.getByTestId('grid-board').waitFor();
		await waitForServiceWorker(page);
		await waitForSync(page, 'online', 0);

		await context.setOffline(true);
		await waitForSync(page, 'offline', 0);
		await page.getByTestId('grid-g04').getByTestId('grid-edit').click();
		await page.getByTestId('grid-editor').locator('[name="households"]').fill('613');
		await page.getByTestId('grid-editor').getByTestId('editor-save').click();
		await waitForSync(page, 'offline', 1);

		await page.getByTestId('sync-indicator').click();
		const root = page.locator(`[data-testid="sync-document"][data-doc="${ROOT}"]`);
		await root.waitFor();
		expect(await root.getAttribute('data-pending')).toBe('1');
		expect(await root.getAttribute('data-condition')).toBe('offline');
		expect(await root.textContent()).toContain('社区主文档');
		expect(await root.textContent()).toContain('1 项更改尚未经服务器确认');
		expect(await root.textContent()).toContain('联网后自动发送');
		// Only the root was edited: the month's document has nothing waiting.
		const period = page.locator('[data-testid="sync-document"][data-doc^="community:wenyuan:period:"]').first();
		expect(await period.getAttribute('data-pending')).toBe('0');
		expect(await period.textContent()).toMatch(/\d{4}年\d{1,2}月案件与服务/);
		await screenshot(page, 'sync-panel-phone-offline');

		await context.setOffline(false);
		await page.waitForSelector(`[data-testid="sync-document"][data-doc="${ROOT}"][data-pending="0"][data-condition="online"]`);
		expect(await root.getByTestId('sync-document-confirmed').textContent()).toContain('上次确认：刚刚');
		expect(await root.textContent()).toContain('与服务器一致');

		// The state before the merge was kept, and is the user's to download or merge back.
		const backup = page.locator(`[data-testid="sync-backup"][data-doc="${ROOT}"][data-kind="merge"]`);
		await backup.waitFor();
		expect(await backup.textContent()).toContain('文苑社区 · 社区主文档');
		const [download] = await Promise.all([page.waitForEvent('download'), backup.getByRole('button', { name: '下载备份文件' }).click()]);
		const kept = new Y.Doc();
		Y.applyUpdate(kept, readFileSync((await download.path())!));
		expect(JSON.stringify(kept.getMap('grids').toJSON())).toContain('613');
		await backup.getByRole('button', { name: '重新应用' }).click();
		// Everything in the copy is in the document already: a CRDT merge has nothing to add.
		expect(await backup.getByTestId('sync-backup-outcome').textContent()).toContain('备份中的内容都已在文档里');
		await waitForSync(page, 'online', 0);
		await screenshot(page, 'sync-panel-phone-online');
		await page.setViewportSize({ width: 1280, height: 860 });
		await screenshot(page, 'sync-panel-desktop');
		await context.close();
	});
});
