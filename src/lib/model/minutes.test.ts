import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import {
	bodyText,
	getVersion,
	listReviews,
	listVersions,
	markReviewed,
	minutesBody,
	openVersion,
	readVersionText,
	frozenCopy,
	restoreSnapshot,
	restoreVersion,
	takeVersion
} from './minutes';
import { expectRefused, recordUpdates, replicaOf, syncAll } from './test-helpers';

function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attributes: Record<string, string> = {}) {
	const node = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
	node.insert(0, children);
	return node;
}

function paragraph(text: string) {
	return element('paragraph', [new Y.XmlText(text)]);
}

/** Minutes shaped as TipTap writes them: headings, marks, a mention, a list and a table. */
function meetingDoc(clientID?: number) {
	const doc = new Y.Doc();
	if (clientID !== undefined) doc.clientID = clientID;
	const bold = new Y.XmlText('决定');
	bold.format(0, 2, { bold: {} });
	minutesBody(doc).insert(0, [
		element('heading', [new Y.XmlText('议题一：加装电梯')], { level: '2' }),
		element('paragraph', [new Y.XmlText('由'), element('mention', [], { id: 'u-wang', label: '@王建国' }), new Y.XmlText('牵头。'), bold]),
		element('bulletList', [element('listItem', [paragraph('征求意见')]), element('listItem', [paragraph('申请补贴')])]),
		element('table', [element('tableRow', [element('tableCell', [paragraph('单元')]), element('tableCell', [paragraph('同意')])])]),
		element('paragraph', [])
	]);
	return doc;
}

const TEXT = '议题一：加装电梯\n由@王建国牵头。决定\n征求意见\n申请补贴\n单元\n同意\n';

describe('bodyText', () => {
	it('reads one line per text block, walking lists and tables', () => {
		expect(bodyText(meetingDoc())).toBe(TEXT);
		expect(bodyText(new Y.Doc())).toBe('');
	});
});

describe('versions', () => {
	it('stays readable, on every replica, after the body changes or is emptied', () => {
		const doc = meetingDoc();
		const id = takeVersion(doc, { name: ' 定稿 ' }, { at: 50, by: 'u-sec' });
		const body = minutesBody(doc);
		(body.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('【改】')]);
		const other = replicaOf(doc);
		body.delete(0, body.length);
		syncAll(doc, other);

		expect(bodyText(doc)).toBe('');
		for (const replica of [doc, other]) {
			const version = getVersion(replica, id);
			expect(version).toMatchObject({ id, name: '定稿', at: 50, by: 'u-sec' });
			expect(readVersionText(version!)).toBe(TEXT);
			expect(openVersion(version!).toString()).toContain('<mention id="u-wang" label="@王建国"></mention>');
		}
	});

	it('lists versions taken on two devices offline, oldest first, alike on both', () => {
		const a = meetingDoc();
		const b = replicaOf(a);
		minutesBody(b).insert(0, [paragraph('补充')]);
		const later = takeVersion(a, { name: '会后稿' }, { at: 200 });
		const earlier = takeVersion(b, { name: '会中稿' }, { at: 100 });
		syncAll(a, b);
		for (const doc of [a, b]) expect(listVersions(doc).map((v) => v.id)).toEqual([earlier, later]);
		expect(readVersionText(getVersion(a, earlier)!)).toBe(`补充\n${TEXT}`);
		expect(readVersionText(getVersion(a, later)!)).toBe(TEXT);
	});

	it.each([
		['an empty name', { name: '  ' }],
		['an over-long name', { name: 'n'.repeat(81) }],
		['no name', {}]
	])('refuses %s, writing nothing', (_label, input) => {
		const doc = meetingDoc();
		expect(expectRefused(doc, () => takeVersion(doc, input as never)).field).toBe('name');
	});

	it('reports unreadable versions and reads the rest', () => {
		const doc = meetingDoc();
		const id = takeVersion(doc, { name: '定稿' });
		collection(doc, 'versions').set('broken', { name: 'x', at: 'yesterday' });
		const problems: string[] = [];
		expect(listVersions(doc, { problems }).map((v) => v.id)).toEqual([id]);
		expect(problems).toEqual(['versions.broken is unreadable']);
		const garbled = { id: 'g', name: 'g', at: 0, by: '', body: new Uint8Array([0, 255, 3, 9, 200]) };
		expect(readVersionText(garbled)).toBe('');
	});
});

