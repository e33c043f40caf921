import { describe, expect, it } from 'vitest';
import { gradientPng } from './images';
import { newUser, serverAndBrowser, screenshot, signIn, waitForSync } from './browser';

const PASSWORD = 'demo1234';

describe('手拉手 pairings in the browser', () => {
	const env = serverAndBrowser();

	it('lets a partner post progress on its own commitment, which the secretary sees live', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await secretary.page.goto('/c/wenyuan/pairings');
		await secretary.page.getByTestId('pairings').getByText('恒安物业服务有限公司').waitFor();
		await screenshot(secretary.page, 'pairings-1280');
		await secretary.page.getByTestId('pairings').getByRole('link', { name: '区城市管理局' }).click();
		await secretary.page.getByTestId('pairing-heading').filter({ hasText: '区城市管理局' }).waitFor();
		// The demo partner account is linked to its agreement by the secretary.
		const representatives = secretary.page.getByTestId('representatives');
		await representatives.getByLabel('区城市管理局').check();
		await waitForSync(secretary.page, 'online', 0);
		const partnerSide = secretary.page.getByTestId('side-partner');
		const commitment = partnerSide.locator('li.commitment', { hasText: '每月开展一次市容环境联合整治' });
		expect(await commitment.getByTestId('commitment-percent').getAttribute('data-percent')).toBe('60');

		const partner = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(partner.page, 'wenyuan-partner', PASSWORD);
		await partner.page.getByTestId('community-wenyuan').click();
		// A partner lands on its pairings and sees only its own agreement.
		const list = partner.page.getByTestId('pairings');
		await list.getByText('区城市管理局').waitFor();
		expect(await list.locator('li.card').count()).toBe(1);
		expect(await partner.page.getByTestId('community-nav').locator('a[data-testid^="nav-"]').allTextContents()).toEqual(['手拉手结对']);
		await screenshot(partner.page, 'pairings-partner-360');
		await list.getByTestId('pairing-link').click();

		const own = partner.page.getByTestId('side-partner').locator('li.commitment', { hasText: '每月开展一次市容环境联合整治' });
		await own.getByTestId('report-progress').click();
		// Only its own side's commitments can be reported on, and nothing else edited.
		expect(await partner.page.getByTestId('side-community').getByTestId('report-progress').count()).toBe(0);
		expect(await partner.page.getByTestId('commitment-add').count()).toBe(0);
		expect(await partner.page.getByTestId('representatives').count()).toBe(0);
		const form = own.getByTestId('progress-form');
		await form.locator('[name="percent"]').fill('85');
		await form.locator('[name="note"]').fill('完成新华街背街小巷联合整治，清理乱堆乱放12处');
		await form.getByTestId('progress-photo').setInputFiles({ name: 'zhengzhi.png', mimeType: 'image/png', buffer: gradientPng(800, 600) });
		await form.getByTestId('progress-photo-preview').waitFor();
		await screenshot(partner.page, 'pairing-partner-report-360');
		await form.getByTestId('progress-save').click();
		await form.waitFor({ state: 'detached' });
		await waitForSync(partner.page, 'online', 0);
		await partner.page.locator('[data-testid="sync-indicator"][data-uploads="0"]').waitFor();

		await expect.poll(() => commitment.getByTestId('commitment-percent').getAttribute('data-percent')).toBe('85');
		await commitment.getByTestId('progress-log').getByText('完成新华街背街小巷联合整治，清理乱堆乱放12处').waitFor();
		await commitment.getByTestId('progress-log').getByText('区城市管理局 ·').first().waitFor();
		const loaded = (scope: string) =>
			secretary.page.waitForFunction(
				(selector) => ((document.querySelector(selector) as HTMLImageElement | null)?.naturalWidth ?? 0) > 0,
				`${scope} [data-testid="photo-img"]`
			);
		await loaded('[data-testid="side-partner"] [data-testid="progress-log"]');
		// Who changed this: the partner's report in the commitment's history, and the secretary's edit.
		const history = commitment.getByTestId('commitment-history');
		await history.locator('summary').click();
		await history
			.getByTestId('history-entry')
			.filter({ hasText: '区城市管理局 报告进度 85%：完成新华街背街小巷联合整治，清理乱堆乱放12处' })
			.waitFor();
		await screenshot(secretary.page, 'pairing-1280');

		await secretary.page.getByTestId('pairing-report').click();
		await secretary.page.getByTestId('report').getByText('完成新华街背街小巷联合整治').waitFor();
		await loaded('[data-testid="report"]');
		await screenshot(secretary.page, 'pairing-report-1280');
		await partner.context.close();
		await secretary.context.close();
	});
});
