import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Member } from './access';
import { authorOf, claimAuthorship } from './authorship';
import { attributedText, fragmentText, minutesBody } from './minutes';
import { meetingWriteProblem as check, replicaOf, syncAll } from './test-helpers';

const secretary: Member = { userId: 'u-sec', role: 'secretary' };
const admin: Member = { userId: 'u-admin', role: 'district-admin' };

function paragraph(text: string) {
	const node = new Y.XmlElement('paragraph');
	node.insert(0, [new Y.XmlText(text)]);
	return node;
}

describe('authorship of the minutes', () => {
	it('says who wrote each character, merged across two editors', () => {
		const one = new Y.Doc();
		claimAuthorship(one, 'u-sec');
		minutesBody(one).insert(0, [paragraph('会议决定')]);
		const two = replicaOf(one);
		claimAuthorship(two, 'u-admin');
		const text = (minutesBody(two).get(0) as Y.XmlElement).get(0) as Y.XmlText;
		text.insert(2, '一致');
		minutesBody(two).push([paragraph('补充')]);
		syncAll(one, two);
		for (const doc of [one, two]) {
			const { text: plain, authors } = attributedText(minutesBody(doc), authorOf(doc));
			expect(plain).toBe(fragmentText(minutesBody(doc)));
			expect(plain).toBe('会议一致决定\n补充');
			expect(authors).toEqual(['u-sec', 'u-sec', 'u-admin', 'u-admin', 'u-sec', 'u-sec', null, 'u-admin', 'u-admin']);
		}
		// Registering again changes nothing.
		const before = Y.encodeStateVector(one);
		claimAuthorship(one, 'u-sec');
		expect(Y.encodeStateVector(one)).toEqual(before);
	});

	it('counts a client nobody registered as unknown', () => {
		const doc = new Y.Doc();
		minutesBody(doc).insert(0, [paragraph('无名')]);
		expect(attributedText(minutesBody(doc), authorOf(doc)).authors).toEqual([null, null]);
	});

	it('lets every writer register and write only as itself, managers included', async () => {
		const doc = new Y.Doc();
		claimAuthorship(doc, 'u-sec');
		minutesBody(doc).insert(0, [paragraph('原文')]);
		const secretaryClient = doc.clientID;

		const typing = (d: Y.Doc) => {
			claimAuthorship(d, 'u-admin');
			minutesBody(d).push([paragraph('管理员补充')]);
		};
		expect(await check(admin, doc, typing)).toBeNull();
		// Unregistered typing stays allowed: it is simply shown as by an unknown author.
		expect(await check(admin, doc, (d) => minutesBody(d).push([paragraph('匿名')]))).toBeNull();

		// Writing under the secretary's editor (its Yjs client) would put words in its mouth.
		const impersonating = (d: Y.Doc) => minutesBody(d).push([paragraph('冒名')]);
		expect(await check(admin, doc, impersonating, secretaryClient)).toMatch(/writes with the editor of u-sec/);
		expect(await check(secretary, doc, impersonating, secretaryClient)).toBeNull();
		// Registering its client for someone else, or someone else's client for itself.
		expect(await check(admin, doc, (d) => d.getMap('authors').set(String(d.clientID), 'u-sec'))).toMatch(
			/names someone else as the author/
		);
		expect(await check(admin, doc, (d) => d.getMap('authors').set('12345', 'u-admin'))).toMatch(/registers an editor it does not write with/);
		// Taking over the secretary's registration, or removing it.
		expect(await check(admin, doc, (d) => d.getMap('authors').set(String(secretaryClient), 'u-admin'))).toMatch(
			/registers an editor it does not write with/
		);
		expect(await check(secretary, doc, (d) => d.getMap('authors').delete(String(secretaryClient)))).toMatch(
			/removes or rewrites who wrote the minutes/
		);
		// The storage contract: an entry is a user id.
		expect(await check(admin, doc, (d) => d.getMap('authors').set(String(d.clientID), { id: 'u-admin' }))).toMatch(/authors/);
	});
});
