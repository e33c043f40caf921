import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	REFUSALS,
	UPDATE_REFUSED,
	addHousehold,
	assignGridWorker,
	careCountsOf,
	careDocName,
	grantCareAccess,
	listHouseholds,
	logVisit,
	privateDocName,
	rootDocName,
	setCareCount,
	unassignGridWorker,
	withdrawCareAccess,
	type Role
} from '../../src/lib/model';
import { runAdmin } from '../../server/cli/admin';
import { client, closedWith, confirm, connect, getJson, login, outcomeOf, waitFor, type Client } from './clients';
import { startServer, type RunningServer } from './harness';

const COMMUNITY = 'wenyuan';
const PRIVATE = privateDocName(COMMUNITY);
const G01 = careDocName(COMMUNITY, 'g01');
const G02 = careDocName(COMMUNITY, 'g02');
const ROOT = rootDocName(COMMUNITY);
/** A member of each role; the demo's volunteer is on g01's care team. */
const USERS: Record<Role, string> & { otherWorker: string } = {
	'district-admin': 'admin',
	secretary: 'wenyuan-sec',
	gridworker: 'wenyuan-g01',
	otherWorker: 'wenyuan-g02',
	liaison: 'wenyuan-chengguan',
	volunteer: 'wenyuan-vol',
	partner: 'wenyuan-partner',
	observer: 'wenyuan-observer'
};
type Who = keyof typeof USERS;
const SYNCED = 'synced';
const REFUSED = REFUSALS.notAllowed;

let server: RunningServer;
const open: Client[] = [];

beforeAll(async () => {
	server = await startServer();
	const env = { DATA_DIR: server.dataDir };
	const quiet = { out: () => undefined, err: () => undefined };
	await runAdmin(['user', 'add', USERS.observer, '--password', 'password-1'], env, quiet);
	await runAdmin(['grant', USERS.observer, COMMUNITY, 'observer'], env, quiet);
});

afterEach(() => {
	for (const c of open.splice(0)) c.close();
});

afterAll(async () => {
	await server?.stop();
});

const sessionOf = (who: Who) => login(server, USERS[who], who === 'observer' ? 'password-1' : undefined);

async function connectAs(who: Who, name: string): Promise<Client> {
	const c = await connect(server, name, (await sessionOf(who)).token);
	open.push(c);
	return c;
}

async function openAs(who: Who, name: string): Promise<{ outcome: string; c: Client }> {
	const c = client(server, name, (await sessionOf(who)).token);
	open.push(c);
	return { outcome: await outcomeOf(c), c };
}

describe('who opens the care records', () => {
	const expected: Record<Who, [string, string, string]> = {
		secretary: [SYNCED, SYNCED, SYNCED],
		gridworker: [REFUSED, SYNCED, REFUSED],
		otherWorker: [REFUSED, REFUSED, SYNCED],
		volunteer: [REFUSED, SYNCED, REFUSED],
		'district-admin': [REFUSED, REFUSED, REFUSED],
		liaison: [REFUSED, REFUSED, REFUSED],
		partner: [REFUSED, REFUSED, REFUSED],
		observer: [REFUSED, REFUSED, REFUSED]
	};
	it.each(Object.keys(expected) as Who[])('gives a %s the care team list and the grids the policy says, no other', async (who) => {
		const outcomes = [];
		for (const name of [PRIVATE, G01, G02]) outcomes.push((await openAs(who, name)).outcome);
		expect(outcomes).toEqual(expected[who]);
		const grids = await getJson(server, `/api/communities/${COMMUNITY}/care/grids`, (await sessionOf(who)).token);
		const opens = ['g01', 'g02'].filter((_, i) => expected[who][i + 1] === SYNCED);
		if (who === 'secretary') expect(grids.body.grids.length).toBeGreaterThan(2);
		else expect(grids.body.grids.map((g: { grid: string }) => g.grid)).toEqual(opens);
	});

	it('lets a grid worker read nothing of another grid, and an observer on a care team only read', async () => {
		const secretary = await connectAs('secretary', PRIVATE);
		const observer = (await sessionOf('observer')).user.id;
		grantCareAccess(secretary.doc, { userId: observer, grid: 'g02', duty: '街道卫生科' }, { by: (await sessionOf('secretary')).user.id });
		await secretary.saved();
		const { outcome, c } = await openAs('observer', G02);
		expect(outcome).toBe(SYNCED);
		expect(listHouseholds(c.doc).length).toBeGreaterThan(0);
		const updates: Uint8Array[] = [];
		c.doc.on('update', (update: Uint8Array) => updates.push(update));
		addHousehold(c.doc, { building: '观察员楼', door: '1' }, { by: observer });
		expect(await confirm(c, updates[0])).toBe(false);
		withdrawCareAccess(secretary.doc, observer, 'g02');
		await secretary.saved();
	});
});

