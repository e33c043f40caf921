import { describe, expect, it } from 'vitest';
import { newUser, screenshot, serverAndBrowser, signIn } from './browser';

const PASSWORD = 'demo1234';

describe('searching a community in the browser', () => {
	const env = serverAndBrowser();

	it('finds cases, grids and more from "/", on the device, offline too, and opens what it found', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await signIn(page, 'wenyuan-sec', PASSWORD);
		await page.getByTestId('community-wenyuan').click();
		await page.getByTestId('grid-board').waitFor();

		await page.keyboard.press('/');
		await page.waitForURL('**/c/wenyuan/search');
		const input = page.getByTestId('search-input');
		await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);

		await input.fill('楼道');
		await expect.poll(() => page.url()).toContain('q=%E6%A5%BC%E9%81%93');
		const hits = page.getByTestId('search-hit');
		await expect.poll(() => hits.count()).toBeGreaterThanOrEqual(3);
		const cases = page.locator('[data-testid="search-hit"][data-kind="case"]');
		await expect.poll(() => cases.count()).toBeGreaterThanOrEqual(3);
		expect(await page.locator('[data-testid="search-hit"] mark').first().textContent()).toBe('楼道');
		await screenshot(page, 'search-1280');

		// The search runs on the device's replicas: with no network it still finds, and finds
		// what was just typed there.
		await context.setOffline(true);
		await input.fill('路灯 西门');
		await expect.poll(() => hits.count()).toBe(1);
		await hits.first().getByRole('link').click();
		await page.waitForURL(/\/c\/wenyuan\/cases\/\d{4}-\d{2}-/);
		await page.getByText('路灯不亮影响夜间出行').first().waitFor();
		await context.setOffline(false);

		// A grid opens on the board, scrolled to and marked.
		await page.goto('/c/wenyuan/search?q=文苑第5网格');
		const grid = page.locator('[data-testid="search-hit"][data-kind="grid"]');
		await expect.poll(() => grid.count()).toBe(1);
		await grid.getByRole('link').click();
		await page.waitForURL(/\/grids#grid-/);
		const marked = page.locator('.grid-card.revealed');
		await marked.waitFor();
		expect(await marked.getByTestId('grid-name').textContent()).toBe('文苑第5网格');

		await page.goto('/c/wenyuan/search?q=不会有这样的记录');
		await page.getByTestId('search-none').waitFor();
		await context.close();
	});

	it('finds for a partner only the agreements it represents, and fits a phone', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(page, 'wenyuan-partner', PASSWORD);
		await page.getByTestId('community-wenyuan').click();
		await page.getByTestId('community-search').click();
		const input = page.getByTestId('search-input');
		await input.fill('楼道');
		await page.getByTestId('search-none').waitFor();
		await input.fill('城市管理');
		const hits = page.getByTestId('search-hit');
		await expect.poll(() => hits.count()).toBe(1);
		expect(await hits.first().getAttribute('data-kind')).toBe('pairing');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await screenshot(page, 'search-partner-360');
		await context.close();
	});
});