describe('restoreVersion', () => {
	it('brings a version back as a new change, first keeping the text it replaces', () => {
		const doc = meetingDoc();
		const other = replicaOf(doc);
		const final = takeVersion(doc, { name: '定稿' }, { at: 10 });
		const body = minutesBody(doc);
		body.delete(1, body.length - 1);
		body.insert(1, [paragraph('误删后的文字')]);
		const edited = bodyText(doc);

		const stop = recordUpdates(doc);
		const kept = restoreVersion(doc, final, { name: '恢复前' }, { at: 20, by: 'u-sec' });
		expect(stop()).toHaveLength(1);
		syncAll(doc, other);
		for (const replica of [doc, other]) {
			expect(bodyText(replica)).toBe(TEXT);
			expect(readVersionText(getVersion(replica, kept)!)).toBe(edited);
			expect(listVersions(replica).map((v) => v.name)).toEqual(['定稿', '恢复前']);
			// The kept version says which version was restored over it, by whom and when.
			expect(getVersion(replica, kept)).toMatchObject({ restores: final, by: 'u-sec', at: 20 });
			expect(getVersion(replica, final)!.restores).toBeUndefined();
		}
	});

	it('refuses an unknown version or a missing name, writing nothing', () => {
		const doc = meetingDoc();
		const id = takeVersion(doc, { name: '定稿' });
		expect(expectRefused(doc, () => restoreVersion(doc, 'nope', { name: '恢复前' })).code).toBe('not-found');
		expect(expectRefused(doc, () => restoreVersion(doc, id, { name: '' })).field).toBe('name');
	});
});

describe('restoreSnapshot', () => {
	it("brings back the body of one of the relay's snapshots as a new change, recorded on the kept version", () => {
		const doc = meetingDoc();
		const snapshot = { at: 1_700_000_000_000, body: frozenCopy(minutesBody(doc)) };
		const body = minutesBody(doc);
		body.delete(0, body.length);
		body.insert(0, [paragraph('全部重写')]);
		const stop = recordUpdates(doc);
		const kept = restoreSnapshot(doc, snapshot, { name: '恢复快照前' }, { at: 30, by: 'u-sec' });
		expect(stop()).toHaveLength(1);
		expect(bodyText(doc)).toBe(TEXT);
		expect(getVersion(doc, kept)).toMatchObject({ name: '恢复快照前', restoresSnapshot: snapshot.at, by: 'u-sec', at: 30 });
		expect(readVersionText(getVersion(doc, kept)!)).toBe('全部重写');
		expect(expectRefused(doc, () => restoreSnapshot(doc, snapshot, { name: ' ' })).field).toBe('name');
	});
});

describe('reviews', () => {
	it('keeps one entry per reader and version, merged across replicas', () => {
		const doc = meetingDoc();
		const final = takeVersion(doc, { name: '定稿' }, { at: 10 });
		const other = replicaOf(doc);
		markReviewed(doc, final, { by: 'u-wang', at: 30 });
		markReviewed(other, final, { by: 'u-li', at: 20 });
		markReviewed(other, final, { by: 'u-wang', at: 40 });
		syncAll(doc, other);
		for (const replica of [doc, other]) {
			const readers = listReviews(replica, final);
			expect(readers.map((r) => r.by).sort()).toEqual(['u-li', 'u-wang']);
			expect(readers[0]).toEqual({ version: final, by: 'u-li', at: 20 });
		}
		markReviewed(doc, final, { by: 'u-li', at: 50 });
		expect(listReviews(doc, final).find((r) => r.by === 'u-li')!.at).toBe(20);
		expect(listReviews(doc, 'other-version')).toEqual([]);
	});

	it('refuses an unknown version or an unknown reviewer, writing nothing', () => {
		const doc = meetingDoc();
		const final = takeVersion(doc, { name: '定稿' });
		expect(expectRefused(doc, () => markReviewed(doc, 'nope', { by: 'u-wang' })).code).toBe('not-found');
		expect(expectRefused(doc, () => markReviewed(doc, final, {})).field).toBe('by');
	});
});
