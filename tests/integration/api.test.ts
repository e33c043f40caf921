import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './harness';
import { updateGrid } from '../../src/lib/model';
import { DEMO_PASSWORD, client, connect, getJson, login, refusal, scrapeMetrics } from './clients';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server?.stop();
});

function post(path: string, body: string, headers: Record<string, string> = {}) {
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body
	});
}

describe('POST /api/auth/login', () => {
	it('answers the right password with a token, the user and their memberships', async () => {
		const response = await post('/api/auth/login', JSON.stringify({ username: 'wenyuan-sec', password: DEMO_PASSWORD }));
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(Object.keys(body).sort()).toEqual(['memberships', 'token', 'user']);
		expect(body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(body.user).toEqual({ id: expect.any(String), name: '文苑社区书记' });
		expect(body.memberships).toEqual([{ communityId: 'wenyuan', role: 'secretary' }]);
	});

	it('signs in the demo liaison, volunteer and partner accounts with their roles', async () => {
		for (const [username, role] of [
			['wenyuan-chengguan', 'liaison'],
			['xinhua-vol', 'volunteer'],
			['jinshan-partner', 'partner']
		]) {
			const response = await post('/api/auth/login', JSON.stringify({ username, password: DEMO_PASSWORD }));
			expect(response.status, username).toBe(200);
			const { memberships } = await response.json();
			expect(memberships, username).toEqual([{ communityId: username.split('-')[0], role }]);
		}
	});

	it('refuses a wrong password and an unknown user alike', async () => {
		for (const credentials of [
			{ username: 'wenyuan-sec', password: 'wrong-password' },
			{ username: 'nobody', password: DEMO_PASSWORD }
		]) {
			const response = await post('/api/auth/login', JSON.stringify(credentials));
			expect(response.status).toBe(401);
			expect(await response.json()).toEqual({ error: 'wrong username or password' });
		}
	});

	it('throttles 20 wrong passwords in a row, even the right one meanwhile, and no one else', async () => {
		const attempt = (username: string, password: string) =>
			post('/api/auth/login', JSON.stringify({ username, password }));
		const statuses: number[] = [];
		for (let i = 0; i < 20; i++) statuses.push((await attempt('heping-sec', `guess-${i}`)).status);
		expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
		expect(statuses.slice(5)).toEqual(Array(15).fill(429));
		const throttled = await attempt('heping-sec', DEMO_PASSWORD);
		expect(throttled.status).toBe(429);
		expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await throttled.json()).error).toMatch(/^too many failed sign-ins: try again in \d+ s$/);
		// Same address, another account: not held back by someone else's guessing.
		expect((await attempt('heping-vol', DEMO_PASSWORD)).status).toBe(200);
	});

	it('answers malformed JSON with 400 and a message, and keeps serving', async () => {
		const response = await post('/api/auth/login', '{"username": "wenyuan-sec", ');
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({ error: 'request body is not valid JSON' });
		expect(await getJson(server, '/healthz')).toEqual({ status: 200, body: { ok: true } });
	});

	it('names the missing or mistyped field', async () => {
		const cases: [string, string][] = [
			[JSON.stringify({ username: 'wenyuan-sec' }), 'password is required'],
			[JSON.stringify({ password: DEMO_PASSWORD }), 'username is required'],
			[JSON.stringify({ username: 42, password: DEMO_PASSWORD }), 'username must be text'],
			[JSON.stringify(['wenyuan-sec', DEMO_PASSWORD]), 'request body must be a JSON object'],
			['', 'request body is empty: send a JSON object']
		];
		for (const [body, error] of cases) {
			const response = await post('/api/auth/login', body);
			expect(response.status, body).toBe(400);
			expect(await response.json()).toEqual({ error });
		}
	});

	it('refuses a body over 16 KB with 413', async () => {
		const password = 'x'.repeat(17 * 1024);
		const response = await post('/api/auth/login', JSON.stringify({ username: 'wenyuan-sec', password }));
		expect(response.status).toBe(413);
		expect(await response.json()).toEqual({ error: 'request body is larger than 16 KB' });
		expect((await getJson(server, '/healthz')).status).toBe(200);
	});

	it('says which method to use, and 404s unknown endpoints as JSON', async () => {
		const wrongMethod = await getJson(server, '/api/auth/login');
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.body.error).toMatch(/use POST/);
		expect(await getJson(server, '/api/nothing-here')).toEqual({
			status: 404,
			body: { error: 'no such endpoint: /api/nothing-here' }
		});
	});
});

