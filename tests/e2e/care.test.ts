import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { careCountsOf, rootDocName } from '../../src/lib/model';
import { connect, login } from '../integration/clients';
import { newUser, serverAndBrowser, screenshot, signIn, tokenOf, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';
const VISIT = '送降压药上门，测血压 135/85（端到端测试）';
const FOLLOW_UP = '下周复查血糖';

/** The number a grid card shows of this month's visits (本月走访 N). */
async function visitsShown(page: Page, grid: string): Promise<number> {
	const text = (await page.getByTestId(`grid-${grid}`).getByTestId('grid-care-visits').textContent()) ?? '';
	return Number(/(\d+)/.exec(text)?.[1] ?? Number.NaN);
}

/** Every document name the signed-in user's IndexedDB still holds updates of. */
async function storedDocuments(page: Page, userId: string): Promise<string[]> {
	return page.evaluate(
		(name) =>
			new Promise<string[]>((resolve, reject) => {
				const request = indexedDB.open(name);
				request.onerror = () => reject(request.error);
				request.onsuccess = () => {
					const db = request.result;
					const rows = db.transaction('updates').objectStore('updates').getAll();
					rows.onsuccess = () => {
						resolve([...new Set((rows.result as { doc: string }[]).map((row) => row.doc))]);
						db.close();
					};
				};
			}),
		`gongzhi-${userId}`
	);
}

describe('resident care records in the browser', () => {
	const env = serverAndBrowser();

	it('takes a home visit logged offline on the phone to the secretary and the shared count, never into the shared document', async () => {
		const worker = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		const secretary = await newUser(env.browser, env.server.url);
		await signIn(worker.page, 'wenyuan-g01', PASSWORD);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		const workerId = (await login(env.server, 'wenyuan-g01')).user.id;

		await secretary.page.getByTestId('community-wenyuan').click();
		await secretary.page.getByTestId('grid-board').waitFor();
		await secretary.page.getByTestId('grid-g01').getByTestId('grid-care').waitFor();
		const before = await visitsShown(secretary.page, 'g01');
		await screenshot(secretary.page, 'care-grid-board-1280');

		// The worker opens the care records once online: from then on they are on the phone.
		await worker.page.getByTestId('community-wenyuan').click();
		await worker.page.getByTestId('nav-care').click();
		await worker.page.getByTestId('household-list').waitFor();
		await waitForServiceWorker(worker.page);
		await waitForSync(worker.page, 'online', 0);
		await screenshot(worker.page, 'care-households-360');

		await worker.context.setOffline(true);
		await waitForSync(worker.page, 'offline', 0);
		await worker.page.getByText('3号楼 2单元 502').click();
		await worker.page.getByTestId('visit-form').waitFor();
		await worker.page.getByTestId('visit-done').fill(VISIT);
		await worker.page.getByTestId('visit-follow-up').fill(FOLLOW_UP);
		await worker.page.getByTestId('visit-submit').click();
		await worker.page.getByTestId('visit-saved').waitFor();
		await expect.poll(() => worker.page.getByTestId('visit-log').textContent()).toContain(VISIT);
		await worker.page.waitForSelector('[data-testid="sync-indicator"][data-connection="offline"]:not([data-pending="0"])');
		await screenshot(worker.page, 'care-household-offline-360');

		await worker.context.setOffline(false);
		await waitForSync(worker.page, 'online', 0);

		// The shared count follows (the relay counts the grid's records), with no reload.
		await expect.poll(() => visitsShown(secretary.page, 'g01'), { timeout: 15_000 }).toBe(before + 1);
		await screenshot(secretary.page, 'care-grid-board-after-1280');
		// The secretary sees the visit itself in the grid's care records.
		await secretary.page.getByTestId('nav-care').click();
		await secretary.page.getByTestId('household-list').waitFor();
		await screenshot(secretary.page, 'care-households-1280');
		await secretary.page.getByText('3号楼 2单元 502').first().click();
		await expect.poll(() => secretary.page.getByTestId('visit-log').textContent()).toContain(VISIT);
		expect(await secretary.page.getByTestId('visit-log').textContent()).toContain(FOLLOW_UP);
		await screenshot(secretary.page, 'care-household-1280');

		// The shared root holds the count and nothing of the household.
		const root = await connect(env.server, rootDocName('wenyuan'), await tokenOf(secretary.page));
		const shared = JSON.stringify(root.doc.toJSON());
		expect(careCountsOf(root.doc, Date.now()).g01.visitsThisMonth).toBe(before + 1);
		for (const personal of [VISIT, FOLLOW_UP, '赵桂兰', '3号楼', '139 0000']) expect(shared).not.toContain(personal);
		root.close();
		const exported = await (
			await fetch(`${env.server.url}/api/communities/wenyuan/export.json`, { headers: { authorization: `Bearer ${await tokenOf(secretary.page)}` } })
		).text();
		expect(exported).not.toContain(VISIT);
		expect(exported).not.toContain('赵桂兰');

		// The opening made offline reached the audit once the phone was back online.
		await secretary.page.goto('/c/wenyuan/care/audit');
		await expect.poll(() => secretary.page.getByTestId('audit-table').textContent(), { timeout: 15_000 }).toContain('3号楼 2单元 502');
		expect(await secretary.page.getByTestId('audit-table').textContent()).toContain('第1网格');
		await screenshot(secretary.page, 'care-audit-1280');

		// Signing out removes the phone's copy of the care records, and only that.
		const kept = await storedDocuments(worker.page, workerId);
		expect(kept).toContain('community:wenyuan:private:grid:g01');
		await worker.page.getByRole('button', { name: '退出登录' }).click();
		await worker.page.waitForURL('**/login');
		const left = await storedDocuments(worker.page, workerId);
		expect(left).toContain('community:wenyuan');
		expect(left.filter((name) => name.includes(':private'))).toEqual([]);

		await worker.context.close();
		await secretary.context.close();
	});

	it('shows every care page on a 360 px phone and a 1280 px screen', async () => {
		for (const width of [360, 1280]) {
			const { context, page } = await newUser(env.browser, env.server.url, width === 360 ? { phone: true, width } : {});
			await signIn(page, 'wenyuan-sec', PASSWORD);
			await page.goto('/c/wenyuan/care');
			await page.getByTestId('household-list').waitFor();
			await page.getByTestId('household-open').first().click();
			await page.getByTestId('members').waitFor();
			await screenshot(page, `care-household-secretary-${width}`);
			// Opening it was recorded: the audit below has a row to show.
			const token = await tokenOf(page);
			await expect
				.poll(async () => (await (await fetch(`${env.server.url}/api/communities/wenyuan/care/opens`, { headers: { authorization: `Bearer ${token}` } })).json()).opens.length)
				.toBeGreaterThan(0);
			const pages: [string, string, string][] = [
				['overdue', '/c/wenyuan/care/overdue', 'overdue-'],
				['sickbed', '/c/wenyuan/care/sickbed', 'sickbed-list'],
				['plan', '/c/wenyuan/care/g01/plan', 'plan-table'],
				['team', '/c/wenyuan/care/team', 'team-list'],
				['audit', '/c/wenyuan/care/audit', 'audit-table']
			];
			for (const [name, path, testid] of pages) {
				await page.goto(path);
				await page.locator(`[data-testid^="${testid}"]`).first().waitFor();
				await screenshot(page, `care-${name}-${width}`);
			}
			await page.goto('/c/wenyuan/care');
			await page.getByTestId('household-add').click();
			await page.getByTestId('household-editor').waitFor();
			await screenshot(page, `care-household-editor-${width}`);
			if (width === 1280) {
				// Registered on the page, it is in the list at once, counted among the special needs.
				const editor = page.getByTestId('household-editor');
				await editor.getByTestId('household-building').fill('12号楼');
				await editor.getByTestId('household-door').fill(`60${width}`);
				await editor.getByTestId('need-livingAlone').check();
				await editor.getByTestId('member-name-0').fill('测试老人（演示）');
				await editor.getByTestId('household-save').click();
				await editor.waitFor({ state: 'detached' });
				await expect.poll(() => page.getByTestId('household-list').textContent()).toContain(`12号楼 60${width}`);
			}
			await context.close();
		}
		// The care team member on the phone: the sickbed visits of its grid, nothing to edit.
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(page, 'wenyuan-vol', PASSWORD);
		await page.goto('/c/wenyuan/care/sickbed');
		await page.getByTestId('sickbed-list').waitFor();
		await screenshot(page, 'care-sickbed-team-360');
		await page.getByTestId('sickbed-list').getByRole('link').first().click();
		await page.getByTestId('visit-form').waitFor();
		expect(await page.getByTestId('household-add').count()).toBe(0);
		expect(await page.getByTestId('household-edit').count()).toBe(0);
		await screenshot(page, 'care-household-team-360');
		await context.close();
	});
});
