import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
	COLLECTIONS,
	Community,
	REFUSALS,
	SESSION_EXPIRED,
	UPDATE_REFUSED,
	documentAccess,
	finaliseMeetingIn,
	listMeetings,
	markReviewed,
	minutesBody,
	parseDocName,
	periodDocName,
	periodOf,
	postProgress,
	raiseCase,
	reviewKey,
	rootDocName,
	updateGrid,
	type DocumentKind,
	type Role
} from '../../src/lib/model';
import { createTokens } from '../../server/accounts/tokens';
import { runAdmin } from '../../server/cli/admin';
import { docOf } from '../../server/store/documents';
import { openSqliteStore } from '../../server/store/sqlite';
import { canonical, client, closedWith, confirm, connect, login, outcomeOf, type Client } from './clients';
import { startServer, type RunningServer } from './harness';

const COMMUNITY = 'wenyuan';
/** A demo member of each role in the community (the observer is added below). */
const USERS: Record<Role, string> = {
	'district-admin': 'admin',
	secretary: 'wenyuan-sec',
	gridworker: 'wenyuan-g01',
	liaison: 'wenyuan-chengguan',
	volunteer: 'wenyuan-vol',
	partner: 'wenyuan-partner',
	observer: 'wenyuan-observer'
};

let server: RunningServer;
const open: Client[] = [];
const names = {} as Record<DocumentKind, string>;

beforeAll(async () => {
	server = await startServer();
	const env = { DATA_DIR: server.dataDir };
	const quiet = { out: () => undefined, err: () => undefined };
	await runAdmin(['user', 'add', USERS.observer, '--password', 'password-1'], env, quiet);
	await runAdmin(['grant', USERS.observer, COMMUNITY, 'observer'], env, quiet);
	const secretary = await connectAs('secretary', rootDocName(COMMUNITY));
	names.root = rootDocName(COMMUNITY);
	names.period = periodDocName(COMMUNITY, periodOf(Date.now()));
	names.meeting = `${names.root}:meeting:${listMeetings(secretary.doc)[0].id}`;
	names.pairing = `${names.root}:pairing:csglj`;
	names.private = `${names.root}:private`;
	secretary.close();
});

afterEach(() => {
	for (const c of open.splice(0)) c.close();
});

afterAll(async () => {
	await server?.stop();
});

async function tokenOf(role: Role): Promise<string> {
	return (await login(server, USERS[role], role === 'observer' ? 'password-1' : undefined)).token;
}

async function connectAs(role: Role, name: string): Promise<Client> {
	const c = await connect(server, name, await tokenOf(role));
	open.push(c);
	return c;
}

/** Opens the document as `role`: 'synced', or the reason the relay gives for refusing it. */
async function openAs(role: Role, name: string): Promise<{ outcome: string; c: Client }> {
	const c = client(server, name, await tokenOf(role));
	open.push(c);
	return { outcome: await outcomeOf(c), c };
}

/** The document as the server has stored it. */
async function stored(name: string): Promise<Y.Doc> {
	const store = openSqliteStore(server.dataDir, { warn: () => undefined });
	try {
		return docOf(name, await store.loadDocument(name));
	} finally {
		await store.close();
	}
}

/** Who sent each logged update of a document (the audit columns of the log). */
function loggedAuthors(name: string): { user_id: string | null; connection: string | null }[] {
	const db = new Database(join(server.dataDir, 'gongzhi.sqlite'), { readonly: true });
	try {
		return db
			.prepare(
				`SELECT user_id, connection FROM document_updates WHERE name = ?
				 UNION ALL SELECT user_id, connection FROM update_history WHERE name = ?`
			)
			.all(name, name) as { user_id: string | null; connection: string | null }[];
	} finally {
		db.close();
	}
}

/** Everything the stored document holds, as canonical JSON (its collections made readable first). */
async function storedJson(name: string): Promise<string> {
	const doc = await stored(name);
	const kind = parseDocName(name)!.kind;
	for (const top of COLLECTIONS[kind]) doc.getMap(top);
	if (kind === 'meeting') doc.getXmlFragment('body');
	return canonical(doc.toJSON());
}

