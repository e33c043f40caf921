import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSALS, rootDocName } from '../../src/lib/model';
import { runAdmin } from '../../server/cli/admin';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { connect, getJson, login, type Session } from './clients';
import { startServer, type RunningServer } from './harness';

const COMMUNITY = 'wenyuan';
const INVITATIONS = `/api/communities/${COMMUNITY}/invitations`;
const MEMBERS = `/api/communities/${COMMUNITY}/members`;

interface Engine {
	name: string;
	start(): Promise<{ server: RunningServer; expire(id: string): Promise<void>; stop(): Promise<void> }>;
}

const ENGINES: Engine[] = [
	{
		name: 'SQLite',
		async start() {
			const server = await startServer();
			return {
				server,
				async expire(id) {
					const db = new Database(join(server.dataDir, 'gongzhi.sqlite'), { timeout: 5000 });
					db.prepare('UPDATE invitations SET expires_at = ? WHERE id = ?').run(Date.now() - 1, id);
					db.close();
				},
				stop: () => server.stop()
			};
		}
	},
	{
		name: 'PostgreSQL',
		async start() {
			const database: TestDatabase = await createTestDatabase();
			const server = await startServer({ env: { DATABASE_URL: database.url } });
			return {
				server,
				expire: async (id) => void (await database.sql('UPDATE invitations SET expires_at = $1 WHERE id = $2', [Date.now() - 1, id])),
				async stop() {
					await server.stop();
					await database.drop();
				}
			};
		}
	}
];

