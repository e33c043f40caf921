import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createTokens } from '../../server/accounts/tokens';
import { runAdmin } from '../../server/cli/admin';
import { addGrid, exportCommunity, getGrid, SESSION_EXPIRED, updateGrid } from '../../src/lib/model';
import { canonical, connect, getJson, login, waitFor, type Client } from './clients';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;
const open: { close(): void }[] = [];

beforeAll(async () => {
	server = await startServer();
});

afterEach(() => {
	for (const c of open.splice(0)) c.close();
});

afterAll(async () => {
	await server?.stop();
});

const ywsUrl = () => `ws://127.0.0.1:${server.port}/yws`;

interface YwsClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	close(): void;
}

/** A stock y-websocket client, exactly as another tool would make one. */
function ywsClient(name: string, token: string | null, doc = new Y.Doc()): YwsClient {
	const provider = new WebsocketProvider(ywsUrl(), name, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: token ? { token } : {},
		// Providers in one process would otherwise sync through a BroadcastChannel, not the server.
		disableBc: true
	});
	const c = { doc, provider, close: () => provider.destroy() };
	open.push(c);
	return c;
}

async function ywsConnect(name: string, token: string): Promise<YwsClient> {
	const c = ywsClient(name, token);
	await new Promise<void>((resolve, reject) => {
		c.provider.once('sync', () => resolve());
		c.provider.once('closed', ({ code, reason }) => reject(new Error(`refused ${code}: ${reason}`)));
	});
	return c;
}

async function hocuspocusConnect(username: string, name: string): Promise<Client> {
	const { token } = await login(server, username);
	const c = await connect(server, name, token);
	open.push(c);
	return c;
}

const same = (a: Y.Doc, b: Y.Doc) => canonical(exportCommunity(a)) === canonical(exportCommunity(b));

describe('/yws (y-websocket protocol)', () => {
	it('shares the relay’s documents with Hocuspocus clients both ways, and stores what y-websocket writes', async () => {
		const secretary = await hocuspocusConnect('wenyuan-sec', 'community:wenyuan');
		const { token } = await login(server, 'admin');
		const tool = await ywsConnect('community:wenyuan', token);
		expect(getGrid(tool.doc, 'g01')?.name).toBe('文苑第1网格');
		expect(same(tool.doc, secretary.doc)).toBe(true);

		updateGrid(secretary.doc, 'g02', { households: 444 });
		await waitFor('the y-websocket client to see the Hocuspocus edit', () => getGrid(tool.doc, 'g02')?.households === 444);
		updateGrid(tool.doc, 'g03', { boundary: '东至工具路' });
		addGrid(tool.doc, { id: 'g40', name: '文苑工具网格', households: 40 });
		await waitFor('the Hocuspocus client to see the y-websocket edits', () => getGrid(secretary.doc, 'g40') !== null);
		await waitFor('both replicas to converge', () => same(tool.doc, secretary.doc));
		expect(getGrid(secretary.doc, 'g03')?.boundary).toBe('东至工具路');

		tool.provider.awareness.setLocalStateField('user', { name: 'tool' });
		await waitFor('Hocuspocus to see the y-websocket presence', () =>
			[...secretary.provider.awareness!.getStates().values()].some((s) => s.user?.name === 'tool')
		);
		secretary.provider.setAwarenessField('user', { name: '书记' });
		await waitFor('y-websocket to see the Hocuspocus presence', () =>
			[...tool.provider.awareness.getStates().values()].some((s) => s.user?.name === '书记')
		);
		const before = canonical(exportCommunity(secretary.doc));

		// Nobody left to resend the edits: what comes back after a crash came from the store.
		for (const c of open.splice(0)) c.close();
		await server.restart('SIGKILL');
		const reread = await ywsConnect('community:wenyuan', (await login(server, 'admin')).token);
		expect(canonical(exportCommunity(reread.doc))).toBe(before);
		const exported = await getJson(server, '/api/communities/wenyuan/export.json', (await login(server, 'wenyuan-sec')).token);
		expect(exported.body.grids.g40).toMatchObject({ name: '文苑工具网格', households: 40 });
	});

	it('lets two y-websocket clients edit live through the relay alone, and unloads the document after them', async () => {
		const { token } = await login(server, 'xinhua-sec');
		const a = await ywsConnect('community:xinhua', token);
		const b = await ywsConnect('community:xinhua', token);
		updateGrid(a.doc, 'g07', { households: 477 });
		await waitFor('b to see a’s edit', () => getGrid(b.doc, 'g07')?.households === 477);

		// Each socket held the document loaded; the last one to leave lets it go.
		for (const c of open.splice(0)) c.close();
		await waitFor('the relay to unload the document', async () => {
			const metrics = await (await fetch(`${server.url}/metrics`)).text();
			return /^gongzhi_relay_documents_loaded 0$/m.test(metrics) && /^gongzhi_relay_connections 0$/m.test(metrics);
		});
	});
});

describe('/yws across a graceful restart', () => {
	it('lets the server stop cleanly with a client connected, which reconnects and writes again', async () => {
		const tool = await ywsConnect('community:dongfang', (await login(server, 'dongfang-sec')).token);
		const reconnected = new Promise<void>((resolve) =>
			tool.provider.on('sync', (synced: boolean) => synced && resolve())
		);
		await server.restart('SIGTERM');
		await reconnected;
		updateGrid(tool.doc, 'g18', { households: 418 });
		const reader = await hocuspocusConnect('dongfang-sec', 'community:dongfang');
		await waitFor('the edit made after the restart to arrive', () => getGrid(reader.doc, 'g18')?.households === 418);
	});
});

