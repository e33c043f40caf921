import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createTokens } from '../../server/accounts/tokens';
import { exportOf, newUser, screenshot, serverAndBrowser, signIn, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';
type Stored = { grids: Record<string, { households: number }> };

/** Every value the indicator's count takes on a page, from its first paint (absent = not known yet). */
async function recordIndicator(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { pendingSeen: string[] }).pendingSeen = seen;
		new MutationObserver(() => {
			const value = document.querySelector('[data-testid="sync-indicator"]')?.getAttribute('data-pending') ?? 'unknown';
			if (seen.at(-1) !== value) seen.push(value);
		}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-pending'] });
	});
}

const indicatorValues = (page: Page) => page.evaluate(() => (window as unknown as { pendingSeen: string[] }).pendingSeen);

/** Hocuspocus messages that tell a client the relay holds its changes: sync status (8) and stateless answers (5). */
function isAcknowledgement(message: string | Buffer): boolean {
	if (typeof message === 'string') return false;
	const decoder = decoding.createDecoder(new Uint8Array(message));
	decoding.readVarString(decoder);
	return [5, 8].includes(decoding.readVarUint(decoder));
}

async function openBoard(page: Page): Promise<void> {
	await page.getByTestId('community-wenyuan').click();
	await page.getByTestId('grid-board').waitFor();
	await waitForServiceWorker(page);
	await waitForSync(page, 'online', 0);
}

async function editHouseholds(page: Page, gridId: string, value: string): Promise<void> {
	await page.getByTestId(`grid-${gridId}`).getByTestId('grid-edit').click();
	await page.getByTestId('grid-editor').locator('[name="households"]').fill(value);
	await page.getByTestId('grid-editor').getByTestId('editor-save').click();
	await page.getByTestId('grid-editor').waitFor({ state: 'detached' });
}