async function request(server: RunningServer, method: string, path: string, body?: unknown, token?: string) {
	const response = await fetch(`${server.url}${path}`, {
		method,
		headers: {
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			...(token ? { authorization: `Bearer ${token}` } : {})
		},
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null };
}

const tokenOf = (url: string) => url.replace(/^\/invite\//, '');

describe.each(ENGINES)('invitations and members ($name)', (engine) => {
	let running: Awaited<ReturnType<Engine['start']>>;
	let server: RunningServer;
	let secretary: Session;
	let gridworker: Session;
	let admin: Session;
	let serial = 0;

	const invite = async (role = 'volunteer', extra: Record<string, unknown> = {}, as = secretary) =>
		request(server, 'POST', INVITATIONS, { role, ...extra }, as.token);
	const accept = (token: string, body: Record<string, unknown>, bearer?: string) =>
		request(server, 'POST', `/api/invitations/${token}/accept`, body, bearer);
	const newcomer = () => {
		serial++;
		return { username: `newcomer-${serial}`, password: 'long enough 1', name: `新成员${serial}` };
	};

	beforeAll(async () => {
		running = await engine.start();
		server = running.server;
		[secretary, gridworker, admin] = await Promise.all([
			login(server, 'wenyuan-sec'),
			login(server, 'wenyuan-g01'),
			login(server, 'admin')
		]);
	});
	afterAll(() => running.stop());

	it('a secretary invites; the invitee sees the invitation, sets a password and is a member with that role', async () => {
		const created = await invite('volunteer', { name: '李明', expiresInDays: 3 });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ role: 'volunteer', name: '李明' });
		expect(created.body.url).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
		expect(created.body.expiresAt - Date.now()).toBeGreaterThan(2.9 * 86_400_000);
		const token = tokenOf(created.body.url);

		const listed = await getJson(server, INVITATIONS, secretary.token);
		expect(listed.status).toBe(200);
		const mine = listed.body.invitations.find((i: { id: string }) => i.id === created.body.id);
		expect(mine).toMatchObject({ role: 'volunteer', name: '李明', expiresAt: created.body.expiresAt });
		expect(JSON.stringify(listed.body)).not.toContain(token);

		const shown = await getJson(server, `/api/invitations/${token}`);
		expect(shown).toEqual({
			status: 200,
			body: { community: { id: COMMUNITY, name: '文苑社区' }, role: 'volunteer', name: '李明', expiresAt: created.body.expiresAt }
		});

		const person = newcomer();
		const accepted = await accept(token, { username: person.username, password: person.password });
		expect(accepted.status).toBe(200);
		expect(accepted.body.user.name).toBe('李明');
		expect(accepted.body.memberships).toEqual([{ communityId: COMMUNITY, role: 'volunteer' }]);
		const signedIn = await login(server, person.username, person.password);
		expect(signedIn.memberships).toEqual([{ communityId: COMMUNITY, role: 'volunteer' }]);
		await connect(server, rootDocName(COMMUNITY), accepted.body.token).then((c) => c.close());

		expect(await getJson(server, `/api/invitations/${token}`)).toMatchObject({ status: 410, body: { state: 'used' } });
		expect(await accept(token, newcomer())).toMatchObject({ status: 410, body: { state: 'used' } });
		const after = await getJson(server, INVITATIONS, secretary.token);
		expect(after.body.invitations.map((i: { id: string }) => i.id)).not.toContain(created.body.id);
	});

	it('refuses other roles, unknown roles, a secretary inviting a district admin, and bad expiries', async () => {
		expect((await invite('volunteer', {}, gridworker)).status).toBe(403);
		expect((await getJson(server, INVITATIONS, gridworker.token)).status).toBe(403);
		expect((await request(server, 'POST', INVITATIONS, { role: 'volunteer' })).status).toBe(401);
		const badRole = await invite('mayor');
		expect(badRole.status).toBe(400);
		expect(badRole.body.error).toContain('role must be one of');
		expect(await invite('district-admin')).toMatchObject({ status: 403, body: { error: 'a secretary cannot invite a district admin' } });
		const forAdmin = await invite('district-admin', {}, admin);
		expect(forAdmin.status).toBe(201);
		expect(await request(server, 'DELETE', `${INVITATIONS}/${forAdmin.body.id}`, undefined, secretary.token)).toEqual({
			status: 403,
			body: { error: 'a secretary cannot withdraw an invitation of a district admin' }
		});
		for (const expiresInDays of [0, 31, 1.5, '7']) expect((await invite('volunteer', { expiresInDays })).status).toBe(400);
		expect((await request(server, 'POST', '/api/communities/xinhua/invitations', { role: 'volunteer' }, secretary.token)).status).toBe(403);
		expect((await request(server, 'POST', '/api/communities/nowhere/invitations', { role: 'volunteer' }, secretary.token)).status).toBe(404);
		const huge = await request(server, 'POST', INVITATIONS, { role: 'volunteer', name: 'x'.repeat(20_000) }, secretary.token);
		expect(huge.status).toBe(413);
	});

	it('answers 404 for an unknown link and 410 for an expired or revoked one', async () => {
		expect((await getJson(server, '/api/invitations/not-a-token')).status).toBe(404);
		expect((await getJson(server, `/api/invitations/${'A'.repeat(43)}`)).status).toBe(404);
		expect((await accept('A'.repeat(43), newcomer())).status).toBe(404);

		const expiring = (await invite()).body;
		await running.expire(expiring.id);
		expect(await getJson(server, `/api/invitations/${tokenOf(expiring.url)}`)).toMatchObject({
			status: 410,
			body: { state: 'expired', error: 'this invitation has expired: ask for a new one' }
		});
		expect(await accept(tokenOf(expiring.url), newcomer())).toMatchObject({ status: 410, body: { state: 'expired' } });

		const revoked = (await invite()).body;
		expect((await request(server, 'DELETE', `${INVITATIONS}/${revoked.id}`, undefined, gridworker.token)).status).toBe(403);
		expect((await request(server, 'DELETE', `${INVITATIONS}/${revoked.id}`, undefined, secretary.token)).status).toBe(204);
		expect(await getJson(server, `/api/invitations/${tokenOf(revoked.url)}`)).toMatchObject({ status: 410, body: { state: 'revoked' } });
		expect(await accept(tokenOf(revoked.url), newcomer())).toMatchObject({ status: 410, body: { state: 'revoked' } });
		expect((await request(server, 'DELETE', `${INVITATIONS}/${revoked.id}`, undefined, secretary.token)).status).toBe(410);
		expect((await request(server, 'DELETE', `${INVITATIONS}/nope`, undefined, secretary.token)).status).toBe(404);
	});

	it('lets exactly one of two racing accepts join', async () => {
		const token = tokenOf((await invite()).body.url);
		const [a, b] = [newcomer(), newcomer()];
		const results = await Promise.all([accept(token, a), accept(token, b)]);
		expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
		const winner = results[0].status === 200 ? a : b;
		const loser = winner === a ? b : a;
		await login(server, winner.username, winner.password);
		await expect(login(server, loser.username, loser.password)).rejects.toThrow(/401/);
	});

	it('lets one of two invitees taking the same new username at once have it; the other is told it is taken', async () => {
		const [first, second] = await Promise.all([invite(), invite()]);
		const wanted = newcomer();
		const results = await Promise.all([first, second].map((r) => accept(tokenOf(r.body.url), wanted)));
		expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
		expect(results.find((r) => r.status === 409)?.body).toEqual({ error: `username ${wanted.username} is already taken` });
		// The loser's link was not used up: it still works with another name.
		const loser = results[0].status === 409 ? first : second;
		expect((await accept(tokenOf(loser.body.url), newcomer())).status).toBe(200);
	});

	it('refuses a taken username or a short password with a clear message, leaving the link usable', async () => {
		const token = tokenOf((await invite()).body.url);
		expect(await accept(token, { username: 'wenyuan-g01', password: 'long enough 1' })).toEqual({
			status: 409,
			body: { error: 'username wenyuan-g01 is already taken' }
		});
		expect(await accept(token, { ...newcomer(), password: 'short' })).toEqual({
			status: 400,
			body: { error: 'password must be at least 8 characters' }
		});
		expect((await accept(token, { password: 'long enough 1' })).status).toBe(400);
		expect((await accept(token, newcomer())).status).toBe(200);
	});

	it('adds the membership to a signed-in account instead of making one (Bearer)', async () => {
		const other = await login(server, 'xinhua-sec');
		const token = tokenOf((await invite('observer')).body.url);
		expect((await accept(token, {}, 'not-a-valid-token')).status).toBe(401);
		const joined = await accept(token, {}, other.token);
		expect(joined.status).toBe(200);
		expect(joined.body.user.id).toBe(other.user.id);
		expect(joined.body.memberships).toEqual([
			{ communityId: COMMUNITY, role: 'observer' },
			{ communityId: 'xinhua', role: 'secretary' }
		]);
		const again = tokenOf((await invite('volunteer')).body.url);
		expect(await accept(again, {}, gridworker.token)).toEqual({
			status: 409,
			body: { error: 'wenyuan-g01 is already a member of this community' }
		});
		expect((await getJson(server, `/api/invitations/${again}`)).status).toBe(200);
	});

	it('lets the secretary list members, change a role and remove a member, whose live connection is cut', async () => {
		const person = newcomer();
		const joined = (await accept(tokenOf((await invite('volunteer')).body.url), person)).body as Session;
		expect((await getJson(server, MEMBERS, gridworker.token)).status).toBe(403);
		const members = await getJson(server, MEMBERS, secretary.token);
		expect(members.status).toBe(200);
		expect(members.body.members).toContainEqual({ id: joined.user.id, username: person.username, name: person.name, role: 'volunteer' });

		const path = `${MEMBERS}/${joined.user.id}`;
		expect((await request(server, 'PATCH', path, { role: 'district-admin' }, secretary.token)).status).toBe(403);
		expect((await request(server, 'PATCH', path, { role: 'boss' }, secretary.token)).status).toBe(400);
		expect((await request(server, 'PATCH', path, { role: 'observer' }, gridworker.token)).status).toBe(403);
		expect(await request(server, 'PATCH', path, { role: 'observer' }, secretary.token)).toEqual({
			status: 200,
			body: { id: joined.user.id, username: person.username, name: person.name, role: 'observer' }
		});
		expect((await request(server, 'PATCH', `${MEMBERS}/${admin.user.id}`, { role: 'observer' }, secretary.token)).status).toBe(403);
		expect((await request(server, 'DELETE', `${MEMBERS}/${secretary.user.id}`, undefined, secretary.token)).status).toBe(409);
		expect((await request(server, 'DELETE', `${MEMBERS}/nobody`, undefined, secretary.token)).status).toBe(404);

		const live = await connect(server, rootDocName(COMMUNITY), joined.token);
		const refused = new Promise<string>((resolve) =>
			live.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason))
		);
		expect((await request(server, 'DELETE', path, undefined, secretary.token)).status).toBe(204);
		expect(await refused).toBe(REFUSALS.notMember);
		live.close();
		const after = await getJson(server, MEMBERS, secretary.token);
		expect(after.body.members.map((m: { id: string }) => m.id)).not.toContain(joined.user.id);
	});
});

