import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, addGrid, archiveGrid, getGrid, listGrids, readMeta, updateGrid } from '../../src/lib/model';
import { runAdmin } from '../../server/cli/admin';
import { docOf } from '../../server/store/documents';
import { openSqliteStore } from '../../server/store/sqlite';
import { canonical, connect, getJson, login, waitFor, type Client } from './clients';
import { createTestDatabase } from '../support/postgres';
import { ROOT, startServer, type RunningServer } from './harness';

let server: RunningServer;
let scratch: string;

beforeAll(async () => {
	server = await startServer({ seed: 'none' });
	scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-cli-'));
});

afterAll(async () => {
	await server?.stop();
	fs.rmSync(scratch, { recursive: true, force: true });
});

/** The admin CLI in this process, against the running server's data dir (SQLite WAL allows both). */
async function admin(...argv: string[]) {
	return adminIn(server.dataDir, ...argv);
}

async function adminIn(dataDir: string, ...argv: string[]) {
	return adminWith({ DATA_DIR: dataDir }, ...argv);
}

async function adminWith(env: NodeJS.ProcessEnv, ...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runAdmin(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
	return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A path in this file's scratch directory. */
const scratchPath = (...parts: string[]) => path.join(scratch, ...parts);

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

describe('admin CLI: backup, restore, export, import, restore-point', () => {
	let secretary: Client;
	let token: string;

	beforeAll(async () => {
		({ token } = await login(server, 'lh-secretary', 'password-1'));
		secretary = await connect(server, 'community:lianhe', token);
		addGrid(secretary.doc, { id: 'g01', name: '联合第1网格', households: 320 });
		await secretary.saved();
	});

	afterAll(() => secretary?.close());

	const exported = async () => (await getJson(server, '/api/communities/lianhe/export.json', token)).body;

	it('backs up the running server consistently, and restores the copy into an empty data dir', async () => {
		const file = scratchPath('lianhe.backup');
		const backup = await admin('backup', file);
		expect(backup).toMatchObject({ code: 0, err: '' });
		expect(backup.out).toMatch(/^backed up .* to .*lianhe\.backup \(\d+ KB, 1 community, 7 users\)$/);
		expect(await admin('backup', file)).toMatchObject({
			code: 1,
			err: `error: ${file} exists; add --force to overwrite it`
		});
		expect((await admin('backup', file, '--force')).code).toBe(0);

		const elsewhere = scratchPath('restored');
		expect(await adminIn(elsewhere, 'restore', file)).toMatchObject({ code: 0, err: '' });
		expect((await adminIn(elsewhere, 'community', 'list')).out).toBe('lianhe\t联合社区\t7 members');
		const dump = await adminIn(elsewhere, 'export', 'lianhe');
		expect(Object.keys(JSON.parse(dump.out).documents)).toEqual(['community:lianhe']);

		// A second restore replaces it only when told to, and keeps what it replaced.
		expect(await adminIn(elsewhere, 'restore', file)).toMatchObject({
			code: 1,
			err: `error: ${elsewhere} already holds a database; add --force to replace it`
		});
		const forced = await adminIn(elsewhere, 'restore', file, '--force');
		expect(forced.out).toMatch(/the database it replaced is kept as gongzhi\.sqlite\.replaced-\d{4}-/);
	});

	it('refuses to restore over a running server, or from a file that is not a store', async () => {
		const file = scratchPath('lianhe.backup');
		expect(await admin('restore', file, '--force')).toMatchObject({
			code: 1,
			err: expect.stringMatching(/a running server has .* open: stop it first/)
		});
		fs.writeFileSync(scratchPath('junk'), 'not a database at all, just some text that goes on for a while');
		expect((await adminIn(scratchPath('x'), 'restore', scratchPath('junk'))).err).toMatch(/is not a readable SQLite database/);
		expect((await adminIn(scratchPath('x'), 'restore', scratchPath('nothing'))).err).toMatch(/nothing does not exist/);
	});

	it('exports a community as documented, and imports it as a new community elsewhere', async () => {
		const file = scratchPath('lianhe.json');
		expect(await admin('export', 'lianhe', '--out', file)).toEqual({
			code: 0,
			out: `exported community lianhe (1 document) to ${file}`,
			err: ''
		});
		const dump = JSON.parse(fs.readFileSync(file, 'utf8'));
		expect(dump).toMatchObject({
			format: 'gongzhi-community-dump',
			version: 1,
			community: { id: 'lianhe', name: '联合社区' },
			documents: { 'community:lianhe': expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) }
		});
		expect((await admin('export', 'atlantis')).err).toBe('error: community atlantis does not exist');

		const elsewhere = scratchPath('imported');
		expect(await adminIn(elsewhere, 'import', file)).toEqual({
			code: 0,
			out: 'imported community lianhe (created): 1 document changed, 0 unchanged',
			err: ''
		});
		expect(JSON.parse((await adminIn(elsewhere, 'export', 'lianhe')).out).documents).toEqual(dump.documents);
		expect((await adminIn(elsewhere, 'import', file)).out).toBe(
			'imported community lianhe (merged): 0 documents changed, 1 unchanged'
		);

		fs.writeFileSync(scratchPath('bad.json'), JSON.stringify({ ...dump, documents: { 'community:other': 'AAA=' } }));
		expect((await adminIn(elsewhere, 'import', scratchPath('bad.json'))).err).toBe(
			"error: document community:other is not one of community lianhe's"
		);
	});

	it("merges an import into the running server's documents, losing nothing, and clients receive it", async () => {
		const elsewhere = scratchPath('imported');
		// The other store's copy gets a grid of its own, written as a client there would.
		const store = openSqliteStore(elsewhere);
		const copy = docOf('community:lianhe', await store.loadDocument('community:lianhe'));
		const written: Uint8Array[] = [];
		copy.on('update', (update: Uint8Array) => written.push(update));
		addGrid(copy, { id: 'g02', name: '联合第2网格', households: 280 });
		await store.appendUpdates(written.map((update) => ({ name: 'community:lianhe', update })));
		await store.close();
		updateGrid(secretary.doc, 'g01', { households: 321 });
		await secretary.saved();

		const file = scratchPath('lianhe-2.json');
		expect((await adminIn(elsewhere, 'export', 'lianhe', '--out', file)).code).toBe(0);
		expect((await admin('import', file)).out).toBe('imported community lianhe (merged): 1 document changed, 0 unchanged');
		await waitFor('the connected client to receive the import', () => getGrid(secretary.doc, 'g02') !== null);
		expect(getGrid(secretary.doc, 'g01')?.households).toBe(321);
		expect((await exported()).grids.g02).toMatchObject({ name: '联合第2网格', households: 280 });
	});

	it('turns a community back to a moment as a new change, which connected clients receive', async () => {
		const before = await exported();
		const at = Date.now();
		await waitFor('the clock to move past the restore point', () => Date.now() > at + 1);
		updateGrid(secretary.doc, 'g01', { households: 999, boundary: '东至联合路' });
		addGrid(secretary.doc, { id: 'g03', name: '后来的网格', households: 50 });
		archiveGrid(secretary.doc, 'g02');
		await secretary.saved();
		expect((await exported()).grids.g03).toBeDefined();

		const restored = await admin('restore-point', 'lianhe', '--at', new Date(at).toISOString());
		expect(restored).toMatchObject({ code: 0, err: '' });
		expect(restored.out.split('\n')).toEqual([
			`community lianhe is back to ${new Date(at).toISOString()}: 1 document changed, 0 unchanged`,
			expect.stringMatching(/^  community:lianhe \(\d+ bytes\)$/)
		]);
		await waitFor('the connected client to receive the restore', () => getGrid(secretary.doc, 'g03') === null);
		expect(getGrid(secretary.doc, 'g01')).toMatchObject({ households: 321, boundary: '' });
		expect(canonical(await exported())).toBe(canonical(before));
		// Restoring to the same moment again has nothing left to change.
		expect((await admin('restore-point', 'lianhe', '--at', String(at))).out).toMatch(/0 documents changed, 1 unchanged$/);
	});

	it('refuses a restore point it cannot rebuild or cannot read', async () => {
		expect((await admin('restore-point', 'lianhe', '--at', '2001-01-01')).err).toMatch(
			/^error: 2001-01-01T00:00:00.000Z is older than the history kept \(from /
		);
		expect((await admin('restore-point', 'lianhe', '--at', 'yesterday')).err).toMatch(/--at "yesterday" is not an ISO 8601 time/);
		expect((await admin('restore-point', 'lianhe')).err).toMatch(/--at is required/);
	});
});

describe('admin CLI on PostgreSQL', () => {
	it('manages the database DATABASE_URL names, and points backup and restore to the tools for it', async () => {
		const database = await createTestDatabase();
		try {
			const env = { DATA_DIR: scratchPath('unused'), DATABASE_URL: database.url };
			expect(await adminWith(env, 'community', 'add', 'pg1', '--name', '联合社区')).toMatchObject({ code: 0 });
			expect(await adminWith(env, 'user', 'add', 'pg-sec', '--password', 'password-1')).toMatchObject({ code: 0 });
			expect(await adminWith(env, 'grant', 'pg-sec', 'pg1', 'secretary')).toMatchObject({ code: 0 });
			expect((await adminWith(env, 'user', 'list')).out).toBe('pg-sec\tpg-sec\tpg1:secretary');
			const dump = JSON.parse((await adminWith(env, 'export', 'pg1')).out);
			expect(Object.keys(dump.documents)).toEqual(['community:pg1']);
			expect(await adminWith(env, 'backup', scratchPath('pg.backup'))).toEqual({
				code: 1,
				out: '',
				err:
					'error: backup copies the SQLite file, and DATABASE_URL puts the data in PostgreSQL: ' +
					'use pg_dump / pg_restore there, or export / import a community'
			});
		} finally {
			await database.drop();
		}
	});
});