describe('an honest sync indicator', () => {
	const env = serverAndBrowser();
	const households = async (gridId: string, token: string) => (await exportOf<Stored>(env.server, token)).grids[gridId].households;

	it('never reads 0 while the relay has not acknowledged a change, not even when the page reloads', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await recordIndicator(context);
		let hold = false;
		let dropped = 0;
		const sockets: WebSocketRoute[] = [];
		await context.routeWebSocket(/\/sync$/, (ws) => {
			sockets.push(ws);
			const relay = ws.connectToServer();
			relay.onMessage((message) => {
				if (hold && isAcknowledgement(message)) dropped++;
				else ws.send(message);
			});
		});
		await signIn(page, 'wenyuan-sec', PASSWORD);
		const token = await page.evaluate(() => JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}').token);
		await openBoard(page);

		hold = true;
		await editHouseholds(page, 'g04', '701');
		// The relay stores the change; only its answers are lost on the way back.
		await expect.poll(() => households('g04', token)).toBe(701);
		await expect.poll(() => dropped).toBeGreaterThan(0);
		await waitForSync(page, 'online', 1);
		const beforeReload = await indicatorValues(page);
		expect(beforeReload.slice(beforeReload.indexOf('1'))).not.toContain('0');

		// Reopened, the page reads the change from IndexedDB before it may count anything.
		await page.reload();
		await page.getByTestId('grid-board').waitFor();
		const answersBefore = dropped;
		await expect.poll(() => dropped).toBeGreaterThan(answersBefore);
		await waitForSync(page, 'online', 1);
		expect(await indicatorValues(page)).not.toContain('0');
		expect((await indicatorValues(page))[0]).toBe('unknown');

		hold = false;
		for (const ws of sockets.splice(0)) await ws.close();
		await waitForSync(page, 'online', 0);
		expect(await households('g04', token)).toBe(701);
		await context.close();
	});

	it('recovers from damaged storage: what the relay holds comes back, the unsent change is kept and sent', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(page, 'wenyuan-sec', PASSWORD);
		const token = await page.evaluate(() => JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}').token);
		await openBoard(page);
		await context.setOffline(true);
		await editHouseholds(page, 'g05', '333');
		await waitForSync(page, 'offline', 1);

		// Every confirmed row of the community's root on this device is overwritten with garbage.
		const damaged = await page.evaluate(async () => {
			const { user } = JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}');
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(`gongzhi-${user.id}`);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const store = db.transaction('updates', 'readwrite').objectStore('updates');
			const rows = await new Promise<{ seq: number; doc: string; pending: number; data: Uint8Array }[]>((resolve) => {
				const request = store.getAll();
				request.onsuccess = () => resolve(request.result);
			});
			const confirmed = rows.filter((row) => row.doc === 'community:wenyuan' && row.pending === 0);
			for (const row of confirmed) store.put({ ...row, data: new Uint8Array([1, 2, 3, 255]) });
			await new Promise((resolve) => (store.transaction.oncomplete = resolve));
			db.close();
			return confirmed.length;
		});
		expect(damaged).toBeGreaterThan(0);

		await page.reload();
		// The root's content is gone from the device: the board says so rather than "no grids yet".
		await page.getByTestId('offline-gaps').waitFor();
		expect(await page.getByTestId('offline-gaps').textContent()).toContain('社区主文档尚未保存在本机');
		const banner = page.getByTestId('sync-damaged');
		await banner.waitFor();
		expect(await banner.textContent()).toContain(`${damaged} 条记录已损坏`);
		expect(await banner.textContent()).toContain('本机未发送的更改都还在');
		await waitForSync(page, 'offline', 1);
		await screenshot(page, 'sync-damaged-phone');

		await context.setOffline(false);
		await waitForSync(page, 'online', 0);
		await page.getByTestId('offline-gaps').waitFor({ state: 'detached' });
		expect(await households('g05', token)).toBe(333);
		// The board is whole again, from the relay, with the change made before the damage.
		await expect.poll(() => page.getByTestId('grid-g05').getByTestId('grid-households').textContent()).toContain('333');
		expect(await page.getByTestId('grid-g01').count()).toBe(1);

		await page.getByTestId('sync-indicator').click();
		const copy = page.locator('[data-testid="sync-backup"][data-doc="community:wenyuan"][data-kind="damaged"]');
		await copy.waitFor();
		expect(await copy.textContent()).toContain(`${damaged} 条记录无法读取（其中未发送的 0 条）`);
		await screenshot(page, 'sync-damaged-panel-phone');
		await context.close();
	});

	it('keeps what was written while the session expired offline, and sends it after signing in again', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await signIn(page, 'wenyuan-sec', PASSWORD);
		// A sign-in of a few seconds, signed with the server's own key (TOKEN_TTL is at least a minute).
		const secret = new Uint8Array(readFileSync(join(env.server.dataDir, 'secret.key')));
		const userId = await page.evaluate(() => JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}').user.id);
		const lifetime = 15;
		const expiresAt = Date.now() + lifetime * 1000;
		const shortLived = await createTokens(secret, lifetime).issue(userId);
		await page.evaluate((token) => {
			const account = JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}');
			localStorage.setItem('gongzhi.account', JSON.stringify({ ...account, token }));
		}, shortLived);
		await page.reload();
		await openBoard(page);

		await context.setOffline(true);
		await editHouseholds(page, 'g01', '388');
		await waitForSync(page, 'offline', 1);
		await expect.poll(() => Date.now() > expiresAt, { timeout: (lifetime + 5) * 1000, interval: 500 }).toBe(true);
		await context.setOffline(false);

		const refused = page.getByTestId('sync-refused');
		await refused.waitFor();
		expect(await refused.textContent()).toContain('您的修改已保存在本机');
		expect(await page.getByTestId('sync-indicator').getAttribute('data-pending')).toBe('1');
		const admin = await (await fetch(`${env.server.url}/api/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'admin', password: PASSWORD })
		})).json();
		expect(await households('g01', admin.token)).not.toBe(388);

		await refused.getByRole('link').click();
		await page.getByLabel('用户名').fill('wenyuan-sec');
		await page.getByLabel('密码').fill(PASSWORD);
		await page.getByRole('button', { name: '登录', exact: true }).click();
		await page.getByTestId('community-list').waitFor();
		await waitForSync(page, 'online', 0);
		expect(await households('g01', admin.token)).toBe(388);
		await context.close();
	});

	it('fetches older months on demand, saying offline which are not on the device, and keeps them once fetched', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(page, 'wenyuan-sec', PASSWORD);
		await openBoard(page);
		const widen = async () => {
			await page.getByTestId('community-search').click();
			await page.getByTestId('search-input').fill('楼道');
			await page.getByTestId('search-earlier').click();
			await page.getByText(/案件和活动已搜索 \d{4}年\d{1,2}月 至/).waitFor();
		};

		await context.setOffline(true);
		await widen();
		const gaps = page.getByTestId('offline-gaps');
		await gaps.waitFor();
		expect(await gaps.getAttribute('data-connection')).toBe('offline');
		expect(await gaps.textContent()).toMatch(/^(\d{4}年\d{1,2}月案件与服务、){2}\d{4}年\d{1,2}月案件与服务尚未保存在本机/);
		await screenshot(page, 'offline-gaps-phone');

		// Back online, the months asked for are fetched and stay on the device.
		await context.setOffline(false);
		await gaps.waitFor({ state: 'detached' });
		await waitForSync(page, 'online', 0);
		await context.setOffline(true);
		await page.getByTestId('nav-grids').click();
		await widen();
		await page.getByTestId('search-hit').first().waitFor();
		expect(await gaps.count()).toBe(0);
		await context.close();
	});

	it('keeps working when the browser cannot open its storage, and rebuilds it from the page without losing an unsent change', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		// The failure Chromium gives for a damaged backing store, while the page sets the flag.
		await context.addInitScript(() => {
			const open = IDBFactory.prototype.open;
			IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
				if (name.startsWith('gongzhi-') && localStorage.getItem('test.brokenStorage')) {
					throw new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
				}
				return open.call(this, name, version);
			} as IDBFactory['open'];
		});
		await signIn(page, 'wenyuan-sec', PASSWORD);
		const token = await page.evaluate(() => JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}').token);
		await openBoard(page);

		await page.evaluate(() => localStorage.setItem('test.brokenStorage', '1'));
		await page.reload();
		const failure = page.getByTestId('sync-storage-failure');
		await failure.waitFor();
		expect(await failure.textContent()).toContain('Internal error opening backing store');
		// Online, the page works from the relay: the board, and an edit that reaches it.
		await page.getByTestId('grid-g06').waitFor();
		await editHouseholds(page, 'g06', '411');
		await expect.poll(() => households('g06', token)).toBe(411);
		await waitForSync(page, 'online', 0);
		expect(await page.getByTestId('sync-pending').textContent()).toBe('本机存储不可用');

		await context.setOffline(true);
		await editHouseholds(page, 'g06', '412');
		await waitForSync(page, 'offline', 1);
		await page.getByTestId('sync-indicator').click();
		await page.getByTestId('sync-storage-repair').waitFor();
		await screenshot(page, 'sync-storage-failure');
		// The browser recovers once the broken database is deleted; the unsent edit goes into the new one.
		await page.evaluate(() => localStorage.removeItem('test.brokenStorage'));
		page.once('dialog', (dialog) => dialog.accept());
		const reloaded = page.waitForEvent('load');
		await page.getByTestId('sync-storage-repair').click();
		await Promise.race([reloaded, page.getByRole('alert').filter({ hasText: '仍然无法打开' }).waitFor().then(() => expect.fail('repair refused'))]);
		await waitForSync(page, 'offline', 1);
		expect(await failure.count()).toBe(0);
		await context.setOffline(false);
		await waitForSync(page, 'online', 0);
		expect(await households('g06', token)).toBe(412);
		await context.close();
	});
});
