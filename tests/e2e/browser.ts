import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Chromium; playwright-core never downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync'
];
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A desktop browser, or with `phone` the screen of a grid worker's phone. */
export async function newUser(
	browser: Browser,
	baseURL: string,
	options: { phone?: boolean } = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({
		baseURL,
		locale: 'zh-CN',
		...(options.phone
			? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
			: { viewport: { width: 1280, height: 860 } })
	});
	const page = await context.newPage();
	return { context, page };
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('用户名').fill(username);
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录', exact: true }).click();
	await page.getByTestId('community-list').waitFor();
}

/** Waits until the service worker controls the page, so a reload can work offline. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(async () => {
		const registration = await navigator.serviceWorker.ready;
		return !!registration.active && !!navigator.serviceWorker.controller;
	});
}

export async function syncState(page: Page): Promise<{ connection: string; pending: number }> {
	const indicator = page.getByTestId('sync-indicator');
	return {
		connection: (await indicator.getAttribute('data-connection')) ?? '',
		pending: Number(await indicator.getAttribute('data-pending'))
	};
}

export async function waitForSync(page: Page, connection: string, pending: number): Promise<void> {
	await page.waitForSelector(
		`[data-testid="sync-indicator"][data-connection="${connection}"][data-pending="${pending}"]`
	);
}

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOTS, { recursive: true });
	const path = join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}