/** A request with a path fetch() would normalise away; resolves with the status, or null if the socket was dropped. */
function rawRequest(path: string, headers: Record<string, string> = {}): Promise<number | null> {
	return new Promise((resolve) => {
		const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
			res.resume();
			resolve(res.statusCode ?? null);
		});
		req.on('error', () => resolve(null));
		req.end();
	});
}

describe('malformed URLs', () => {
	it('answers a request with 400, drops an upgrade, and keeps serving', async () => {
		expect(await rawRequest('//[')).toBe(400);
		expect(await rawRequest('//[', { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' })).toBeNull();
		expect(await getJson(server, '/healthz')).toEqual({ status: 200, body: { ok: true } });
	});
});

describe('GET /api/me', () => {
	it('lists the communities with their members, for offline use', async () => {
		const { token, user } = await login(server, 'wenyuan-g01');
		const { status, body } = await getJson(server, '/api/me', token);
		expect(status).toBe(200);
		expect(body.user).toEqual({ id: user.id, name: '赵秀英', username: 'wenyuan-g01' });
		expect(body.communities).toHaveLength(1);
		const [wenyuan] = body.communities;
		expect(wenyuan).toMatchObject({ id: 'wenyuan', name: '文苑社区', role: 'gridworker' });
		const roles = Object.fromEntries(wenyuan.members.map((m: { name: string; role: string }) => [m.name, m.role]));
		expect(roles).toMatchObject({ 区级管理员: 'district-admin', 文苑社区书记: 'secretary', 孙国庆: 'gridworker' });
	});

	it('answers 401 without a valid token', async () => {
		expect((await getJson(server, '/api/me')).status).toBe(401);
		const forged = await getJson(server, '/api/me', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
		expect(forged).toEqual({ status: 401, body: { error: 'invalid or expired token: sign in again' } });
	});
});

describe('GET /api/communities/<id>/export.json', () => {
	it('gives a member the whole community: meta, and the demo grids keyed by id', async () => {
		const { token } = await login(server, 'wenyuan-sec');
		const { status, body } = await getJson(server, '/api/communities/wenyuan/export.json', token);
		expect(status).toBe(200);
		expect(body.meta).toEqual({ id: 'wenyuan', name: '文苑社区', district: '新荣区', schemaVersion: 1 });
		expect(Object.keys(body.grids).sort()).toEqual(['g01', 'g02', 'g03', 'g04', 'g05', 'g06']);
		expect(body.grids.g01).toMatchObject({ name: '文苑第1网格', households: 415, station: 'st01', archived: false });
		expect(Object.keys(body.stations).sort()).toEqual(['st01', 'st02', 'st03']);
		expect(body.problems).toBeUndefined();

		// Grid workers are user ids; /api/me turns them into names.
		const me = await getJson(server, '/api/me', token);
		const names = new Map(me.body.communities[0].members.map((m: { id: string; name: string }) => [m.id, m.name]));
		expect(body.grids.g01.workers.map((id: string) => names.get(id))).toEqual(['赵秀英', '孙国庆']);
	});

	it('merges every document of the family: the month documents, meetings and pairings', async () => {
		const { token } = await login(server, 'wenyuan-sec');
		const { body } = await getJson(server, '/api/communities/wenyuan/export.json', token);
		for (const key of ['taskList', 'departments', 'volunteers', 'pairings', 'meetings', 'openCases', 'cases', 'serviceLog', 'activities', 'minutes', 'commitments']) {
			expect(Object.keys(body[key]).length, key).toBeGreaterThan(0);
		}
		const cases = Object.entries(body.cases) as [string, { status: string; deadlines: object; period: string }][];
		for (const [id, c] of cases) {
			expect(id.startsWith(`${c.period}-`)).toBe(true);
			expect(c.deadlines).toHaveProperty('onSite');
		}
		expect(new Set(cases.map(([, c]) => c.status)).size).toBeGreaterThanOrEqual(5);
		const [minutes] = Object.values(body.minutes) as { text: string }[];
		expect(minutes.text).toContain('议定事项');
		expect(body.problems).toBeUndefined();
	});

	it('refuses a non-member with 403, an unknown community with 404, no token with 401', async () => {
		const { token } = await login(server, 'wenyuan-sec');
		expect(await getJson(server, '/api/communities/xinhua/export.json', token)).toEqual({
			status: 403,
			body: { error: 'not a member of this community' }
		});
		expect((await getJson(server, '/api/communities/atlantis/export.json', token)).status).toBe(404);
		expect((await getJson(server, '/api/communities/wenyuan/export.json')).status).toBe(401);
	});
});

const scrape = () => scrapeMetrics(server);

describe('security headers', () => {
	it('sends the app with a Content-Security-Policy that lets only its own scripts run, and hardening headers everywhere', async () => {
		const page = await fetch(`${server.url}/login`);
		expect(page.status).toBe(200);
		const csp = page.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'sha256-[^']+'/);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		for (const response of [page, await fetch(`${server.url}/api/me`)]) {
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('x-frame-options')).toBe('DENY');
			expect(response.headers.get('referrer-policy')).toBe('no-referrer');
		}
	});
});

describe('operations endpoints', () => {
	it('serves /healthz and Prometheus /metrics with every metric named', async () => {
		expect(await getJson(server, '/healthz')).toEqual({ status: 200, body: { ok: true } });
		const response = await fetch(`${server.url}/metrics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
		const text = await response.text();
		for (const metric of [
			'gongzhi_relay_connections',
			'gongzhi_relay_documents_loaded',
			'gongzhi_relay_updates_received_total',
			'gongzhi_relay_received_bytes_total',
			'gongzhi_relay_sent_bytes_total',
			'gongzhi_relay_auth_failures_total',
			'gongzhi_relay_updates_refused_total',
			'gongzhi_http_requests_total',
			'gongzhi_store_latency_seconds',
			'process_cpu_seconds_total'
		]) {
			expect(text).toContain(`# TYPE ${metric} `);
		}
	});

	it('counts HTTP requests by route pattern and status, and answers with a request id', async () => {
		const before = await scrape();
		const response = await fetch(`${server.url}/api/communities/wenyuan/export.json`);
		expect(response.status).toBe(401);
		expect(response.headers.get('x-request-id')).toMatch(/^[\w-]{8}$/);
		expect((await getJson(server, '/api/nothing-here')).status).toBe(404);
		const after = await scrape();
		const count = (m: Map<string, number>, labels: string) => m.get(`gongzhi_http_requests_total{${labels}}`) ?? 0;
		const exportLabels = 'method="GET",route="/api/communities/:id/export.json",status="401"';
		expect(count(after, exportLabels) - count(before, exportLabels)).toBe(1);
		expect(count(after, 'method="GET",route="unmatched",status="404"')).toBeGreaterThanOrEqual(1);
	});

	it('moves the relay metrics: connections, loaded documents, updates, bytes, refusals', async () => {
		const before = await scrape();
		const { token } = await login(server, 'dongfang-sec');
		const c = await connect(server, 'community:dongfang', token);
		try {
			updateGrid(c.doc, 'g18', { households: 418 });
			await c.saved();
			const during = await scrape();
			expect(during.get('gongzhi_relay_connections')).toBeGreaterThanOrEqual(1);
			expect(during.get('gongzhi_relay_documents_loaded')).toBeGreaterThanOrEqual(1);
			expect(during.get('gongzhi_relay_updates_received_total')!).toBeGreaterThan(before.get('gongzhi_relay_updates_received_total')!);
			for (const name of ['gongzhi_relay_received_bytes_total', 'gongzhi_relay_sent_bytes_total']) {
				const key = `${name}{endpoint="sync"}`;
				expect(during.get(key), key).toBeGreaterThan(before.get(key) ?? 0);
			}
		} finally {
			c.close();
		}
		expect(await refusal(client(server, 'community:dongfang', 'not-a-token'))).toMatch(/invalid/);
		const key = 'gongzhi_relay_auth_failures_total{reason="badToken"}';
		expect((await scrape()).get(key)).toBe((before.get(key) ?? 0) + 1);
	});
});
