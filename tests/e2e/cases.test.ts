import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { appendCaseEvent, periodDocName } from '../../src/lib/model';
import { connect, login } from '../integration/clients';
import { gradientPng } from './images';
import { exportOf, newUser, screenshot, serverAndBrowser, signIn, waitForServiceWorker, waitForSync } from './browser';

const PASSWORD = 'demo1234';
const MIN = 60_000;

/**
 * The grid worker's report form, with the app cached and synced first so it keeps working,
 * then the network cut: how a worker on patrol reports.
 */
async function openReportFormOffline(worker: { page: Page; context: BrowserContext }): Promise<void> {
	await worker.page.getByTestId('community-wenyuan').click();
	await worker.page.getByTestId('nav-cases-new').click();
	await worker.page.getByTestId('case-form').waitFor();
	await waitForServiceWorker(worker.page);
	await waitForSync(worker.page, 'online', 0);
	await worker.context.setOffline(true);
	await waitForSync(worker.page, 'offline', 0);
}

/** What the tests read back from the export. */
type Stored = {
	cases: Record<string, { status: string; department: string; category: string; events: { type: string; at: number; relayAt?: number }[] }>;
	serviceLog: Record<string, { kind: string; taskItem: string; userId: string; grid: string; note: string }>;
};

describe('cases in the browser: 网格吹哨、部门联动 on the 1341 clock', () => {
	const env = serverAndBrowser();

	it('a grid worker raises and dispatches a case offline; the liaison sees it live and records arrival; the board shows the clock', async () => {
		const worker = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		const liaison = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		const secretary = await newUser(env.browser, env.server.url);
		await signIn(worker.page, 'wenyuan-g01', PASSWORD);
		await signIn(liaison.page, 'wenyuan-chengguan', PASSWORD);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);

		await liaison.page.getByTestId('nav-my-cases').click();
		await liaison.page.getByTestId('mine-serving').waitFor();
		expect(await liaison.page.getByTestId('mine-serving').textContent()).toContain('城管');

		await openReportFormOffline(worker);
		// The grid is preselected; without a category the report is refused with a clear message.
		expect(await worker.page.getByTestId('case-grid').inputValue()).toBe('g01');
		await worker.page.getByTestId('case-title-input').fill('楼道堆放杂物堵塞消防通道');
		await worker.page.getByTestId('case-location').fill('文苑小区3号楼2单元');
		await worker.page.getByTestId('case-submit').click();
		await expect.poll(() => worker.page.getByTestId('case-error').textContent()).toContain('事项类别');
		await worker.page.getByTestId('case-category').selectOption('patrol-1');
		await worker.page.getByTestId('case-department').selectOption('chengguan');
		await screenshot(worker.page, 'case-report-phone-360');
		await worker.page.getByTestId('case-submit').click();

		await worker.page.getByTestId('case-detail').waitFor();
		const caseId = worker.page.url().split('/').pop()!;
		await worker.page.getByTestId('case-unsent').waitFor();
		expect(await worker.page.getByTestId('case-status').getAttribute('data-status')).toBe('dispatched');
		expect(await worker.page.getByTestId('event-unsent').count()).toBe(2);
		await screenshot(worker.page, 'case-detail-offline-phone-360');
		// Still there, still "not yet sent", after a reload with no network.
		await worker.page.reload();
		await worker.page.getByTestId('case-unsent').waitFor();
		expect(await worker.page.getByTestId('case-detail-title').textContent()).toBe('楼道堆放杂物堵塞消防通道');
		// Nothing reached the liaison while the worker was offline.
		expect(await liaison.page.getByTestId(`case-${caseId}`).count()).toBe(0);

		await worker.context.setOffline(false);
		await waitForSync(worker.page, 'online', 0);
		// The relay stamped the events: "not yet sent" goes away on its own.
		await worker.page.getByTestId('case-unsent').waitFor({ state: 'detached' });

		// Live on the liaison's phone, with an in-app notification.
		await liaison.page.getByTestId(`case-${caseId}`).waitFor();
		await liaison.page.getByTestId('case-alert').filter({ hasText: '楼道堆放杂物堵塞消防通道' }).waitFor();
		await screenshot(liaison.page, 'my-cases-phone-360');
		await liaison.page.getByTestId(`case-${caseId}`).click();
		await liaison.page.getByTestId('step-on-site').click();
		await liaison.page.getByTestId('step-text').fill('已到现场，正在清理');
		await liaison.page.getByTestId('step-confirm').click();
		await liaison.page.getByTestId('event-on-site').waitFor();
		await screenshot(liaison.page, 'case-detail-liaison-phone-360');
		// The worker's open page follows without a reload.
		await expect.poll(() => worker.page.getByTestId('case-status').getAttribute('data-status')).toBe('on-site');

		const stored = (await exportOf<Stored>(env.server, worker.page)).cases[caseId];
		expect(stored).toMatchObject({ status: 'on-site', department: 'chengguan', category: 'patrol-1' });
		expect(stored.events.map((e) => e.type)).toEqual(['reported', 'dispatched', 'on-site']);
		const reported = stored.events[0];
		expect(reported.relayAt).toBeGreaterThanOrEqual(reported.at);

		// The secretary's board at chosen clock times: on site met; solved on time, due soon, overdue.
		const board = secretary.page;
		await board.clock.setFixedTime(reported.at + 2 * MIN);
		await board.getByTestId('community-wenyuan').click();
		await board.getByTestId('nav-cases').click();
		const card = board.getByTestId(`case-${caseId}`);
		await card.waitFor();
		const stateOf = (kind: string) => card.getByTestId(`clock-${kind}`).getAttribute('data-state');
		expect(await stateOf('onSite')).toBe('met');
		expect(await stateOf('resolve')).toBe('ok');
		await board.clock.setFixedTime(reported.at + 27 * MIN);
		await expect.poll(() => stateOf('resolve')).toBe('soon');
		await screenshot(board, 'case-board-desktop-due-soon');
		await board.clock.setFixedTime(reported.at + 31 * MIN);
		await expect.poll(() => stateOf('resolve')).toBe('overdue');
		await board.getByTestId('filter-overdue').check();
		await card.waitFor();
		expect(await board.getByTestId(`digest-${caseId}`).count()).toBe(1);
		await board.getByTestId('filter-overdue').uncheck();
		await screenshot(board, 'case-board-desktop-overdue');

		// The department's liaison account is what routes its cases to "my cases".
		await board.getByTestId('nav-departments').click();
		await expect.poll(() => board.getByTestId('department-chengguan').getByTestId('department-account').textContent()).toContain('王城管联络员');
		const power = board.getByTestId('department-dianli');
		await power.getByTestId('department-edit').click();
		await power.locator('[name="liaisonPhone"]').fill('call me');
		await power.getByTestId('department-save').click();
		await expect.poll(() => power.getByRole('alert').textContent()).toContain('电话号码格式不正确');
		await power.locator('[name="liaisonPhone"]').fill('0352-5009999');
		await power.getByTestId('department-save').click();
		await power.getByText('0352-5009999').waitFor();
		await screenshot(board, 'departments-desktop');
		await board.getByTestId('nav-cases').click();

		await board.setViewportSize({ width: 360, height: 800 });
		await screenshot(board, 'case-board-phone-360');
		// A phone that was offline since the dispatch sends its late "accepted": shown flagged, not taken.
		const { token, user } = await login(env.server, 'wenyuan-chengguan');
		const phone = await connect(env.server, periodDocName('wenyuan', caseId.slice(0, 7)), token);
		appendCaseEvent(phone.doc, caseId, 'accepted', {}, { by: user.id, at: reported.at + 3 * MIN });
		await phone.saved();
		phone.close();
		await board.getByTestId(`case-${caseId}`).click();
		const late = board.getByTestId('case-timeline').getByTestId('event-accepted');
		await expect.poll(() => late.getByRole('note').textContent()).toContain('案件已是“已到场”之后才收到“接单”');
		expect(await board.getByTestId('case-status').getAttribute('data-status')).toBe('on-site');
		await screenshot(board, 'case-detail-secretary-phone-360');
		for (const { context } of [worker, liaison, secretary]) await context.close();
	});

	it('a grid worker attaches a photo offline; it waits on the phone, uploads on reconnect, and the secretary sees it', async () => {
		const worker = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(worker.page, 'wenyuan-g01', PASSWORD);
		await openReportFormOffline(worker);

		await worker.page.getByTestId('case-category').selectOption('patrol-1');
		await worker.page.getByTestId('case-title-input').fill('井盖破损存在安全隐患');
		await worker.page.getByTestId('case-location').fill('文苑小区南门');
		// A camera-sized photo is shrunk before it is kept: long side 1600 px, JPEG.
		await worker.page.getByTestId('case-photo').setInputFiles({ name: 'jinggai.png', mimeType: 'image/png', buffer: gradientPng(2400, 1800) });
		const preview = worker.page.getByTestId('case-photo-preview').locator('img');
		await preview.waitFor();
		await worker.page.waitForFunction(() => (document.querySelector('[data-testid="case-photo-preview"] img') as HTMLImageElement | null)?.naturalWidth === 1600);
		await screenshot(worker.page, 'case-report-photo-phone-360');
		await worker.page.getByTestId('case-submit').click();

		await worker.page.getByTestId('case-detail').waitFor();
		const caseId = worker.page.url().split('/').pop()!;
		const photo = worker.page.getByTestId('case-photo').getByTestId('photo');
		await photo.getByTestId('photo-pending').waitFor();
		expect(await photo.getByTestId('photo-pending').textContent()).toBe('待上传');
		await worker.page.locator('[data-testid="sync-indicator"][data-uploads="1"]').waitFor();
		await screenshot(worker.page, 'case-detail-photo-pending-phone-360');

		await worker.context.setOffline(false);
		await worker.page.locator('[data-testid="case-photo"] [data-testid="photo"][data-state="uploaded"]').waitFor();
		await worker.page.locator('[data-testid="sync-indicator"][data-uploads="0"]').waitFor();
		await waitForSync(worker.page, 'online', 0);
		const stored = (await exportOf<{ cases: Record<string, { photo: string }> }>(env.server, worker.page)).cases[caseId];
		expect(stored.photo).toMatch(/^att:[0-9a-f]{64}$/);

		const secretary = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		await secretary.page.goto(`/c/wenyuan/cases/${caseId}`);
		await secretary.page.getByTestId('case-detail').waitFor();
		await secretary.page.waitForFunction(
			() => ((document.querySelector('[data-testid="case-photo"] [data-testid="photo-img"]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0
		);
		expect(await secretary.page.getByTestId('case-photo').getByTestId('photo-pending').count()).toBe(0);
		await screenshot(secretary.page, 'case-detail-photo-phone-360');
		await secretary.page.getByTestId('case-photo').getByTestId('photo-img').click();
		await secretary.page.getByTestId('photo-dialog').waitFor();
		await screenshot(secretary.page, 'case-photo-dialog-phone-360');
		await secretary.page.getByTestId('photo-dialog').getByRole('button', { name: '关闭' }).click();
		await secretary.page.getByTestId('photo-dialog').waitFor({ state: 'detached' });
		// The board's card shows it too, from the copy the device now keeps.
		await secretary.page.goto('/c/wenyuan/cases');
		await secretary.page.getByTestId(`case-${caseId}`).getByTestId('photo-img').waitFor();
		for (const { context } of [worker, secretary]) await context.close();
	});

	it('shows who changed a case: a correction and every step, with the relay\'s receive time', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		await signIn(secretary.page, 'wenyuan-sec', PASSWORD);
		const stored = await exportOf<Stored & { cases: Record<string, { title: string; location: string; archived: boolean }> }>(env.server, secretary.page);
		const [caseId, record] = Object.entries(stored.cases).find(([, c]) => !c.archived && c.status !== 'closed' && c.department === 'chengguan')!;
		// A liaison's phone adds a comment: the relay stamps when it received it.
		const { token, user } = await login(env.server, 'wenyuan-chengguan');
		const phone = await connect(env.server, periodDocName('wenyuan', caseId.slice(0, 7)), token);
		appendCaseEvent(phone.doc, caseId, 'commented', { note: '已联系物业' }, { by: user.id, at: Date.now() - 20 * MIN });
		await phone.saved();
		phone.close();

		await secretary.page.goto(`/c/wenyuan/cases/${caseId}`);
		await secretary.page.getByTestId('case-detail').waitFor();
		await secretary.page.getByTestId('case-correct').click();
		const dialog = secretary.page.getByTestId('case-correction');
		await dialog.locator('[name="location"]').fill('文苑小区5号楼东侧');
		await dialog.getByTestId('case-correction-save').click();
		await dialog.waitFor({ state: 'detached' });

		const history = secretary.page.getByTestId('case-history');
		await history.locator('summary').click();
		const entries = history.getByTestId('history-entry');
		await entries.filter({ hasText: `文苑社区书记 把「位置」从 ${record.location || '—'} 改为 文苑小区5号楼东侧` }).waitFor();
		const comment = entries.filter({ hasText: '王城管联络员：备注' });
		await comment.getByText(/服务器收到/).waitFor();
		expect(await entries.filter({ hasText: '：上报' }).count()).toBe(1);
		expect(await entries.count()).toBe(stored.cases[caseId].events.length + 2);
		await screenshot(secretary.page, 'case-history-desktop');
		await secretary.context.close();
	});

	it('logs a patrol against the task list offline, into the service log', async () => {
		const { context, page } = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await signIn(page, 'wenyuan-g02', PASSWORD);
		await page.getByTestId('community-wenyuan').click();
		await page.getByTestId('nav-patrol').click();
		await page.getByTestId('patrol-form').waitFor();
		await waitForSync(page, 'online', 0);
		await context.setOffline(true);
		await waitForSync(page, 'offline', 0);
		await page.getByTestId('patrol-submit').click();
		await expect.poll(() => page.getByTestId('patrol-error').textContent()).toContain('事项清单');
		await page.getByTestId('patrol-item').selectOption('visit-1');
		await page.getByTestId('patrol-note').fill('走访独居老人，身体状况良好');
		await page.getByTestId('patrol-submit').click();
		await page.getByTestId('patrol-entries').getByText('走访独居老人，身体状况良好').waitFor();
		await screenshot(page, 'patrol-phone-360');
		await context.setOffline(false);
		await waitForSync(page, 'online', 0);
		const entries = Object.values((await exportOf<Stored>(env.server, page)).serviceLog).filter((e) => e.note === '走访独居老人，身体状况良好');
		expect(entries).toMatchObject([{ kind: 'home-visit', taskItem: 'visit-1', grid: 'g02' }]);
		await context.close();
	});
});