const kinds: DocumentKind[] = ['root', 'period', 'meeting', 'pairing', 'private'];
const ROLES = Object.keys(USERS) as Role[];

describe('who may open which document', () => {
	it.each(ROLES)('opens to a %s exactly the documents the matrix gives it, read-only where it may only read', async (role) => {
		for (const kind of kinds) {
			const { user } = await login(server, USERS[role], role === 'observer' ? 'password-1' : undefined);
			const ref = { communityId: COMMUNITY, kind, key: 'csglj' };
			const expected = documentAccess({ userId: user.id, role }, ref, role === 'partner' ? await partnerRoot() : null);
			const { outcome, c } = await openAs(role, names[kind]);
			expect([kind, outcome]).toEqual([kind, expected === 'none' ? REFUSALS.notAllowed : 'synced']);
			if (expected === 'read') {
				// A read-only member's change is dropped: the relay's document does not hold it, nor its store.
				const before = await storedJson(names[kind]);
				const updates: Uint8Array[] = [];
				c.doc.on('update', (update: Uint8Array) => updates.push(update));
				c.doc.getMap('meta').set('scribble', 1);
				expect(await confirm(c, updates[0])).toBe(false);
				expect(await storedJson(names[kind])).toBe(before);
			}
			c.close();
		}
	});
});

/** The root as the partner's membership is judged: the seed makes it the representative of csglj. */
async function partnerRoot(): Promise<Y.Doc> {
	const root = await stored(names.root);
	const { user } = await login(server, USERS.partner);
	const pairing = root.getMap('pairings').get('csglj') as Y.Map<unknown>;
	expect((pairing.get('representatives') as Y.Array<string>).toArray()).toContain(user.id);
	return root;
}

describe('malicious updates', () => {
	it('refuses a partner writing outside its own progress reports; others carry on, nothing is stored', async () => {
		const secretary = await connectAs('secretary', names.pairing);
		const partner = await connectAs('partner', names.pairing);
		const [commitmentId] = [...(partner.doc.getMap('commitments') as Y.Map<unknown>).keys()];
		const before = await storedJson(names.pairing);

		const refused = closedWith(partner);
		(partner.doc.getMap('commitments').get(commitmentId) as Y.Map<unknown>).set('text', '我们什么都不承诺');
		expect(await refused).toBe(`${UPDATE_REFUSED}a partner may not change a commitment, only report progress on it`);
		expect(await storedJson(names.pairing)).toBe(before);

		// The secretary's connection is untouched and still writes.
		postProgress(secretary.doc, commitmentId, { percent: 90, note: '书记补记' }, { by: (await login(server, USERS.secretary)).user.id });
		await secretary.saved();
		expect(await storedJson(names.pairing)).toContain('书记补记');
		// The log says who sent it and through which connection; nothing of the partner's.
		const authors = loggedAuthors(names.pairing);
		const secretaryId = (await login(server, USERS.secretary)).user.id;
		const partnerId = (await login(server, USERS.partner)).user.id;
		expect(authors.some((a) => a.user_id === secretaryId && a.connection)).toBe(true);
		expect(authors.some((a) => a.user_id === partnerId)).toBe(false);
	});

	it('refuses a volunteer changing a case, a giant string and a wrong type, storing none of them', async () => {
		const secretary = await connectAs('secretary', names.period);
		const root = await connectAs('secretary', names.root);
		const { user } = await login(server, USERS.secretary);
		const caseId = raiseCase({ root: root.doc, period: secretary.doc }, { grid: 'g01', title: '楼道堆物', level: 'ordinary' }, { by: user.id });
		await secretary.saved();
		const before = await storedJson(names.period);

		const attempts: [Role, (doc: Y.Doc) => void, string][] = [
			['volunteer', (d) => caseMap(d, caseId).set('level', 'major'), 'a volunteer may not write cases'],
			['secretary', (d) => caseMap(d, caseId).set('description', '长'.repeat(50_000)), 'Too big: expected string to have <=2000 characters'],
			['secretary', (d) => caseMap(d, caseId).set('title', { not: 'text' }), 'expected string, received object']
		];
		for (const [role, write, why] of attempts) {
			const writer = await connectAs(role, names.period);
			const refused = closedWith(writer);
			write(writer.doc);
			expect(await refused).toContain(why);
			expect(await storedJson(names.period)).toBe(before);
		}
		// The secretary's own connection saw none of it and still writes.
		updateGrid(root.doc, 'g01', { boundary: '东至文苑路' });
		await root.saved();
		expect(caseMap(secretary.doc, caseId).get('level')).toBe('ordinary');
	});

	it('refuses a grid worker editing the community settings', async () => {
		const worker = await connectAs('gridworker', names.root);
		const refused = closedWith(worker);
		updateGrid(worker.doc, 'g01', { households: 1 }, { by: (await login(server, USERS.gridworker)).user.id });
		expect(await refused).toBe(`${UPDATE_REFUSED}a gridworker may not change the community settings`);
	});

	it('lets an attendee grid worker sign off the final minutes, and refuses its edit of the text', async () => {
		const worker = await connectAs('gridworker', names.meeting);
		const workerId = (await login(server, USERS.gridworker)).user.id;
		const before = await storedJson(names.meeting);
		const refused = closedWith(worker);
		minutesBody(worker.doc).insert(0, [new Y.XmlText('网格员改写的纪要')]);
		expect(await refused).toBe(`${UPDATE_REFUSED}a gridworker may not edit the minutes, only mark its own review`);
		expect(await storedJson(names.meeting)).toBe(before);

		// The secretary finalises the seeded meeting; the grid worker, an attendee, signs it off.
		const root = await connectAs('secretary', names.root);
		const minutes = await connectAs('secretary', names.meeting);
		const docs = new Map([
			[names.root, root.doc],
			[names.meeting, minutes.doc]
		]);
		const community = new Community(COMMUNITY, { open: async (name) => docs.get(name)! }, { userId: (await login(server, USERS.secretary)).user.id });
		const meetingId = parseDocName(names.meeting)!.key;
		const version = await finaliseMeetingIn(community, meetingId, { name: '定稿' });
		await Promise.all([root.saved(), minutes.saved()]);
		const reviewer = await connectAs('gridworker', names.meeting);
		markReviewed(reviewer.doc, version, { by: workerId });
		await reviewer.saved();
		expect(await storedJson(names.meeting)).toContain(reviewKey(version, workerId));
	});
});

