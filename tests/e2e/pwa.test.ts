import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocketRoute } from 'playwright-core';
import { ROOT } from '../integration/harness';
import { exportOf, newUser, screenshot, serverAndBrowser, signIn, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';
/** A copy of the built app of its own, so the test can publish a "new version" of it. */
const BUILD = join(ROOT, 'test-results', `build-app-update-${process.pid}`);

type Stored = { grids: Record<string, { households: number }> };

describe('the installable app', () => {
	beforeAll(() => cpSync(join(ROOT, 'build'), BUILD, { recursive: true }));
	const env = serverAndBrowser({ env: { BUILD_DIR: BUILD } });
	afterAll(() => rmSync(BUILD, { recursive: true, force: true }));

	it('passes Chromium\'s installability checks, with its icons, and opens with no network after one visit', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		await page.goto('/login');
		await waitForServiceWorker(page);
		const cdp = await context.newCDPSession(page);
		const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
		// A test's browser context is always incognito, which Chromium never installs from; any
		// other error would be the app's.
		expect(installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
		const { errors, data } = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data: string };
		expect(errors).toEqual([]);
		const manifest = JSON.parse(data) as { name: string; short_name: string; display: string; start_url: string; icons: { src: string; sizes: string; purpose?: string }[] };
		expect(manifest).toMatchObject({ short_name: '共治', display: 'standalone', start_url: '/' });
		expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
		expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
		for (const icon of manifest.icons) {
			const response = await page.request.get(icon.src);
			expect(response.status(), icon.src).toBe(200);
		}

		await context.setOffline(true);
		await page.reload();
		await page.getByLabel('用户名').waitFor();
		await context.close();
	});

	it('offers a new version only once nothing is unsent, and reloads into it when the member agrees', async () => {
		const { context, page } = await newUser(env.browser, env.server.url);
		// The relay's socket goes through here, so the test can hold the page's changes unsent.
		let hold = false;
		const sockets: WebSocketRoute[] = [];
		await context.routeWebSocket(/\/sync$/, (ws) => {
			sockets.push(ws);
			if (!hold) ws.connectToServer();
		});
		const reconnect = async () => {
			for (const ws of sockets.splice(0)) await ws.close();
		};

		await signIn(page, 'wenyuan-sec', PASSWORD);
		await page.getByTestId('community-wenyuan').click();
		await page.getByTestId('grid-board').waitFor();
		await waitForServiceWorker(page);
		await waitForSync(page, 'online', 0);

		hold = true;
		await reconnect();
		await page.getByTestId('grid-g04').getByTestId('grid-edit').click();
		await page.getByTestId('grid-editor').locator('[name="households"]').fill('512');
		await page.getByTestId('grid-editor').getByTestId('editor-save').click();
		await page.waitForSelector('[data-testid="sync-indicator"][data-pending="1"]');

		// A new version is published (the worker's script changed) and the page finds it.
		const worker = join(BUILD, 'client', 'service-worker.js');
		appendFileSync(worker, '\n// the next version\n');
		// The build's precompressed copies would still be served as the old version.
		for (const compressed of ['.br', '.gz']) rmSync(worker + compressed, { force: true });
		await env.server.restart();
		await page.evaluate(() => navigator.serviceWorker.ready.then((registration) => registration.update()));
		const banner = page.getByTestId('app-update');
		await banner.waitFor();
		await page.getByTestId('app-update-wait').waitFor();
		expect(await page.getByTestId('app-update-apply').isDisabled()).toBe(true);
		await screenshot(page, 'app-update-waiting');

		// Once the relay has the change, the update may go ahead; it reloads into the new version.
		hold = false;
		await reconnect();
		await waitForSync(page, 'online', 0);
		expect((await exportOf<Stored>(env.server, page)).grids.g04.households).toBe(512);
		await expect.poll(() => page.getByTestId('app-update-apply').isDisabled()).toBe(false);
		await Promise.all([page.waitForEvent('load'), page.getByTestId('app-update-apply').click()]);
		await page.getByTestId('grid-board').waitFor();
		expect(await page.getByTestId('app-update').count()).toBe(0);
		const script = await page.evaluate(async () => {
			const registration = await navigator.serviceWorker.ready;
			return { waiting: !!registration.waiting, active: await (await fetch(registration.active!.scriptURL)).text() };
		});
		expect(script.waiting).toBe(false);
		expect(script.active).toContain('the next version');
		await expect.poll(() => page.getByTestId('grid-g04').getByTestId('grid-households').textContent()).toContain('512');
		await context.close();
	});
});
