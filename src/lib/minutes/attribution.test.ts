import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	claimAuthorship,
	fragmentText,
	getVersion,
	minutesBody,
	minutesDeletedIn,
	newDocument,
	recordDeletions,
	takeVersion
} from '$lib/model';
import { attributedDiff, compareMinutes, currentSide, versionSide, type ComparedSide } from './attribution';
import type { DiffLine } from './diff';
import { element, paragraph, sampleBody } from './test-fixtures';

const NAME = 'community:a:meeting:m1';
const T0 = Date.UTC(2030, 3, 2, 7, 0);

/**
 * A relay in miniature: every device's update is applied here under its user, and each one that
 * deletes minutes text is recorded as the relay's extension does (one run per update here).
 */
function relay(clock: () => number) {
	const doc = newDocument(NAME);
	doc.on('afterTransaction', (transaction: Y.Transaction) => {
		const ds = typeof transaction.origin === 'string' ? minutesDeletedIn(transaction) : null;
		if (ds) recordDeletions(doc, { by: transaction.origin as string, at: clock(), ds }, 'relay');
	});
	return doc;
}

/** Sends what `device` has that `relay` lacks, as `userId`'s connection, and brings `device` up to date. */
function sync(relayDoc: Y.Doc, device: Y.Doc, userId: string) {
	Y.applyUpdate(relayDoc, Y.encodeStateAsUpdate(device, Y.encodeStateVector(relayDoc)), userId);
	Y.applyUpdate(device, Y.encodeStateAsUpdate(relayDoc, Y.encodeStateVector(device)), 'relay');
}

function device(userId: string): Y.Doc {
	const doc = newDocument(NAME);
	claimAuthorship(doc, userId);
	return doc;
}