const caseMap = (doc: Y.Doc, id: string) => doc.getMap('cases').get(id) as Y.Map<unknown>;

describe('revocation', () => {
	it('cuts a live connection when the membership is revoked, and refuses it from then on', async () => {
		const volunteer = await connectAs('volunteer', names.root);
		const refused = new Promise<string>((resolve) =>
			volunteer.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason))
		);
		const env = { DATA_DIR: server.dataDir };
		const output: string[] = [];
		const revokedAt = Date.now();
		await runAdmin(['revoke', USERS.volunteer, COMMUNITY], env, { out: (l) => output.push(l), err: (l) => output.push(l) });
		expect(output).toEqual([`${USERS.volunteer} is no longer a member of ${COMMUNITY}`]);
		expect(await refused).toBe(REFUSALS.notMember);
		console.log(`revocation to refusal: ${Date.now() - revokedAt} ms`);
		await runAdmin(['grant', USERS.volunteer, COMMUNITY, 'volunteer'], env, { out: () => undefined, err: () => undefined });
	});
});


describe('session expiry', () => {
	it('closes a live connection when its sign-in token expires, and refuses the token from then on', async () => {
		const { user } = await login(server, USERS.gridworker);
		// A token of a few seconds, signed with the server's own key: TOKEN_TTL is at least a minute.
		const secret = new Uint8Array(readFileSync(join(server.dataDir, 'secret.key')));
		const shortLived = await createTokens(secret, 4).issue(user.id);
		const c = await connect(server, names.root, shortLived);
		open.push(c);
		const refused = new Promise<string>((resolve) =>
			c.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason))
		);
		expect(await closedWith(c)).toBe(SESSION_EXPIRED);
		expect(await refused).toBe(REFUSALS.badToken);
	});
});
