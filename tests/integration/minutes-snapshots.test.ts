import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fragmentText, meetingDocName, minutesBody, openBody } from '../../src/lib/model';
import { startServer, type RunningServer } from './harness';
import { connect, getJson, login, waitFor } from './clients';

let server: RunningServer;
let meetingId: string;
let secretary: string;

beforeAll(async () => {
	server = await startServer();
	secretary = (await login(server, 'wenyuan-sec')).token;
	const { body } = await getJson(server, '/api/communities/wenyuan/export.json', secretary);
	meetingId = Object.keys(body.minutes)[0];
});

afterAll(async () => {
	await server?.stop();
});

const base = () => `/api/communities/wenyuan/meetings/${meetingId}/snapshots`;

async function snapshotTimes(token: string): Promise<number[]> {
	const { status, body } = await getJson(server, base(), token);
	expect(status).toBe(200);
	return body.snapshots.map((s: { at: number }) => s.at);
}

describe('GET /api/communities/<id>/meetings/<meeting>/snapshots', () => {
	it("lists the relay's snapshots of the minutes and gives the body as it was at one of them", async () => {
		const before = await snapshotTimes(secretary);
		const writer = await connect(server, meetingDocName('wenyuan', meetingId), secretary);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('快照里的一句话')]);
		minutesBody(writer.doc).push([paragraph]);
		await writer.saved();
		// The relay compacts the document into a new snapshot on its debounce after the edit.
		let times: number[] = [];
		await waitFor('a new snapshot', async () => (times = await snapshotTimes(secretary)).length > 0 && times[0] > (before[0] ?? 0));
		writer.close();

		const { status, body } = await getJson(server, `${base()}/${times[0]}`, secretary);
		expect(status).toBe(200);
		expect(body.at).toBe(times[0]);
		expect(fragmentText(openBody(Buffer.from(body.body, 'base64')))).toContain('快照里的一句话');
		if (before.length) {
			const earlier = await getJson(server, `${base()}/${before[0]}`, secretary);
			expect(fragmentText(openBody(Buffer.from(earlier.body.body, 'base64')))).not.toContain('快照里的一句话');
		}

		// An observer reads the minutes, so it reads their snapshots too.
		const observer = await getJson(server, base(), (await login(server, 'wenyuan-g01')).token);
		expect(observer.status).toBe(200);
	});

	it('refuses who may not open the minutes, and validates the meeting and the time', async () => {
		const partner = (await login(server, 'wenyuan-partner')).token;
		expect(await getJson(server, base(), partner)).toEqual({
			status: 403,
			body: { error: 'your role in this community may not open these minutes' }
		});
		const outsider = (await login(server, 'xinhua-sec')).token;
		expect((await getJson(server, base(), outsider)).status).toBe(403);
		expect((await getJson(server, base())).status).toBe(401);
		expect((await getJson(server, '/api/communities/wenyuan/meetings/no-such-meeting/snapshots', secretary)).status).toBe(404);
		expect((await getJson(server, '/api/communities/wenyuan/meetings/..%2Froot/snapshots', secretary)).status).toBe(404);
		expect(await getJson(server, `${base()}/yesterday`, secretary)).toEqual({
			status: 400,
			body: { error: 'at must be a time in epoch milliseconds' }
		});
		expect((await getJson(server, `${base()}/${Date.now() + 86_400_000}`, secretary)).status).toBe(400);
		const old = await getJson(server, `${base()}/1`, secretary);
		expect(old.status).toBe(410);
		expect(old.body.error).toMatch(/history before .* is not kept/);
	});
});
