import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newUser, serverAndBrowser, signIn } from './browser';

const PASSWORD = 'demo1234';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now; what a screen reader or keyboard user would trip on. */
async function violations(page: Page): Promise<string[]> {
	await page.addScriptTag({ path: AXE });
	const found = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> } }).axe;
		return (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
	});
	return found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

const PAGES: { path: string; ready: string }[] = [
	{ path: '/', ready: 'community-list' },
	{ path: '/c/wenyuan/grids', ready: 'grid-board' },
	{ path: '/c/wenyuan/cases', ready: 'case-board' },
	{ path: '/c/wenyuan/cases/new', ready: 'case-form' },
	{ path: '/c/wenyuan/patrol', ready: 'patrol-form' },
	{ path: '/c/wenyuan/meetings', ready: 'meetings-past' },
	{ path: '/c/wenyuan/volunteers', ready: 'roster' },
	{ path: '/c/wenyuan/pairings', ready: 'pairings' },
	{ path: '/c/wenyuan/search?q=楼道', ready: 'search-hit' },
	{ path: '/c/wenyuan/dashboard', ready: 'export-all' },
	{ path: '/c/wenyuan/care', ready: 'care-stat-households' },
	{ path: '/sync', ready: 'sync-storage' }
];

describe('accessibility', () => {
	const env = serverAndBrowser();

	it('the sign-in page has nothing a screen reader or keyboard user trips on', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360, bypassCSP: true });
		await page.goto('/login');
		await page.getByLabel('用户名').waitFor();
		expect(await violations(page)).toEqual([]);
		await context.close();
	});

	it('nor does any main page of a community, on a phone', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360, bypassCSP: true });
		await signIn(page, 'wenyuan-sec', PASSWORD);
		const found: string[] = [];
		for (const { path, ready } of PAGES) {
			await page.goto(path);
			await page.getByTestId(ready).first().waitFor();
			found.push(...(await violations(page)).map((v) => `${path}: ${v}`));
		}
		expect(found).toEqual([]);
		await context.close();
	});

	it('can be worked with the keyboard alone: skip to the content, reach the sections, open a grid editor', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await signIn(page, 'wenyuan-sec', PASSWORD);
		await page.goto('/c/wenyuan/grids');
		await page.getByTestId('grid-board').waitFor();
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: '跳到主要内容' });
		expect(await skip.evaluate((link) => link === document.activeElement)).toBe(true);
		await page.keyboard.press('Enter');
		expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true);
		// Tabbing on from the content reaches the first grid's edit button, and Enter opens the editor.
		for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'grid-edit')); i++) {
			await page.keyboard.press('Tab');
		}
		await page.keyboard.press('Enter');
		await page.getByTestId('grid-editor').waitFor();
		expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="grid-editor"]') !== null)).toBe(true);
		await page.keyboard.press('Escape');
		await page.getByTestId('grid-editor').waitFor({ state: 'detached' });
		await context.close();
	});
});
