import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../server/cli/admin';
import type { Page } from 'playwright-core';
import { exportOf, newUser, serverAndBrowser, screenshot, signIn, syncState, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';

async function openBoard(page: Page, communityId: string): Promise<void> {
	await page.getByTestId(`community-${communityId}`).click();
	await page.getByTestId('grid-board').waitFor();
}

async function editGrid(page: Page, gridId: string, field: string, value: string): Promise<void> {
	await page.getByTestId(`grid-${gridId}`).getByTestId('grid-edit').click();
	const editor = page.getByTestId('grid-editor');
	await editor.locator(`[name="${field}"]`).fill(value);
	await editor.getByTestId('editor-save').click();
	await editor.waitFor({ state: 'detached' });
}

type Stored = { grids: Record<string, { households: number; boundary: string; name: string }> };

describe('grid board in the browser', () => {
	const env = serverAndBrowser();

	it('refuses a wrong password with a clear message', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await page.goto('/login');
		await page.getByLabel('用户名').fill('wenyuan-sec');
		await page.getByLabel('密码').fill('not-the-password');
		await page.getByRole('button', { name: '登录', exact: true }).click();
		await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码不正确');
		await screenshot(page, 'login-wrong-password');
		await context.close();
	});

	it('merges two users editing one grid while one of them is offline, across an offline reload', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		const admin = await newUser(env.browser, env.server.url);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		// Grid settings are the managers': the secretary and the district's admin.
		await signIn(admin.page, 'admin', PASSWORD);
		await screenshot(secretary.page, 'communities');
		await openBoard(secretary.page, 'wenyuan');
		await openBoard(admin.page, 'wenyuan');
		await waitForServiceWorker(admin.page);
		await waitForSync(admin.page, 'online', 0);
		await screenshot(secretary.page, 'grid-board');

		// Live: a grid the secretary adds appears for the admin without a reload.
		await secretary.page.getByTestId('grid-add').click();
		const editor = secretary.page.getByTestId('grid-editor');
		await editor.locator('[name="name"]').fill('文苑第7网格');
		await editor.locator('[name="households"]').fill('388');
		await editor.locator('[name="boundary"]').fill('东至文苑路，西至铁路货场，南至北环路，北至园林巷');
		await screenshot(secretary.page, 'grid-editor');
		await editor.getByTestId('editor-save').click();
		await admin.page.getByText('文苑第7网格').waitFor();

		await admin.context.setOffline(true);
		await waitForSync(admin.page, 'offline', 0);
		await editGrid(admin.page, 'g01', 'households', '421');
		await waitForSync(admin.page, 'offline', 1);
		await editGrid(secretary.page, 'g01', 'boundary', '东至新华街，西至小区围墙，南至迎宾街，北至12号楼');
		await waitForSync(secretary.page, 'online', 0);

		const reloadStarted = Date.now();
		await admin.page.reload();
		await expect.poll(() => admin.page.getByTestId('grid-g01').getByTestId('grid-households').textContent()).toContain('421');
		const offlineReloadMs = Date.now() - reloadStarted;
		console.log(`offline reload to board with the offline edit: ${offlineReloadMs} ms`);
		expect(await syncState(admin.page)).toEqual({ connection: 'offline', pending: 1 });
		await screenshot(admin.page, 'grid-board-offline');

		await admin.context.setOffline(false);
		await waitForSync(admin.page, 'online', 0);
		// The indicator said 0: the relay must really have it.
		const stored = await exportOf<Stored>(env.server, admin.page);
		expect(stored.grids.g01.households).toBe(421);
		expect(stored.grids.g01.boundary).toBe('东至新华街，西至小区围墙，南至迎宾街，北至12号楼');
		expect(Object.values(stored.grids).filter((grid) => grid.name === '文苑第7网格')).toHaveLength(1);

		for (const { page } of [secretary, admin]) {
			const card = page.getByTestId('grid-g01');
			await expect.poll(() => card.getByTestId('grid-households').textContent()).toContain('421');
			await expect.poll(() => card.getByTestId('grid-boundary').textContent()).toContain('北至12号楼');
		}
		await screenshot(admin.page, 'grid-board-merged');
		// Who changed this: the secretary sees the admin's offline edit in the grid's history.
		const history = secretary.page.getByTestId('grid-g01').getByTestId('grid-history');
		await history.locator('summary').click();
		await expect.poll(() => history.textContent()).toMatch(/区级管理员 把「住户数」从 \d+ 改为 421/);
		await screenshot(secretary.page, 'grid-history');
		await secretary.context.close();
		await admin.context.close();
	});

	it('undoes a change the relay refuses (a secretary demoted while offline) and says why', async () => {
		const env0 = { DATA_DIR: env.server.dataDir };
		const quiet = { out: () => undefined, err: () => undefined };
		await runAdmin(['user', 'add', 'wenyuan-sec2', '--password', PASSWORD], env0, quiet);
		await runAdmin(['grant', 'wenyuan-sec2', 'wenyuan', 'secretary'], env0, quiet);
		const { context, page } = await newUser(env.browser, env.server.url);
		await signIn(page, 'wenyuan-sec2', PASSWORD);
		await openBoard(page, 'wenyuan');
		await waitForServiceWorker(page);
		await waitForSync(page, 'online', 0);
		const before = (await exportOf<Stored>(env.server, page)).grids.g03.households;

		await context.setOffline(true);
		await waitForSync(page, 'offline', 0);
		await editGrid(page, 'g03', 'households', String(before + 100));
		await waitForSync(page, 'offline', 1);
		// Meanwhile the district takes the community's settings out of this account's hands.
		await runAdmin(['grant', 'wenyuan-sec2', 'wenyuan', 'gridworker'], env0, quiet);
		await context.setOffline(false);

		const banner = page.getByTestId('sync-rejected');
		await banner.waitFor();
		expect(await banner.textContent()).toContain('a gridworker may not change the community settings');
		await screenshot(page, 'sync-rejected');
		await banner.getByRole('button').click();
		await page.getByTestId('grid-board').waitFor();
		await waitForSync(page, 'online', 0);
		await expect.poll(() => page.getByTestId('grid-g03').getByTestId('grid-households').textContent()).toContain(String(before));
		expect((await exportOf<Stored>(env.server, await login('admin'))).grids.g03.households).toBe(before);
		await context.close();
	});

	it('keeps offline edits when the relay refuses the token, and syncs them after signing in again', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await signIn(page, 'wenyuan-sec', PASSWORD);
		await openBoard(page, 'wenyuan');
		await waitForServiceWorker(page);
		await waitForSync(page, 'online', 0);

		await context.setOffline(true);
		await waitForSync(page, 'offline', 0);
		await editGrid(page, 'g02', 'households', '437');
		await waitForSync(page, 'offline', 1);
		await page.evaluate(() => {
			const account = JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}');
			localStorage.setItem('gongzhi.account', JSON.stringify({ ...account, token: 'not-a-valid-token' }));
		});
		// Reloaded offline, so the page holding the valid token never reconnects.
		await page.reload();
		await waitForSync(page, 'offline', 1);
		await context.setOffline(false);

		await page.getByTestId('sync-refused').waitFor();
		await screenshot(page, 'sync-refused');
		expect((await syncState(page)).pending).toBe(1);
		await expect.poll(() => page.getByTestId('grid-g02').getByTestId('grid-households').textContent()).toContain('437');
		const adminToken = await login('admin');
		expect((await exportOf<Stored>(env.server, adminToken)).grids.g02.households).toBe(432);

		await page.getByTestId('sync-refused').getByRole('link').click();
		await page.getByLabel('用户名').fill('wenyuan-sec');
		await page.getByLabel('密码').fill(PASSWORD);
		await page.getByRole('button', { name: '登录', exact: true }).click();
		await page.getByTestId('community-list').waitFor();
		await waitForSync(page, 'online', 0);
		// The indicator reads 0 only once the relay holds the change (sync-honesty.test.ts).
		expect((await exportOf<Stored>(env.server, adminToken)).grids.g02.households).toBe(437);
		await context.close();
	});

	it('makes every community of the user available offline after the first online visit', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true });
		await signIn(page, 'admin', PASSWORD);
		await waitForServiceWorker(page);
		// Only the list was shown; the five communities sync in the background.
		await expect.poll(() => page.getByTestId('offline-ready').count()).toBe(5);
		expect(await page.getByTestId('community-jinshan').getByTestId('offline-ready').textContent()).toMatch(/已同步 · (刚刚|\d+分钟前)/);
		await page.getByTestId('sync-indicator').click();
		await expect.poll(() => page.getByTestId('sync-community-jinshan').getByTestId('sync-offline-progress').textContent()).toMatch(/(\d)\/\1 份文档/);
		await screenshot(page, 'sync-panel-five-communities');
		await page.goBack();
		await screenshot(page, 'communities-phone');
		await context.setOffline(true);
		await page.reload();
		await openBoard(page, 'jinshan');
		await expect.poll(() => page.getByTestId('grid-board').locator('article').count()).toBe(5);
		expect(await page.getByTestId('community-name').textContent()).toContain('金山社区');
		await screenshot(page, 'grid-board-phone-offline');
		await context.close();
	});

	async function login(username: string): Promise<string> {
		const response = await fetch(`${env.server.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password: PASSWORD })
		});
		expect(response.status).toBe(200);
		return ((await response.json()) as { token: string }).token;
	}
});
