import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	UPDATE_REFUSED,
	claimAuthorship,
	fragmentText,
	getVersion,
	listDeletions,
	meetingDocName,
	minutesBody,
	newDocument,
	openBody,
	takeVersion
} from '../../src/lib/model';
import { compareMinutes, versionSide } from '../../src/lib/minutes/attribution';
import { startServer, type RunningServer } from './harness';
import { client, getJson, login, waitFor, type Client } from './clients';

let server: RunningServer;
let meetingId: string;
let name: string;

beforeAll(async () => {
	server = await startServer();
	const { body } = await getJson(server, '/api/communities/wenyuan/export.json', (await login(server, 'wenyuan-sec')).token);
	meetingId = Object.keys(body.minutes)[0];
	name = meetingDocName('wenyuan', meetingId);
});

afterAll(async () => {
	await server?.stop();
});

/** A member's editor on the minutes, as the app opens it (a replica that keeps deleted text). */
async function editor(username: string): Promise<Client & { userId: string }> {
	const session = await login(server, username);
	const c = client(server, name, session.token, newDocument(name));
	const synced = new Promise<void>((resolve) => c.provider.on('synced', () => resolve()));
	c.provider.attach();
	await synced;
	return { ...c, userId: session.user.id };
}

const lastText = (doc: Y.Doc) => (minutesBody(doc).get(minutesBody(doc).length - 1) as Y.XmlElement).get(0) as Y.XmlText;

describe('who changed the minutes, through the relay', () => {
	it('records the deleter of each deletion under its connection, so versions compare with every name', async () => {
		const secretary = await editor('wenyuan-sec');
		const admin = await editor('admin');
		claimAuthorship(secretary.doc, secretary.userId);
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('书记记录：东门停车问题。')]);
		minutesBody(secretary.doc).push([paragraph]);
		const first = takeVersion(secretary.doc, { name: '会中稿' }, { by: secretary.userId });
		await secretary.saved();

		await waitFor('the administrator has the version', () => getVersion(admin.doc, first) !== null);
		claimAuthorship(admin.doc, admin.userId);
		lastText(admin.doc).delete(5, 2);
		lastText(admin.doc).insert(lastText(admin.doc).length, '区里补充意见。');
		await admin.saved();

		await waitFor('the secretary has the edit', () => fragmentText(minutesBody(secretary.doc)).endsWith('区里补充意见。'));
		const second = takeVersion(secretary.doc, { name: '定稿' }, { by: secretary.userId });
		await secretary.saved();
		expect(listDeletions(secretary.doc).map((run) => run.by)).toEqual([admin.userId]);

		// A reader opening the minutes later, on another device, sees every name.
		const reader = await editor('wenyuan-g01');
		await waitFor('the reader has both versions', () => getVersion(reader.doc, second) !== null);
		const comparison = compareMinutes(reader.doc, versionSide(getVersion(reader.doc, first)!), versionSide(getVersion(reader.doc, second)!));
		expect(comparison.attribution).toBe('full');
		const changed = comparison.lines.flatMap((l) => l.parts.filter((p) => p.kind !== 'same').map((p) => [p.kind, p.text, p.author, p.deletion?.by ?? null]));
		expect(changed).toEqual([
			['del', '东门', secretary.userId, admin.userId],
			['ins', '区里补充意见。', admin.userId, null]
		]);
		for (const c of [secretary, admin, reader]) c.close();
	});

	it("refuses a manager's write to the deletion records, and gives each snapshot's Yjs snapshot", async () => {
		const secretary = await editor('wenyuan-sec');
		const closed = new Promise<string>((resolve) => secretary.provider.on('close', ({ event }: { event: { reason: string } }) => resolve(event.reason)));
		secretary.doc.getMap('deletions').set('forged', new Uint8Array([1, 0, 0]));
		expect(await closed).toBe(`${UPDATE_REFUSED}who deleted the minutes is recorded by the relay only`);
		secretary.close();

		const token = (await login(server, 'wenyuan-sec')).token;
		let at = 0;
		await waitFor('a snapshot', async () => {
			const { body } = await getJson(server, `/api/communities/wenyuan/meetings/${meetingId}/snapshots`, token);
			at = body.snapshots[0]?.at ?? 0;
			return at > 0;
		});
		const { body } = await getJson(server, `/api/communities/wenyuan/meetings/${meetingId}/snapshots/${at}`, token);
		const snapshot = Y.decodeSnapshot(Buffer.from(body.snapshot, 'base64'));
		expect(snapshot.sv.size).toBeGreaterThan(0);
		expect(fragmentText(openBody(Buffer.from(body.body, 'base64')))).toContain('书记记录');
		const fresh = await editor('admin');
		expect(fresh.doc.getMap('deletions').has('forged')).toBe(false);
		fresh.close();
	});
});
