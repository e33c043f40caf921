import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer, type ServerOptions } from '../integration/harness';

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

/**
 * A desktop browser (1280 px wide), or with `phone` the screen of a grid worker's phone (390 px);
 * `width` for another (360 is the narrowest phone the pages are made for). `bypassCSP` lets a
 * test inject a script of its own (an accessibility checker).
 */
export async function newUser(
	browser: Browser,
	baseURL: string,
	options: { phone?: boolean; width?: number; bypassCSP?: boolean } = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({
		baseURL,
		locale: 'zh-CN',
		bypassCSP: options.bypassCSP,
		...(options.phone
			? { viewport: { width: options.width ?? 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
			: { viewport: { width: options.width ?? 1280, height: 860 } })
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

/** The token a signed-in page keeps, to call the API as its user. */
export async function tokenOf(page: Page): Promise<string> {
	return page.evaluate(() => JSON.parse(localStorage.getItem('gongzhi.account') ?? '{}').token);
}

/** The community's export as the API gives it to a signed-in page's user (or a token's). */
export async function exportOf<T>(server: RunningServer, as: Page | string, communityId = 'wenyuan'): Promise<T> {
	const token = typeof as === 'string' ? as : await tokenOf(as);
	const response = await fetch(`${server.url}/api/communities/${communityId}/export.json`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(response.status).toBe(200);
	return (await response.json()) as T;
}

/** A full-page shot, taken from the top: scrolled, it would draw the sticky header mid-page. */
export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOTS, { recursive: true });
	await page.evaluate(() => window.scrollTo(0, 0));
	const path = join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}

/**
 * A suite's real server (demo seed) and Chromium, started before its tests and stopped after:
 * `const env = serverAndBrowser();` then `env.server`, `env.browser` inside the tests.
 */
export function serverAndBrowser(options: ServerOptions = {}): { readonly server: RunningServer; readonly browser: Browser } {
	let server: RunningServer | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		server = await startServer(options);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});
	return {
		get server() {
			if (!server) throw new Error('the server starts in beforeAll');
			return server;
		},
		get browser() {
			if (!browser) throw new Error('the browser starts in beforeAll');
			return browser;
		}
	};
}
