import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addGrid, parseDocName, storageProblem, touchesOf, updateGrid } from '../../src/lib/model';
import { docOf } from '../../server/store/documents';
import { openSqliteStore } from '../../server/store/sqlite';
import { canonical, connect, login, waitFor, type Client } from '../integration/clients';
import type { RunningServer } from '../integration/harness';
import { seededRandom } from '../../server/seed/random';

/** What one fuzz input did: how the relay answered it. */
export type Outcome = string;

export interface FuzzReport {
	seed: number;
	inputs: number;
	/** Inputs per outcome, e.g. `socket closed 1007`, `socket kept`, `http 400`. */
	outcomes: Record<Outcome, number>;
	/** Resident memory of the relay before and after, from /metrics. */
	memoryBefore: number;
	memoryAfter: number;
}


const COMMUNITY = 'xinhua';
const DOC = `community:${COMMUNITY}`;
const OVERSIZED = 9 * 1024 * 1024;

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, DOC);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const authMessage = (token: string) =>
	message((e) => {
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint(e, 0);
		encoding.writeVarString(e, token);
	});
const updateMessage = (update: Uint8Array) =>
	message((e) => {
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, update);
	});

async function residentMemory(server: RunningServer): Promise<number> {
	const text = await (await fetch(`${server.url}/metrics`)).text();
	return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * Sends `frame` on a socket of its own (after signing in to the document when `token` is given)
 * and reports what the relay did: closed the socket (with which code) or kept it open, as a
 * valid sync request sent after it shows.
 */
function send(server: RunningServer, frame: Uint8Array, token: string | null): Promise<Outcome> {
	return new Promise((resolve) => {
		const ws = new WebSocket(server.wsUrl);
		let settled = false;
		const settle = (outcome: Outcome) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			ws.terminate();
			resolve(outcome);
		};
		const timer = setTimeout(() => settle('socket kept'), 2000);
		ws.on('error', () => undefined);
		ws.on('close', (code) => settle(`socket closed ${code}`));
		let stage: 'auth' | 'fuzz' = token ? 'auth' : 'fuzz';
		ws.on('open', () => {
			if (token) ws.send(authMessage(token));
			else {
				ws.send(frame);
				setTimeout(() => settle('socket kept'), 100);
			}
		});
		ws.on('message', () => {
			if (stage === 'auth') {
				stage = 'fuzz';
				ws.send(frame);
				// A sync request behind it: its answer shows the socket survived the input.
				ws.send(message((e) => {
					encoding.writeVarUint(e, 0);
					encoding.writeVarUint(e, 0);
					encoding.writeVarUint8Array(e, new Uint8Array([0]));
				}));
				return;
			}
			setTimeout(() => settle('socket kept'), 50);
		});
	});
}