const textOf = (doc: Y.Doc, index: number) => (minutesBody(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;

const versionOf = (doc: Y.Doc, id: string) => versionSide(getVersion(doc, id)!);

/** The changed parts in reading order, with who wrote and who deleted each. */
const changes = (lines: DiffLine[]) =>
	lines.flatMap((line) =>
		line.parts.filter((p) => p.kind !== 'same').map((p) => [p.kind, p.text, p.author ?? null, p.deletion?.by ?? null])
	);

describe('attributed comparison of versions', () => {
	it('names who wrote each insertion and who deleted each deletion, between two versions, with when', () => {
		let now = T0;
		const hub = relay(() => now);
		const secretary = device('u-sec');
		const admin = device('u-admin');

		minutesBody(secretary).insert(0, [paragraph('会议决定：东门修路。')]);
		sync(hub, secretary, 'u-sec');
		sync(hub, admin, 'u-admin');
		textOf(admin, 0).insert(10, '下周开工。');
		sync(hub, admin, 'u-admin');
		sync(hub, secretary, 'u-sec');
		const first = takeVersion(secretary, { name: '会中稿' }, { at: now, by: 'u-sec' });
		sync(hub, secretary, 'u-sec');

		// The administrator deletes the secretary's "东门"; the secretary deletes the administrator's "下周".
		now += 60_000;
		textOf(admin, 0).delete(5, 2);
		sync(hub, admin, 'u-admin');
		now += 60_000;
		sync(hub, secretary, 'u-sec');
		textOf(secretary, 0).delete(8, 2);
		minutesBody(secretary).push([paragraph('散会。')]);
		sync(hub, secretary, 'u-sec');
		const second = takeVersion(secretary, { name: '定稿' }, { at: now, by: 'u-sec' });
		sync(hub, secretary, 'u-sec');
		sync(hub, admin, 'u-admin');

		for (const doc of [hub, admin, secretary]) {
			const comparison = compareMinutes(doc, versionOf(doc, first), versionOf(doc, second));
			expect(comparison.attribution).toBe('full');
			expect(comparison.reason).toBeNull();
			expect(changes(comparison.lines)).toEqual([
				['del', '东门', 'u-sec', 'u-admin'],
				['del', '下周', 'u-admin', 'u-sec'],
				['ins', '散会。', 'u-sec', null]
			]);
			const deletions = comparison.lines.flatMap((l) => l.parts.flatMap((p) => (p.deletion ? [p.deletion] : [])));
			expect(deletions.map((d) => [d.by, d.from, d.to])).toEqual([
				['u-admin', T0 + 60_000, T0 + 60_000],
				['u-sec', T0 + 120_000, T0 + 120_000]
			]);
		}

		// From the empty start to the first version, both writers' insertions are named.
		const start: ComparedSide = { text: '', snapshot: Y.emptySnapshot };
		expect(changes(compareMinutes(hub, start, versionOf(hub, first)).lines)).toEqual([
			['ins', '会议决定：东门修路。', 'u-sec', null],
			['ins', '下周开工。', 'u-admin', null]
		]);
		// Against the current text the same holds, the current side read from the document.
		expect(changes(compareMinutes(hub, versionOf(hub, first), currentSide(hub)).lines)).toHaveLength(3);
	});

	it('walks headings, lists, tables and mentions as the plain text does, whole blocks added and removed', () => {
		const doc = newDocument(NAME);
		claimAuthorship(doc, 'u-sec');
		minutesBody(doc).insert(0, sampleBody().toArray().flatMap((node) => (node instanceof Y.XmlHook ? [] : [node.clone()])));
		const before = Y.snapshot(doc);
		const beforeText = fragmentText(minutesBody(doc));
		minutesBody(doc).delete(0, 1);
		minutesBody(doc).insert(1, [element('paragraph', [new Y.XmlText('新的一段')])]);
		const after = Y.snapshot(doc);
		const lines = attributedDiff(doc, before, after)!;
		expect(lines.filter((l) => l.kind !== 'same').map((l) => [l.kind, l.parts.map((p) => p.text).join('')])).toEqual([
			['removed', '一、加装电梯'],
			['added', '新的一段']
		]);
		const comparison = compareMinutes(doc, { text: beforeText, snapshot: before }, { text: fragmentText(minutesBody(doc)), snapshot: after });
		expect(comparison.attribution).toBe('full');
	});

	it('falls back to a text comparison, and says why, when the snapshots cannot give the texts back', () => {
		// A document that collects deleted text (as every replica did before): the deletion is gone.
		const collected = new Y.Doc();
		claimAuthorship(collected, 'u-sec');
		minutesBody(collected).insert(0, [paragraph('原来的话')]);
		const before = Y.snapshot(collected);
		textOf(collected, 0).delete(0, 2);
		const after: ComparedSide = { text: '的话', snapshot: Y.snapshot(collected), current: true };
		expect(attributedDiff(collected, before, after.snapshot!)).toBeNull();
		const comparison = compareMinutes(collected, { text: '原来的话', snapshot: before }, after);
		expect(comparison).toMatchObject({ attribution: 'insertions', reason: 'incomplete' });
		expect(changes(comparison.lines)).toEqual([['del', '原来', null, null]]);

		// A whole paragraph collected the same way.
		minutesBody(collected).push([paragraph('整段删去')]);
		const withParagraph = Y.snapshot(collected);
		minutesBody(collected).delete(1, 1);
		expect(attributedDiff(collected, withParagraph, Y.snapshot(collected))).toBeNull();

		// A version kept before versions carried snapshots, compared with another version.
		const old: ComparedSide = { text: '原来的话', snapshot: null };
		expect(compareMinutes(collected, old, { text: '的话', snapshot: null })).toMatchObject({ attribution: 'none', reason: 'olderVersion' });
		// A snapshot that does not match the text it claims is not trusted.
		expect(compareMinutes(collected, { text: '别的话', snapshot: Y.emptySnapshot }, after).reason).toBe('incomplete');
		// No document open: plain text.
		expect(compareMinutes(null, old, after)).toMatchObject({ attribution: 'none', reason: 'notOpen' });
	});

	it('reads a deletion nobody recorded as such, and the older side picked as newer as no deletion at all', () => {
		const doc = newDocument(NAME);
		claimAuthorship(doc, 'u-sec');
		minutesBody(doc).insert(0, [paragraph('甲乙丙')]);
		const one = Y.snapshot(doc);
		textOf(doc, 0).delete(1, 1);
		const two = Y.snapshot(doc);
		const forward = attributedDiff(doc, one, two)!;
		expect(forward[0].parts.find((p) => p.kind === 'del')).toEqual({ kind: 'del', text: '乙', author: 'u-sec', deletion: null });
		textOf(doc, 0).insert(2, '丁');
		const backward = attributedDiff(doc, Y.snapshot(doc), two)!;
		expect(backward[0].parts.find((p) => p.kind === 'del')).toEqual({ kind: 'del', text: '丁', author: 'u-sec' });
	});
});
