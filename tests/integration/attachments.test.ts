import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../server/cli/admin';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { login } from './clients';
import { startServer, type RunningServer } from './harness';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MB = 1024 * 1024;

/** Bytes that start like a PNG, `size` long, different for each `seed`: the server checks the magic, not the pixels. */
function png(size = 2000, seed = 1): Buffer {
	const bytes = Buffer.alloc(size, seed);
	bytes.set(PNG_SIGNATURE);
	bytes.writeUInt32BE(seed, 8);
	return bytes;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function put(server: RunningServer, community: string, id: string, body: Buffer, headers: Record<string, string>) {
	return fetch(`${server.url}/api/communities/${community}/attachments/${id}`, {
		method: 'PUT',
		headers: { 'content-type': 'image/png', ...headers },
		body: new Uint8Array(body)
	});
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Uploads and downloads one photo as `token` sees it, for both engines. */
async function roundTrip(server: RunningServer, token: string) {
	const bytes = png(5000, 7);
	const id = sha256(bytes);
	const created = await put(server, 'wenyuan', id, bytes, bearer(token));
	expect(created.status).toBe(201);
	expect(await created.json()).toEqual({ id, contentType: 'image/png', size: 5000 });
	const again = await put(server, 'wenyuan', id, bytes, bearer(token));
	expect(again.status).toBe(200);
	const got = await fetch(`${server.url}/api/communities/wenyuan/attachments/${id}`, { headers: bearer(token) });
	expect(got.status).toBe(200);
	expect(got.headers.get('content-type')).toBe('image/png');
	expect(got.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
	expect(got.headers.get('x-content-type-options')).toBe('nosniff');
	expect(got.headers.get('content-security-policy')).toContain("default-src 'none'");
	expect(got.headers.get('content-security-policy')).toContain('sandbox');
	expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
}

describe('photo attachments (SQLite)', () => {
	let server: RunningServer;
	let secretary: string;

	beforeAll(async () => {
		server = await startServer({ env: { ATTACHMENT_QUOTA_MB: '1' } });
		const env = { DATA_DIR: server.dataDir };
		const quiet = { out: () => undefined, err: () => undefined };
		await runAdmin(['user', 'add', 'wenyuan-observer', '--password', 'password-1'], env, quiet);
		await runAdmin(['grant', 'wenyuan-observer', 'wenyuan', 'observer'], env, quiet);
		secretary = (await login(server, 'wenyuan-sec')).token;
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('stores a photo under its SHA-256 and gives it back to members, idempotently', async () => {
		await roundTrip(server, secretary);
		const bytes = png(3000, 8);
		const id = sha256(bytes);
		const worker = (await login(server, 'wenyuan-g01')).token;
		expect((await put(server, 'wenyuan', id, bytes, bearer(worker))).status).toBe(201);
		// Every member reads it, the read-only observer and the partner unit included.
		for (const [username, password] of [['wenyuan-observer', 'password-1'], ['wenyuan-partner', undefined], ['wenyuan-vol', undefined]]) {
			const { token } = await login(server, username!, password);
			const got = await fetch(`${server.url}/api/communities/wenyuan/attachments/${id}`, { headers: bearer(token) });
			expect(got.status, username).toBe(200);
			expect((await got.arrayBuffer()).byteLength).toBe(3000);
		}
	});

	it('refuses uploads without a valid token (401), from non-members and read-only roles (403)', async () => {
		const bytes = png(1000, 9);
		const id = sha256(bytes);
		expect((await put(server, 'wenyuan', id, bytes, {})).status).toBe(401);
		expect((await put(server, 'wenyuan', id, bytes, bearer('not.a.token'))).status).toBe(401);
		const outsider = (await login(server, 'xinhua-sec')).token;
		const refused = await put(server, 'wenyuan', id, bytes, bearer(outsider));
		expect(refused.status).toBe(403);
		expect(await refused.json()).toEqual({ error: 'not a member of this community' });
		const observer = (await login(server, 'wenyuan-observer', 'password-1')).token;
		const readOnly = await put(server, 'wenyuan', id, bytes, bearer(observer));
		expect(readOnly.status).toBe(403);
		expect((await readOnly.json()).error).toMatch(/read-only/);
		// Nothing of them was stored.
		expect((await fetch(`${server.url}/api/communities/wenyuan/attachments/${id}`, { headers: bearer(secretary) })).status).toBe(404);
	});

	it('refuses bytes that do not hash to the id (400), a malformed id (400), an unknown community (404)', async () => {
		const bytes = png(1000, 10);
		const wrong = await put(server, 'wenyuan', sha256(png(1000, 11)), bytes, bearer(secretary));
		expect(wrong.status).toBe(400);
		expect((await wrong.json()).error).toMatch(/do not hash to the attachment id/);
		expect((await put(server, 'wenyuan', 'ABC', bytes, bearer(secretary))).status).toBe(400);
		expect((await put(server, 'wenyuan', sha256(bytes).toUpperCase(), bytes, bearer(secretary))).status).toBe(400);
		expect((await put(server, 'atlantis', sha256(bytes), bytes, bearer(secretary))).status).toBe(404);
		expect((await put(server, 'wenyuan', sha256(Buffer.alloc(0)), Buffer.alloc(0), bearer(secretary))).status).toBe(400);
	});

	it('refuses types other than JPEG, PNG and WebP, and bytes that are not what the type says (415)', async () => {
		const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
		const asSvg = await put(server, 'wenyuan', sha256(svg), svg, { ...bearer(secretary), 'content-type': 'image/svg+xml' });
		expect(asSvg.status).toBe(415);
		const disguised = await put(server, 'wenyuan', sha256(svg), svg, { ...bearer(secretary), 'content-type': 'image/png' });
		expect(disguised.status).toBe(415);
		expect((await disguised.json()).error).toMatch(/not an image of an accepted type/);
		const bytes = png(1000, 12);
		const mislabelled = await put(server, 'wenyuan', sha256(bytes), bytes, { ...bearer(secretary), 'content-type': 'image/jpeg' });
		expect(mislabelled.status).toBe(415);
		expect((await mislabelled.json()).error).toBe('the bytes are image/png, not image/jpeg');
	});

	it('refuses a body over 2 MB (413) without reading it, whether its length is announced or not', async () => {
		const id = 'a'.repeat(64);
		const path = `/api/communities/wenyuan/attachments/${id}`;
		// Announced: answered at once, though only a few bytes of the body were ever sent.
		const announced = await rawPut(server, path, { ...bearer(secretary), 'content-length': String(3 * MB) }, [png(100)], false);
		expect(announced.status).toBe(413);
		expect(announced.body).toMatch(/larger than 2 MB/);
		// Chunked: refused once 2 MB have arrived, and the connection closed on the rest.
		const chunks = Array.from({ length: 40 }, (_, i) => png(64 * 1024, i));
		const streamed = await rawPut(server, path, { ...bearer(secretary), 'transfer-encoding': 'chunked' }, chunks, true);
		expect(streamed.status).toBe(413);
	});

	it('refuses uploads that would take the community past its quota (413), per community', async () => {
		const [first, second] = [png(700 * 1024, 20), png(700 * 1024, 21)];
		const jinshan = (await login(server, 'jinshan-sec')).token;
		expect((await put(server, 'jinshan', sha256(first), first, bearer(jinshan))).status).toBe(201);
		const full = await put(server, 'jinshan', sha256(second), second, bearer(jinshan));
		expect(full.status).toBe(413);
		expect((await full.json()).error).toMatch(/photo storage is full \(1 MB/);
		// The one already stored is still accepted again (nothing new to store).
		expect((await put(server, 'jinshan', sha256(first), first, bearer(jinshan))).status).toBe(200);
		const heping = (await login(server, 'heping-sec')).token;
		expect((await put(server, 'heping', sha256(second), second, bearer(heping))).status).toBe(201);
	});

	it('serves only to members (401, 403) and says 404 for a photo the community does not have', async () => {
		const bytes = png(1000, 30);
		const id = sha256(bytes);
		expect((await put(server, 'wenyuan', id, bytes, bearer(secretary))).status).toBe(201);
		const url = `${server.url}/api/communities/wenyuan/attachments/${id}`;
		expect((await fetch(url)).status).toBe(401);
		const outsider = (await login(server, 'xinhua-sec')).token;
		expect((await fetch(url, { headers: bearer(outsider) })).status).toBe(403);
		// Another community's copy is not this one's.
		expect((await fetch(`${server.url}/api/communities/xinhua/attachments/${id}`, { headers: bearer(outsider) })).status).toBe(404);
	});
});

describe('photo attachments (PostgreSQL)', () => {
	let database: TestDatabase;
	let server: RunningServer;

	beforeAll(async () => {
		database = await createTestDatabase();
		server = await startServer({ env: { DATABASE_URL: database.url } });
	});

	afterAll(async () => {
		await server?.stop();
		await database?.drop();
	});

	it('stores and serves a photo the same way', async () => {
		await roundTrip(server, (await login(server, 'wenyuan-sec')).token);
		const rows = await database.sql('SELECT community_id, content_type, size::INTEGER AS size FROM attachments');
		expect(rows).toEqual([{ community_id: 'wenyuan', content_type: 'image/png', size: 5000 }]);
	});
});

/**
 * A PUT over a raw socket, resolving with the answer as soon as it comes: the server may answer
 * (and close) before the body is sent, so write errors after that are expected.
 */
function rawPut(
	server: RunningServer,
	path: string,
	headers: Record<string, string>,
	chunks: Buffer[],
	end: boolean
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(`${server.url}${path}`, { method: 'PUT', headers: { 'content-type': 'image/png', ...headers } }, (res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
			res.on('error', reject);
		});
		req.on('error', () => undefined);
		for (const chunk of chunks) req.write(chunk);
		if (end) req.end();
	});
}