/** Random JSON-ish bodies, some valid JSON of the wrong shape, some not JSON at all. */
function randomBody(random: () => number): string {
	const pick = Math.floor(random() * 6);
	const text = () => Array.from({ length: Math.floor(random() * 40) }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join('');
	if (pick === 0) return text();
	if (pick === 1) return JSON.stringify({ username: text(), password: random() > 0.5 ? text() : Math.floor(random() * 1e9) });
	if (pick === 2) return JSON.stringify([null, random(), { a: text() }]);
	if (pick === 3) return '{"username": "' + text();
	if (pick === 4) return JSON.stringify({ username: 'a'.repeat(Math.floor(random() * 100_000)), password: 'x' });
	return 'null';
}

const ROUTES: [string, string][] = [
	['POST', '/api/auth/login'],
	['GET', '/api/me'],
	['GET', '/api/communities/xinhua/export.json'],
	['GET', '/api/communities/%ZZ/export.json'],
	['POST', '/api/me'],
	['PUT', `/api/communities/xinhua/attachments/${'0'.repeat(64)}`],
	['GET', `/api/communities/xinhua/attachments/${'0'.repeat(64)}`],
	['GET', '/healthz'],
	['GET', '/metrics']
];

/**
 * Throws `inputs` malformed inputs at a running relay: random frames, truncated and bit-flipped
 * valid updates and unknown message types over WebSocket (signed in and not), oversized frames,
 * and random or malformed JSON to every API route; meanwhile a client edits normally. Then
 * checks the relay is up, that client unaffected, every stored document loads and keeps the
 * storage contract, and reports what happened to each input.
 */
export async function fuzzRelay(server: RunningServer, inputs: number, seed: number): Promise<FuzzReport> {
	const random = seededRandom(seed);
	const outcomes: Record<Outcome, number> = {};
	const count = (outcome: Outcome) => (outcomes[outcome] = (outcomes[outcome] ?? 0) + 1);
	const { token, user } = await login(server, `${COMMUNITY}-sec`);
	const bystander: Client = await connect(server, DOC, token);
	const memoryBefore = await residentMemory(server);

	// A valid update the relay can place, to truncate and flip.
	const writer = new Y.Doc();
	Y.applyUpdate(writer, Y.encodeStateAsUpdate(bystander.doc));
	const before = Y.encodeStateVector(writer);
	addGrid(writer, { id: 'fuzzed', name: '模糊测试网格', households: 1 }, { by: user.id });
	const valid = Y.encodeStateAsUpdate(writer, before);

	for (let i = 0; i < inputs; i++) {
		const kind = Math.floor(random() * 6);
		const signedIn = random() < 0.7 ? token : null;
		let frame: Uint8Array;
		if (i % 500 === 4) {
			frame = new Uint8Array(OVERSIZED);
		} else if (kind === 0) {
			frame = Uint8Array.from({ length: 1 + Math.floor(random() * 200) }, () => Math.floor(random() * 256));
		} else if (kind === 1) {
			frame = updateMessage(valid.slice(0, Math.floor(random() * valid.length)));
		} else if (kind === 2) {
			const flipped = valid.slice();
			for (let f = 0; f < 1 + Math.floor(random() * 4); f++) flipped[Math.floor(random() * flipped.length)] ^= 1 << Math.floor(random() * 8);
			frame = updateMessage(flipped);
		} else if (kind === 3) {
			frame = message((e) => encoding.writeVarUint(e, 9 + Math.floor(random() * 200)));
		} else {
			const [method, path] = ROUTES[Math.floor(random() * ROUTES.length)];
			const response = await fetch(`${server.url}${path}`, {
				method,
				headers: { 'content-type': 'application/json', ...(random() < 0.5 ? { authorization: `Bearer ${token}` } : {}) },
				body: method === 'GET' ? undefined : randomBody(random)
			}).catch(() => null);
			count(response ? `http ${response.status}` : 'http failed');
			await response?.arrayBuffer().catch(() => undefined);
			continue;
		}
		count(`${signedIn ? 'signed in' : 'anonymous'}: ${await send(server, frame, signedIn)}`);
	}

	// The bystander never noticed: it still edits and is acknowledged.
	updateGrid(bystander.doc, 'g07', { boundary: `模糊测试后 ${seed}` }, { by: user.id });
	await bystander.saved();
	await waitFor('the relay to answer its health check', async () => (await fetch(`${server.url}/healthz`)).ok);

	// Every stored document of the community still loads and keeps the storage contract.
	const store = openSqliteStore(server.dataDir, { warn: () => undefined });
	try {
		for (const name of await store.listDocuments(COMMUNITY)) {
			const doc = docOf(name, await store.loadDocument(name));
			const kind = parseDocName(name)!.kind;
			const problems = touchesOf(new Y.Doc(), Y.encodeStateAsUpdate(doc)).flatMap((t) => storageProblem(kind, t) ?? []);
			if (problems.length) throw new Error(`${name} breaks the storage contract after fuzzing: ${problems[0]}`);
			if (name === DOC && !canonical(doc.getMap('grids').toJSON()).includes(`模糊测试后 ${seed}`)) {
				throw new Error('the bystander’s edit is not stored');
			}
		}
	} finally {
		await store.close();
	}
	bystander.close();
	return { seed, inputs, outcomes, memoryBefore, memoryAfter: await residentMemory(server) };
}
