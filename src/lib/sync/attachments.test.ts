import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAttachmentRef } from '$lib/model';
import { AttachmentQueue, PhotoLoadError, sha256Hex } from './attachments';
import { OfflineDatabase } from './offline-store';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const databases: OfflineDatabase[] = [];
let users = 0;

/** A queue over a fresh database, a scripted relay and retries run only when the test says. */
function setUp(answers: (Response | 'network')[]) {
	const db = new OfflineDatabase(`attachments-${++users}`);
	databases.push(db);
	const requests: { url: string; method: string; headers: Record<string, string> }[] = [];
	const retries: { ms: number; run: () => void }[] = [];
	let online = true;
	const queue = new AttachmentQueue({
		db,
		token: 'tok',
		online: () => online,
		fetch: async (url, init) => {
			requests.push({ url: String(url), method: init?.method ?? 'GET', headers: init?.headers as Record<string, string> });
			const answer = answers.shift();
			if (!answer || answer === 'network') throw new TypeError('Failed to fetch');
			return answer;
		},
		schedule: (run, ms) => {
			retries.push({ ms, run });
			return () => undefined;
		}
	});
	const stateOf = async (id: string) => (await db.attachments.get(['c1', id]))?.state;
	return { db, queue, requests, retries, stateOf, setOnline: (value: boolean) => (online = value) };
}

afterEach(async () => {
	for (const db of databases.splice(0)) {
		db.close();
		await db.delete();
	}
});

describe('AttachmentQueue', () => {
	it('keeps a photo pending under its SHA-256, names it att:<hash>, and marks it uploaded on 201', async () => {
		const { queue, requests, stateOf } = setUp([new Response('{}', { status: 201 })]);
		const ref = await queue.add('c1', PNG, 'image/png');
		const id = parseAttachmentRef(ref)!;
		expect(id).toBe(await sha256Hex(PNG));
		await queue.settled();
		expect(await stateOf(id)).toBe('uploaded');
		expect(requests).toEqual([
			{ url: `/api/communities/c1/attachments/${id}`, method: 'PUT', headers: { authorization: 'Bearer tok', 'content-type': 'image/png' } }
		]);
		expect(queue.waiting).toBe(0);
	});

	it('waits offline, uploads on the next kick, and treats 200 (already there) as uploaded', async () => {
		const { queue, requests, stateOf, setOnline } = setUp([new Response('{}', { status: 200 })]);
		setOnline(false);
		const id = parseAttachmentRef(await queue.add('c1', PNG, 'image/png'))!;
		await queue.settled();
		expect(requests).toHaveLength(0);
		expect(await stateOf(id)).toBe('pending');
		expect(queue.waiting).toBe(1);
		setOnline(true);
		queue.kick();
		await queue.settled();
		expect(await stateOf(id)).toBe('uploaded');
		expect(queue.waiting).toBe(0);
	});

	it('keeps the photo through network failures and server errors, retrying later with a growing delay', async () => {
		const { queue, retries, stateOf } = setUp(['network', new Response('', { status: 503 }), new Response('{}', { status: 201 })]);
		const id = parseAttachmentRef(await queue.add('c1', PNG, 'image/png'))!;
		await queue.settled();
		expect(await stateOf(id)).toBe('pending');
		retries[0].run();
		await queue.settled();
		expect(await stateOf(id)).toBe('pending');
		retries[1].run();
		await queue.settled();
		expect(await stateOf(id)).toBe('uploaded');
		expect(retries.map((r) => r.ms)).toEqual([1000, 2000]);
	});

	it('waits for a new sign-in on 401, without losing or failing the photo', async () => {
		const { queue, requests, stateOf } = setUp([new Response('', { status: 401 })]);
		const id = parseAttachmentRef(await queue.add('c1', PNG, 'image/png'))!;
		await queue.settled();
		expect(await stateOf(id)).toBe('pending');
		expect(queue.signInNeeded).toBe(true);
		queue.kick();
		await queue.settled();
		expect(requests).toHaveLength(1);
	});

	it('marks a photo failed, with the reason, when the relay refuses it for good', async () => {
		for (const [status, problem] of [
			[400, 'damaged'],
			[403, 'forbidden'],
			[413, 'tooLarge'],
			[415, 'unsupported'],
			[422, 'refused']
		] as const) {
			const { queue, db } = setUp([new Response('', { status })]);
			const id = parseAttachmentRef(await queue.add('c1', PNG, 'image/png'))!;
			await queue.settled();
			expect(await db.attachments.get(['c1', id]), String(status)).toMatchObject({ state: 'failed', problem });
			expect(queue.waiting).toBe(0);
		}
	});

	it('serves a photo from the device, else fetches it with the token and keeps it for offline viewing', async () => {
		const { queue, requests, stateOf, setOnline } = setUp([
			new Response(PNG, { status: 200, headers: { 'content-type': 'image/png' } }),
			new Response('', { status: 404 })
		]);
		const id = await sha256Hex(PNG);
		const fetched = await queue.load('c1', id);
		expect(fetched).toMatchObject({ state: 'cached', type: 'image/png' });
		expect([...fetched.bytes]).toEqual([...PNG]);
		expect(requests[0]).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer tok' } });
		setOnline(false);
		expect((await queue.load('c1', id)).state).toBe('cached');
		expect(await stateOf(id)).toBe('cached');
		await expect(queue.load('c1', 'f'.repeat(64))).rejects.toEqual(new PhotoLoadError('offline'));
		setOnline(true);
		await expect(queue.load('c1', 'f'.repeat(64))).rejects.toMatchObject({ problem: 'notFound' });
	});

	it('attaching a photo it fetched before does not upload it again', async () => {
		const { queue, requests, stateOf } = setUp([new Response(PNG, { status: 200, headers: { 'content-type': 'image/png' } })]);
		const id = await sha256Hex(PNG);
		await queue.load('c1', id);
		await queue.add('c1', PNG, 'image/png');
		await queue.settled();
		expect(await stateOf(id)).toBe('uploaded');
		expect(requests).toHaveLength(1);
	});
});