describe('scopes change while connected', () => {
	it('closes a care team member’s connection when the secretary takes the grid off its list, and refuses it then', async () => {
		const secretaryId = (await sessionOf('secretary')).user.id;
		const volunteerId = (await sessionOf('volunteer')).user.id;
		const team = await connectAs('secretary', PRIVATE);
		const volunteer = await connectAs('volunteer', G01);
		const refused = new Promise<string>((resolve) => volunteer.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)));
		const closed = closedWith(volunteer);
		withdrawCareAccess(team.doc, volunteerId, 'g01');
		await team.saved();
		expect(await closed).toBe('membership changed');
		expect(await refused).toBe(REFUSED);
		grantCareAccess(team.doc, { userId: volunteerId, grid: 'g01' }, { by: secretaryId });
		await team.saved();
		expect((await openAs('volunteer', G01)).outcome).toBe(SYNCED);
	});

	it('closes a grid worker’s connection when taken off the grid', async () => {
		const workerId = (await sessionOf('gridworker')).user.id;
		const root = await connectAs('secretary', ROOT);
		const worker = await connectAs('gridworker', G01);
		const closed = closedWith(worker);
		unassignGridWorker(root.doc, 'g01', workerId);
		await root.saved();
		expect(await closed).toBe('membership changed');
		assignGridWorker(root.doc, 'g01', workerId);
		await root.saved();
		expect((await openAs('gridworker', G01)).outcome).toBe(SYNCED);
	});
});

describe('writing care records', () => {
	it('refuses a care team member anything but family-sickbed requests and visits, storing nothing', async () => {
		const volunteer = await connectAs('volunteer', G01);
		const before = listHouseholds(volunteer.doc).length;
		const refused = closedWith(volunteer);
		addHousehold(volunteer.doc, { building: '9号楼', door: '9' }, { by: (await sessionOf('volunteer')).user.id });
		expect(await refused).toBe(`${UPDATE_REFUSED}a volunteer may not change the care records, only family-sickbed requests and visits`);
		const secretary = await connectAs('secretary', G01);
		expect(listHouseholds(secretary.doc)).toHaveLength(before);
	});

	it('refuses the care counts of the root to everyone but the relay, and the relay keeps them current', async () => {
		const root = await connectAs('secretary', ROOT);
		const refused = closedWith(root);
		setCareCount(root.doc, 'g01', { households: 1, specialNeeds: 1, needs: {} as never, elderly: 0, healthFiles: 0, visits: {}, due: {}, openSickbed: 0 });
		expect(await refused).toBe(`${UPDATE_REFUSED}care counts are written by the relay only`);

		const shared = await connectAs('volunteer', ROOT);
		const visits = () => careCountsOf(shared.doc, Date.now()).g01?.visitsThisMonth ?? -1;
		await waitFor('the demo counts of g01', () => visits() >= 0);
		const before = visits();
		const worker = await connectAs('gridworker', G01);
		const [household] = listHouseholds(worker.doc);
		logVisit(worker.doc, { household: household.id, kind: 'home', at: Date.now(), done: '入户走访' }, { by: (await sessionOf('gridworker')).user.id });
		await worker.saved();
		await waitFor('the visit counted in the shared root', () => visits() === before + 1);
	});
});