describe('invitations from the admin CLI', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.stop());

	it('prints a link that works once', async () => {
		const out: string[] = [];
		const err: string[] = [];
		const env = { DATA_DIR: server.dataDir, PORT: '3000' };
		const output = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
		expect(await runAdmin(['invite', COMMUNITY, 'gridworker', '--name', '张伟', '--days', '2'], env, output)).toBe(0);
		expect(out[0]).toMatch(/^invitation to wenyuan as gridworker, valid until \d{4}-\d\d-\d\dT.*Z \(once\):$/);
		const link = /^http:\/\/127\.0\.0\.1:3000\/invite\/([A-Za-z0-9_-]{43})$/.exec(out[1]);
		expect(link).not.toBeNull();
		expect((await getJson(server, `/api/invitations/${link![1]}`)).body).toMatchObject({ role: 'gridworker', name: '张伟' });

		expect(await runAdmin(['invite', COMMUNITY, 'mayor'], env, output)).toBe(1);
		expect(await runAdmin(['invite', COMMUNITY, 'volunteer', '--days', '40'], env, output)).toBe(1);
		expect(await runAdmin(['invite', 'nowhere', 'volunteer'], env, output)).toBe(1);
		expect(err).toEqual([
			'error: unknown role "mayor"; roles are: district-admin, secretary, gridworker, liaison, volunteer, partner, observer',
			'error: an invitation lasts 1 to 30 whole days',
			'error: community nowhere does not exist'
		]);
	});
});
