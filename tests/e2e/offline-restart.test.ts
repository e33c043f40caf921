import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../integration/harness';
import { CHROMIUM, CHROMIUM_ARGS, exportOf, screenshot, signIn, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';
const COMMUNITIES = ['wenyuan', 'xinhua', 'heping', 'dongfang', 'jinshan'];
type Stored = { grids: Record<string, { households: number }> };

/** A browser with a profile on disk, so closing and launching it again is a real restart. */
function launch(profile: string, baseURL: string): Promise<BrowserContext> {
	return chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		baseURL,
		locale: 'zh-CN',
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
}

/** The first grid of the community's board, offline, with its households raised by one; returns the grid and its new count. */
async function editFirstGrid(page: Page, communityId: string): Promise<{ gridId: string; households: number }> {
	await page.goto(`/c/${communityId}/grids`);
	const card = page.getByTestId('grid-board').locator('article').first();
	await card.waitFor();
	const gridId = (await card.getAttribute('data-testid'))!.slice('grid-'.length);
	const households = Number((await card.getByTestId('grid-households').textContent())!.replace(/\D/g, '')) + 1;
	await card.getByTestId('grid-edit').click();
	await page.getByTestId('grid-editor').locator('[name="households"]').fill(String(households));
	await page.getByTestId('grid-editor').getByTestId('editor-save').click();
	await page.getByTestId('grid-editor').waitFor({ state: 'detached' });
	return { gridId, households };
}

describe('offline across a browser restart', () => {
	let server: RunningServer;
	const profile = mkdtempSync(join(tmpdir(), 'gongzhi-profile-'));
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server?.stop();
		rmSync(profile, { recursive: true, force: true });
	});

	it('opens every community offline in a fresh page, keeps edits across a restart, and reads 0 only once the relay holds them all', async () => {
		let context = await launch(profile, server.url);
		const online = await context.newPage();
		await signIn(online, 'admin', PASSWORD);
		const token = await online.evaluate(() => JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}').token);
		await waitForServiceWorker(online);
		await expect.poll(() => online.getByTestId('offline-ready').count()).toBe(COMMUNITIES.length);
		await online.close();

		// A fresh page with no network: every community opens from the device.
		await context.setOffline(true);
		const page = await context.newPage();
		await page.goto('/');
		for (const id of COMMUNITIES) {
			await page.getByTestId(`community-${id}`).click();
			await page.getByTestId('grid-board').locator('article').first().waitFor();
			expect(await page.getByTestId('offline-gaps').count()).toBe(0);
			await page.goBack();
		}
		const first = await editFirstGrid(page, 'wenyuan');
		await waitForSync(page, 'offline', 1);

		// The browser closes and starts again, still with no network.
		await context.close();
		context = await launch(profile, server.url);
		await context.setOffline(true);
		const again = context.pages()[0] ?? (await context.newPage());
		await again.goto('/');
		await again.getByTestId('community-list').waitFor();
		// The change from before the restart is counted although its community is not on screen.
		await waitForSync(again, 'offline', 1);
		const second = await editFirstGrid(again, 'jinshan');
		await waitForSync(again, 'offline', 2);
		await screenshot(again, 'offline-restart-phone');

		await context.setOffline(false);
		await waitForSync(again, 'online', 0);
		// At the moment the counter reads 0, the relay holds both changes.
		const [wenyuan, jinshan] = await Promise.all([exportOf<Stored>(server, token, 'wenyuan'), exportOf<Stored>(server, token, 'jinshan')]);
		expect(wenyuan.grids[first.gridId].households).toBe(first.households);
		expect(jinshan.grids[second.gridId].households).toBe(second.households);
		await context.close();
	});
});
