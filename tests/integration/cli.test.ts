import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, listGrids, readMeta } from '../../src/lib/model';
import { runAdmin } from '../../server/cli/admin';
import { connect, getJson, login, waitFor } from './clients';
import { ROOT, startServer, type RunningServer } from './harness';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer({ seed: 'none' });
});

afterAll(async () => {
	await server?.stop();
});

/** The admin CLI in this process, against the running server's data dir (SQLite WAL allows both). */
async function admin(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runAdmin(argv, { DATA_DIR: server.dataDir }, { out: (l) => out.push(l), err: (l) => err.push(l) });
	return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('SEED=none', () => {
	it('starts with no communities and no demo users', async () => {
		expect(server.output()).not.toMatch(/demo1234/);
		expect((await admin('community', 'list')).out).toBe('no communities yet');
		const response = await fetch(`${server.url}/api/auth/login`, {
			method: 'POST',
			body: JSON.stringify({ username: 'admin', password: 'demo1234' })
		});
		expect(response.status).toBe(401);
	});
});

describe('admin CLI', () => {
	it('adds a community, refusing a duplicate or a bad id', async () => {
		expect(await admin('community', 'add', 'lianhe', '--name', '联合社区')).toEqual({
			code: 0,
			out: 'created community lianhe (联合社区)',
			err: ''
		});
		const duplicate = await admin('community', 'add', 'lianhe', '--name', '另一个');
		expect(duplicate).toMatchObject({ code: 1, err: 'error: community lianhe already exists' });
		const bad = await admin('community', 'add', 'Lian He', '--name', 'x');
		expect(bad.code).toBe(1);
		expect(bad.err).toMatch(/community id must be/);
		expect((await admin('community', 'add', 'nameless')).err).toMatch(/--name is required/);
	});

	it('adds users and grants every role of the contract', async () => {
		for (const role of ROLES) {
			expect((await admin('user', 'add', `lh-${role}`, '--password', 'password-1', '--name', `联合 ${role}`)).code).toBe(0);
			expect(await admin('grant', `lh-${role}`, 'lianhe', role)).toEqual({
				code: 0,
				out: `lh-${role} is now ${role} in lianhe`,
				err: ''
			});
		}
		expect((await admin('user', 'list')).out).toContain('lh-observer\t联合 observer\tlianhe:observer');
	});

	it('refuses an unknown role, user or community, and a short password, with exit code 1', async () => {
		const cases: [string[], RegExp][] = [
			[['grant', 'lh-secretary', 'lianhe', 'mayor'], /unknown role "mayor"; roles are: district-admin, secretary/],
			[['grant', 'nobody', 'lianhe', 'observer'], /user nobody does not exist/],
			[['grant', 'lh-secretary', 'atlantis', 'observer'], /community atlantis does not exist/],
			[['user', 'add', 'shorty', '--password', 'short'], /password must be at least 8 characters/],
			[['frobnicate'], /unknown command: frobnicate/]
		];
		for (const [argv, message] of cases) {
			const result = await admin(...argv);
			expect(result.code, argv.join(' ')).toBe(1);
			expect(result.err).toMatch(message);
		}
	});

	it('runs as its own process with the same messages and exit codes', async () => {
		const run = promisify(execFile);
		const argv = ['--import', 'tsx', 'server/cli/admin.ts'];
		const env = { ...process.env, DATA_DIR: server.dataDir };
		const listed = await run(process.execPath, [...argv, 'community', 'list'], { cwd: ROOT, env });
		expect(listed.stdout).toContain('lianhe\t联合社区\t7 members');
		const refused = await run(process.execPath, [...argv, 'grant', 'lh-secretary', 'lianhe', 'mayor'], { cwd: ROOT, env }).then(
			() => null,
			(error: { code: number; stderr: string }) => error
		);
		expect(refused?.code).toBe(1);
		expect(refused?.stderr).toMatch(/unknown role "mayor"/);
	});

	it('lets the new user sign in and open the community the CLI created', async () => {
		const session = await login(server, 'lh-secretary', 'password-1');
		expect(session.memberships).toEqual([{ communityId: 'lianhe', role: 'secretary' }]);
		const c = await connect(server, 'community:lianhe', session.token);
		try {
			await waitFor('the community meta', () => readMeta(c.doc).name === '联合社区');
			expect(readMeta(c.doc)).toMatchObject({ id: 'lianhe', schemaVersion: 1, problems: [] });
			expect(listGrids(c.doc)).toEqual([]);
		} finally {
			c.close();
		}
		const exported = await getJson(server, '/api/communities/lianhe/export.json', session.token);
		expect(exported).toMatchObject({ status: 200, body: { meta: { id: 'lianhe', name: '联合社区' }, grids: {} } });
	});
});