describe('the audit of openings', () => {
	const post = async (who: Who, body: unknown) =>
		fetch(`${server.url}/api/communities/${COMMUNITY}/care/opens`, {
			method: 'POST',
			headers: { authorization: `Bearer ${(await sessionOf(who)).token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});

	it('records who opened which household, for the grids one may open; the secretary alone reads it', async () => {
		const worker = await connectAs('gridworker', G01);
		const [household] = listHouseholds(worker.doc);
		const at = Date.now() - 60_000;
		expect((await post('gridworker', { opens: [{ grid: 'g01', household: household.id, at }] })).status).toBe(200);
		expect((await post('gridworker', { opens: [{ grid: 'g02', household: household.id, at }] })).status).toBe(403);
		expect((await post('liaison', { opens: [{ grid: 'g01', household: household.id, at }] })).status).toBe(403);
		expect((await post('gridworker', { opens: [] })).status).toBe(400);
		expect((await post('gridworker', { opens: [{ grid: 'g01', household: 'x', at, name: '赵某' }] })).status).toBe(400);

		const list = await getJson(server, `/api/communities/${COMMUNITY}/care/opens?household=${household.id}`, (await sessionOf('secretary')).token);
		expect(list.status).toBe(200);
		expect(list.body.opens[0]).toMatchObject({ grid: 'g01', household: household.id, userId: (await sessionOf('gridworker')).user.id, openedAt: at });
		for (const who of ['gridworker', 'district-admin', 'volunteer'] as const) {
			expect((await getJson(server, `/api/communities/${COMMUNITY}/care/opens`, (await sessionOf(who)).token)).status, who).toBe(403);
		}
	});
});

describe('personal data stays in the care records', () => {
	const MARKER = '隐私标记甲乙丙';

	it('never reaches the shared document, the export, the logs, the metrics or the database file in the clear', async () => {
		const workerId = (await sessionOf('gridworker')).user.id;
		const worker = await connectAs('gridworker', G01);
		const household = addHousehold(
			worker.doc,
			{ building: `${MARKER}楼`, door: '101', phone: '139 0000 0999', note: `${MARKER}备注`, livingAlone: true, visitEveryDays: 7, members: [{ name: `${MARKER}姓名`, ageBand: '80+' }] },
			{ by: workerId }
		);
		logVisit(worker.doc, { household, kind: 'home', at: Date.now(), done: `${MARKER}走访`, followUp: `${MARKER}跟进` }, { by: workerId });
		await worker.saved();
		// Refused writes carrying it: the reasons are logged and sent, the values never.
		const refused = closedWith(worker);
		(worker.doc.getMap('households').get(household) as Y.Map<unknown>).set('note', `${MARKER}${'长'.repeat(600)}`);
		expect(await refused).not.toContain(MARKER);
		const other = await connectAs('gridworker', G01);
		const refusedAgain = closedWith(other);
		(other.doc.getMap('households').get(household) as Y.Map<unknown>).set(`${MARKER}`, MARKER);
		expect(await refusedAgain).not.toContain(MARKER);

		const shared = await connectAs('secretary', ROOT);
		await waitFor('g01 counted with the new household', () => (careCountsOf(shared.doc, Date.now()).g01?.households ?? 0) >= 6);
		expect(JSON.stringify(shared.doc.toJSON())).not.toContain(MARKER);

		for (const who of ['secretary', 'district-admin', 'gridworker'] as const) {
			const exported = await fetch(`${server.url}/api/communities/${COMMUNITY}/export.json`, { headers: { authorization: `Bearer ${(await sessionOf(who)).token}` } });
			expect(exported.status).toBe(200);
			expect(await exported.text(), who).not.toContain(MARKER);
		}
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).not.toContain(MARKER);
		expect(server.output()).toContain('update refused');
		expect(server.output()).not.toContain(MARKER);
		const files = readdirSync(server.dataDir).filter((f) => f.startsWith('gongzhi.sqlite'));
		const bytes = Buffer.concat(files.map((f) => readFileSync(join(server.dataDir, f))));
		expect(bytes.length).toBeGreaterThan(0);
		expect(bytes.includes(Buffer.from(MARKER))).toBe(false);
		// The same check finds what is stored in the clear: the shared root's grid names.
		expect(bytes.includes(Buffer.from('文苑第1网格'))).toBe(true);
	});
});
