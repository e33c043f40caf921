import { describe, expect, it } from 'vitest';
import { newUser, screenshot, serverAndBrowser, signIn } from './browser';

const PASSWORD = 'demo1234';

/** Each role's sections of 文苑社区, its own first: where it lands. */
const ROLES = [
	{ user: 'wenyuan-sec', role: 'secretary', sections: ['grids', 'cases', 'cases-new', 'patrol', 'care', 'activities', 'meetings', 'volunteers', 'pairings', 'departments', 'dashboard', 'members'] },
	{ user: 'wenyuan-g01', role: 'gridworker', sections: ['grids', 'cases', 'cases-new', 'patrol', 'care', 'activities', 'meetings', 'volunteers', 'pairings', 'departments', 'dashboard'] },
	{ user: 'wenyuan-chengguan', role: 'liaison', sections: ['cases', 'grids', 'activities', 'meetings', 'pairings', 'departments'] },
	// The demo's volunteer is on 文苑第1网格's care team (family sickbeds): the care records show.
	{ user: 'wenyuan-vol', role: 'volunteer', sections: ['me', 'grids', 'care', 'activities', 'meetings'] },
	{ user: 'wenyuan-partner', role: 'partner', sections: ['pairings'] }
];

describe('the community navigation in the browser', () => {
	const env = serverAndBrowser();

	it.each(ROLES)('shows a $role the sections of cases and volunteers that concern it, lands on the first, and fits a phone', async ({ user, role, sections }) => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await signIn(page, user, PASSWORD);
		await page.getByTestId('community-wenyuan').click();
		await page.waitForURL(`**/c/wenyuan/${sections[0].replace('-', '/')}`);
		const nav = page.getByTestId('community-nav');
		const shown = () => nav.locator('[data-testid^="nav-"]').evaluateAll((links) => links.map((a) => a.getAttribute('data-testid')));
		await expect.poll(shown).toEqual(sections.map((s) => `nav-${s}`));
		expect(await nav.getByTestId(`nav-${sections[0]}`).getAttribute('aria-current')).toBe('page');
		await screenshot(page, `nav-${role}-1280`);

		// A deeper page keeps its section marked: the report form is under 上报案件, not 案件看板.
		if (sections.includes('cases-new')) {
			await nav.getByTestId('nav-cases-new').click();
			await page.getByTestId('case-form').waitFor();
			expect(await nav.getByTestId('nav-cases-new').getAttribute('aria-current')).toBe('page');
			expect(await nav.getByTestId('nav-cases').getAttribute('aria-current')).toBeNull();
		}

		await page.setViewportSize({ width: 360, height: 760 });
		// On a phone the tabs scroll sideways inside the bar; the page itself never does.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		const last = nav.getByTestId(`nav-${sections.at(-1)}`);
		await last.scrollIntoViewIfNeeded();
		await last.click();
		await expect.poll(() => last.getAttribute('aria-current')).toBe('page');
		await page.goto(`/c/wenyuan/${sections[0].replace('-', '/')}`);
		await nav.waitFor();
		await screenshot(page, `nav-${role}-360`);
		await context.close();
	});
});