describe('/yws refusals', () => {
	/** Connects a stock client that has an edit of its own and resolves with how the relay closed it. */
	function refusal(name: string, token: string | null): Promise<{ code: number; reason: string }> {
		const c = ywsClient(name, token);
		addGrid(c.doc, { id: 'intruder', name: '不该出现', households: 1 });
		return new Promise((resolve, reject) => {
			c.provider.once('closed', (event) => resolve(event));
			c.provider.once('sync', () => reject(new Error('the relay accepted the connection')));
		});
	}

	it('closes with 4401/4403/4404 and the relay’s reason, writes nothing, and the client stops retrying', async () => {
		const { token } = await login(server, 'wenyuan-sec');
		expect(await refusal('community:heping', null)).toEqual({ code: 4401, reason: 'no token: sign in first' });
		expect(await refusal('community:heping', 'not-a-token')).toEqual({ code: 4401, reason: 'invalid or expired token: sign in again' });
		expect(await refusal('community:heping', token)).toEqual({ code: 4403, reason: 'not a member of this community' });
		expect(await refusal('elsewhere', token)).toEqual({ code: 4404, reason: 'unknown document name' });
		for (const c of open as YwsClient[]) expect(c.provider.shouldConnect).toBe(false);

		const exported = await getJson(server, '/api/communities/heping/export.json', (await login(server, 'heping-sec')).token);
		expect(exported.body.grids.intruder).toBeUndefined();
	});
});

describe('/yws bad frames', () => {
	/** Sends `frame` on a raw, signed-in socket and resolves with the close code the relay answers with. */
	async function closeCodeFor(frame: Uint8Array, name = 'community:jinshan'): Promise<number> {
		const { token } = await login(server, 'jinshan-sec');
		const ws = new WebSocket(`${ywsUrl()}/${name}?token=${token}`);
		ws.on('error', () => undefined); // the relay may reset the socket; the close event follows
		return new Promise((resolve) => {
			ws.on('open', () => ws.send(frame));
			ws.on('close', (code) => resolve(code));
		});
	}

	it('closes only the offending socket; everyone else keeps editing', async () => {
		const secretary = await hocuspocusConnect('jinshan-sec', 'community:jinshan');
		const tool = await ywsConnect('community:jinshan', (await login(server, 'jinshan-sec')).token);

		expect(await closeCodeFor(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe(1007);
		// A well-framed sync update whose content is not a Yjs update.
		expect(await closeCodeFor(new Uint8Array([0, 2, 10, 1, 1, 200, 1, 0, 119, 1, 120, 1, 121]))).toBe(1007);
		expect(await closeCodeFor(new Uint8Array([9]))).toBe(1007);
		expect(await closeCodeFor(new Uint8Array(9 * 1024 * 1024))).toBe(1009);

		updateGrid(tool.doc, 'g23', { boundary: '东至金山大道' });
		await waitFor('the Hocuspocus client to see the edit', () => getGrid(secretary.doc, 'g23')?.boundary === '东至金山大道');
		const metrics = await (await fetch(`${server.url}/metrics`)).text();
		expect(metrics).toMatch(/gongzhi_relay_updates_refused_total\{reason="malformedMessage"\} 3/);
		expect(metrics).toMatch(/gongzhi_relay_updates_refused_total\{reason="frameTooLarge"\} 1/);
	});
});

describe('/yws revocation and expiry', () => {
	/** Resolves with every close of the client's socket, in order, once `count` have happened. */
	function closes(c: YwsClient, count: number): Promise<{ code: number; reason: string }[]> {
		const seen: { code: number; reason: string }[] = [];
		return new Promise((resolve) =>
			c.provider.on('connection-close', (event: CloseEvent | null) => {
				seen.push({ code: event?.code ?? 0, reason: event?.reason ?? '' });
				if (seen.length === count) resolve(seen);
			})
		);
	}

	it('cuts a y-websocket connection when the membership is revoked; reconnecting, it is refused', async () => {
		const { token } = await login(server, 'wenyuan-vol');
		const c = await ywsConnect('community:wenyuan', token);
		const closed = closes(c, 2);
		const env = { DATA_DIR: server.dataDir };
		const quiet = { out: () => undefined, err: () => undefined };
		await runAdmin(['revoke', 'wenyuan-vol', 'wenyuan'], env, quiet);
		try {
			expect(await closed).toEqual([
				{ code: 4001, reason: 'membership changed' },
				{ code: 4403, reason: 'not a member of this community' }
			]);
			expect(c.provider.shouldConnect).toBe(false);
		} finally {
			await runAdmin(['grant', 'wenyuan-vol', 'wenyuan', 'volunteer'], env, quiet);
		}
	});

	it('closes a y-websocket connection when its sign-in token expires, and the client stops retrying', async () => {
		const { user } = await login(server, 'wenyuan-g01');
		const secret = new Uint8Array(readFileSync(join(server.dataDir, 'secret.key')));
		const c = await ywsConnect('community:wenyuan', await createTokens(secret, 3).issue(user.id));
		expect(await closes(c, 1)).toEqual([{ code: 4401, reason: SESSION_EXPIRED }]);
		expect(c.provider.shouldConnect).toBe(false);
	});
});
