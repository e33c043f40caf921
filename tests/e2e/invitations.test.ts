import { describe, expect, it } from 'vitest';
import { newUser, serverAndBrowser, screenshot, signIn } from './browser';

describe('invitations and members in the browser', () => {
	const env = serverAndBrowser();

	it('a secretary invites; the invitee opens the link, sets a password and lands in the community with the role; the secretary manages them', async () => {
		const secretary = await newUser(env.browser, env.server.url);
		await secretary.context.grantPermissions(['clipboard-read', 'clipboard-write']);
		await signIn(secretary.page, 'wenyuan-sec', 'demo1234');
		await secretary.page.getByTestId('community-wenyuan').click();
		await secretary.page.getByTestId('nav-members').click();
		const members = secretary.page.getByTestId('members');
		await members.getByTestId('member-wenyuan-g01').waitFor();

		const form = secretary.page.getByTestId('invite-form');
		// A secretary may not invite a district admin: it is not offered.
		expect(await form.getByTestId('invite-role').locator('option').allTextContents()).not.toContain('区级管理员');
		await form.getByTestId('invite-role').selectOption('volunteer');
		await form.getByTestId('invite-name').fill('赵敏');
		await form.getByTestId('invite-days').fill('5');
		await form.getByTestId('invite-submit').click();
		const link = await form.getByTestId('invite-link').inputValue();
		expect(link).toMatch(new RegExp(`^${env.server.url}/invite/[A-Za-z0-9_-]{43}$`));
		await form.getByTestId('invite-copy').click();
		await form.getByTestId('invite-copy').filter({ hasText: '已复制' }).waitFor();
		expect(await secretary.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
		await secretary.page.getByTestId('pending-invitations').getByText('赵敏').waitFor();
		await screenshot(secretary.page, 'members-1280');

		const invitee = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await invitee.page.goto(link);
		await invitee.page.getByTestId('accept-summary').filter({ hasText: '您受邀以「志愿者」身份加入文苑社区。' }).waitFor();
		expect(await invitee.page.getByTestId('accept-name').inputValue()).toBe('赵敏');
		await invitee.page.getByTestId('accept-username').fill('zhaomin');
		await invitee.page.getByTestId('accept-password').fill('zhaomin-2026');
		await invitee.page.getByTestId('accept-password2').fill('zhaomin-2027');
		await invitee.page.getByTestId('accept-submit').click();
		await invitee.page.getByTestId('accept-error').filter({ hasText: '两次输入的密码不一致。' }).waitFor();
		await invitee.page.getByTestId('accept-username').fill('wenyuan-g01');
		await invitee.page.getByTestId('accept-password2').fill('zhaomin-2026');
		await invitee.page.getByTestId('accept-submit').click();
		await invitee.page.getByTestId('accept-error').filter({ hasText: '用户名「wenyuan-g01」已被占用' }).waitFor();
		await screenshot(invitee.page, 'accept-invitation-360');
		await invitee.page.getByTestId('accept-username').fill('zhaomin');
		await invitee.page.getByTestId('accept-submit').click();

		// Signed in as the new volunteer, on a volunteer's view of the community.
		await invitee.page.waitForURL('**/c/wenyuan/me');
		await invitee.page.getByTestId('current-user').filter({ hasText: '赵敏' }).waitFor({ state: 'attached' });
		expect(await invitee.page.getByTestId('community-nav').locator('a[data-testid^="nav-"]').allTextContents()).toEqual([
			'我的志愿服务',
			'网格看板',
			'志愿活动',
			'议事协商'
		]);

		// The link worked once.
		const again = await newUser(env.browser, env.server.url, { phone: true, width: 360 });
		await again.page.goto(link);
		await again.page.getByTestId('accept-error').filter({ hasText: '这个邀请已经被使用过了' }).waitFor();
		await again.context.close();

		await secretary.page.reload();
		const row = members.getByTestId('member-zhaomin');
		await row.getByTestId('member-role').filter({ hasText: '志愿者' }).waitFor();
		expect(await secretary.page.getByTestId('pending-invitations').getByText('赵敏').count()).toBe(0);
		await row.getByTestId('member-change').click();
		const change = secretary.page.getByTestId('change-role-dialog');
		await change.getByTestId('change-role-select').selectOption('observer');
		await change.getByText('将「志愿者」改为「观察员」').waitFor();
		await change.getByTestId('change-role-confirm').click();
		await row.getByTestId('member-role').filter({ hasText: '观察员' }).waitFor();

		await row.getByTestId('member-remove').click();
		await secretary.page.getByTestId('remove-member-dialog').getByText('确定将 赵敏 移出本社区吗').waitFor();
		await secretary.page.getByTestId('remove-member-confirm').click();
		await row.waitFor({ state: 'detached' });
		// The secretary's own row offers nothing to change.
		expect(await members.getByTestId('member-wenyuan-sec').getByTestId('member-remove').count()).toBe(0);

		await invitee.context.close();
		await secretary.context.close();
	});
});
