import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addGrid, exportCommunity, getGrid, updateGrid } from '../../src/lib/model';
import { canonical, client, connect, getJson, login, refusal, waitFor, type Client } from './clients';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;
const open: Client[] = [];

beforeAll(async () => {
	server = await startServer();
});

afterEach(() => {
	for (const c of open.splice(0)) c.close();
});

afterAll(async () => {
	await server?.stop();
});

async function connectAs(username: string, name: string): Promise<Client> {
	const { token } = await login(server, username);
	const c = await connect(server, name, token);
	open.push(c);
	return c;
}

function readDatabase<T>(read: (db: Database.Database) => T): T {
	const db = new Database(join(server.dataDir, 'gongzhi.sqlite'), { readonly: true });
	try {
		return read(db);
	} finally {
		db.close();
	}
}

/** Updates of `name` logged since its last snapshot, read from the server's database. */
const loggedUpdates = (name: string) =>
	readDatabase((db) => (db.prepare('SELECT count(*) AS n FROM document_updates WHERE name = ?').get(name) as { n: number }).n);

/** The document `name` as its latest snapshot alone holds it, read from the server's database. */
function latestSnapshot(name: string): Y.Doc {
	const { state } = readDatabase((db) => db.prepare('SELECT state FROM snapshots WHERE name = ? ORDER BY id DESC LIMIT 1').get(name) as { state: Uint8Array });
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}

async function exported(username: string, communityId: string) {
	const { token } = await login(server, username);
	const { status, body } = await getJson(server, `/api/communities/${communityId}/export.json`, token);
	expect(status).toBe(200);
	return body;
}

describe('relay', () => {
	it('merges two members editing different fields of one grid, and keeps it across a restart', async () => {
		const secretary = await connectAs('wenyuan-sec', 'community:wenyuan');
		// Two who may edit the grids: the secretary and the district's admin.
		const worker = await connectAs('admin', 'community:wenyuan');
		expect(getGrid(secretary.doc, 'g01')?.name).toBe('文苑第1网格');

		addGrid(secretary.doc, { id: 'g28', name: '文苑第28网格', households: 350, boundary: '东至新华街' });
		await waitFor('the worker to see the new grid', () => getGrid(worker.doc, 'g28') !== null);

		updateGrid(secretary.doc, 'g28', { name: '文苑第二十八网格' });
		updateGrid(worker.doc, 'g28', { households: 362 });
		await Promise.all([secretary.saved(), worker.saved()]);
		await waitFor(
			'both replicas to converge',
			() => canonical(exportCommunity(secretary.doc)) === canonical(exportCommunity(worker.doc))
		);
		expect(getGrid(worker.doc, 'g28')).toMatchObject({ name: '文苑第二十八网格', households: 362 });
		const before = canonical(exportCommunity(secretary.doc));

		secretary.close();
		worker.close();
		await server.restart('SIGTERM');
		// A graceful stop folds the update log into the snapshot.
		expect(loggedUpdates('community:wenyuan')).toBe(0);

		const third = await connectAs('wenyuan-g01', 'community:wenyuan');
		expect(canonical(exportCommunity(third.doc))).toBe(before);
	});

	it('keeps every acknowledged edit when the server is killed right after the acknowledgement', async () => {
		const worker = await connectAs('xinhua-sec', 'community:xinhua');
		// Killed from the event itself: no time passes between "saved" and the crash.
		const killed = new Promise<void>((resolve, reject) => {
			const onCount = ({ number }: { number: number }) => {
				if (number !== 0) return;
				worker.provider.off('unsyncedChanges', onCount);
				server.restart('SIGKILL').then(resolve, reject);
			};
			worker.provider.on('unsyncedChanges', onCount);
		});
		for (let households = 401; households <= 430; households++) updateGrid(worker.doc, 'g07', { households });
		addGrid(worker.doc, { id: 'g99', name: '新华临时网格', households: 12 });
		await killed;
		worker.close();

		// Nothing was compacted (debounce 2 s): the log written before each acknowledgement is what
		// survived (in as many rows as the edits, or fewer when the client's sync step carried some).
		expect(getGrid(latestSnapshot('community:xinhua'), 'g99')).toBeNull();
		const body = await exported('xinhua-sec', 'xinhua');
		expect(body.grids.g07.households).toBe(430);
		expect(body.grids.g99).toMatchObject({ name: '新华临时网格', households: 12 });
	});
});

describe('bad frames', () => {
	/** Sends `frame` on a raw socket and resolves with the close code the relay answers with. */
	function closeCodeFor(frame: Uint8Array): Promise<number> {
		const ws = new WebSocket(server.wsUrl);
		ws.on('error', () => undefined); // the relay may reset the socket; the close event follows
		return new Promise((resolve) => {
			ws.on('open', () => ws.send(frame));
			ws.on('close', (code) => resolve(code));
		});
	}

	it('closes the offending socket only, and the relay keeps serving everyone else', async () => {
		const secretary = await connectAs('jinshan-sec', 'community:jinshan');
		expect(await closeCodeFor(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBeGreaterThanOrEqual(1000);
		expect(await closeCodeFor(new Uint8Array(9 * 1024 * 1024))).toBe(1009);

		updateGrid(secretary.doc, 'g23', { boundary: '东至金山大道' });
		await secretary.saved();
		const body = await exported('jinshan-sec', 'jinshan');
		expect(body.grids.g23.boundary).toBe('东至金山大道');
	});
});

describe('relay refusals', () => {
	async function refusedWith(name: string, token: string | null): Promise<string> {
		const c = client(server, name, token);
		open.push(c);
		// A local edit the relay must never apply.
		addGrid(c.doc, { id: 'intruder', name: '不该出现', households: 1 });
		return refusal(c);
	}

	it('refuses no token, a bad token, a non-member and a foreign name, with a reason, writing nothing', async () => {
		const { token: wenyuanToken } = await login(server, 'wenyuan-sec');
		expect(await refusedWith('community:heping', null)).toBe('no token: sign in first');
		expect(await refusedWith('community:heping', 'not-a-token')).toBe('invalid or expired token: sign in again');
		expect(await refusedWith('community:heping', wenyuanToken)).toBe('not a member of this community');
		expect(await refusedWith('elsewhere', wenyuanToken)).toBe('unknown document name');

		const body = await exported('heping-sec', 'heping');
		expect(body.grids.intruder).toBeUndefined();
		expect(loggedUpdates('community:heping')).toBe(0);
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/gongzhi_relay_auth_failures_total\{reason="notMember"\} [1-9]/);
	});
});
