import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Member } from './access';
import { claimAuthorship } from './authorship';
import { deleterOf, listDeletions, minutesDeletedIn, recordDeletions, type DeleteSet } from './deletions';
import { documentOptions, newDocument } from './documents';
import { minutesBody } from './minutes';
import { meetingWriteProblem as check, replicaOf } from './test-helpers';

const NAME = 'community:a:meeting:m1';
const secretary: Member = { userId: 'u-sec', role: 'secretary' };

function paragraph(text: string) {
	const node = new Y.XmlElement('paragraph');
	node.insert(0, [new Y.XmlText(text)]);
	return node;
}

const textOf = (doc: Y.Doc) => (minutesBody(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;

/** The minutes text each transaction of `doc` deletes, from now on. */
function deletedBy(doc: Y.Doc): DeleteSet[] {
	const found: DeleteSet[] = [];
	doc.on('afterTransaction', (transaction: Y.Transaction) => {
		const ds = minutesDeletedIn(transaction);
		if (ds) found.push(ds);
	});
	return found;
}

const range = (ds: DeleteSet) => [...ds.clients].map(([client, items]) => [client, items.map((i) => [i.clock, i.len])]);

describe('a meeting document keeps its deleted minutes text', () => {
	it('keeps deleted text on every replica made for it, and collects everything else as before', () => {
		const doc = newDocument(NAME);
		minutesBody(doc).insert(0, [paragraph('保留删去的文字')]);
		textOf(doc).delete(0, 2);
		doc.getMap('reviews').set('k', 'first value, replaced');
		doc.getMap('reviews').set('k', 'second');
		for (const replica of [doc, (() => {
			const copy = newDocument(NAME);
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
			return copy;
		})()]) {
			const kept: string[] = [];
			for (let item = textOf(replica)._start; item; item = item.right) {
				if (item.deleted && item.content instanceof Y.ContentString) kept.push(item.content.str);
			}
			expect(kept).toEqual(['保留']);
			const replaced = replica.getMap('reviews')._map.get('k')!.left!;
			expect(replaced.content).toBeInstanceOf(Y.ContentDeleted);
		}
		// Other documents collect as Yjs does by default.
		expect(documentOptions('community:a')).toEqual({});
		expect(documentOptions('community:a:period:2030-04')).toEqual({});
	});
});

describe('who deleted the minutes', () => {
	it('finds the minutes text a transaction deleted, and nothing else', () => {
		const doc = newDocument(NAME);
		minutesBody(doc).insert(0, [paragraph('甲乙丙丁')]);
		const found = deletedBy(doc);
		textOf(doc).delete(1, 2);
		doc.getMap('reviews').set('k', 1);
		doc.getMap('reviews').delete('k');
		minutesBody(doc).delete(0, 1);
		expect(found.map(range)).toEqual([
			[[doc.clientID, [[3, 2]]]],
			// The paragraph, its text, and its remaining characters.
			[[doc.clientID, [[0, 3], [5, 1]]]]
		]);
	});

	it('grows one run per user, starts another for someone else, and names the deleter of each character', () => {
		const doc = newDocument(NAME);
		minutesBody(doc).insert(0, [paragraph('一二三四五六')]);
		const found = deletedBy(doc);
		textOf(doc).delete(0, 1);
		const run = recordDeletions(doc, { by: 'u-sec', at: 1000, ds: found[0] });
		textOf(doc).delete(0, 1);
		expect(recordDeletions(doc, { run, by: 'u-sec', at: 2000, ds: found[1] })).toBe(run);
		textOf(doc).delete(0, 1);
		// A run is one user's: someone else's deletion, even given that run, starts a new one.
		const other = recordDeletions(doc, { run, by: 'u-admin', at: 3000, ds: found[2] });
		expect(other).not.toBe(run);

		const runs = listDeletions(doc);
		expect(runs.map((r) => [r.id, r.by, r.from, r.to])).toEqual([
			[run, 'u-sec', 1000, 2000],
			[other, 'u-admin', 3000, 3000]
		]);
		const deleter = deleterOf(doc);
		const text = textOf(doc)._item!.id;
		// The characters are the items after the paragraph and its text: clocks 2 to 7.
		const who = (clock: number) => deleter(Y.createID(text.client, clock))?.by ?? null;
		expect([2, 3, 4, 5].map(who)).toEqual(['u-sec', 'u-sec', 'u-admin', null]);
	});

	it('names one deleter when two recorded the same deletion, and skips unreadable records', () => {
		const doc = newDocument(NAME);
		minutesBody(doc).insert(0, [paragraph('同时删除')]);
		const found = deletedBy(doc);
		textOf(doc).delete(0, 2);
		recordDeletions(doc, { by: 'u-sec', at: 1000, ds: found[0] });
		recordDeletions(doc, { by: 'u-admin', at: 1000, ds: found[0] });
		doc.getMap('deletions').set('broken', new Uint8Array([200, 1]));
		doc.getMap('deletions').set('not-bytes', 'u-x');
		expect(listDeletions(doc).map((r) => r.by).sort()).toEqual(['u-admin', 'u-sec']);
		const deleter = deleterOf(doc);
		const first = deleter(Y.createID(doc.clientID, 2))?.by;
		expect(['u-sec', 'u-admin']).toContain(first);
		expect(deleter(Y.createID(doc.clientID, 3))?.by).toBe(first);
	});

	it('refuses every client writing or removing a record, managers included; deleting text stays allowed', async () => {
		const doc = newDocument(NAME);
		claimAuthorship(doc, 'u-sec');
		minutesBody(doc).insert(0, [paragraph('记录由服务器写')]);
		const copy = replicaOf(doc);
		const recorded = deletedBy(copy);
		textOf(copy).delete(0, 2);
		recordDeletions(doc, { by: 'u-sec', at: 1, ds: recorded[0] });

		expect(await check(secretary, doc, (d) => textOf(d).delete(0, 1))).toBeNull();
		const forging = (d: Y.Doc) => recordDeletions(d, { by: 'u-sec', at: 1, ds: recorded[0] });
		expect(await check(secretary, doc, forging)).toMatch(/recorded by the relay only/);
		expect(await check(secretary, doc, (d) => d.getMap('deletions').clear())).toMatch(/recorded by the relay only/);
		const run = [...doc.getMap('deletions').keys()][0];
		expect(await check(secretary, doc, (d) => d.getMap('deletions').set(run, new Uint8Array([1])))).toMatch(/recorded by the relay only/);
		// The storage contract: a record is bytes.
		expect(await check(secretary, doc, (d) => d.getMap('deletions').set('x', { by: 'u-sec' }))).toMatch(/deletions\.x: must be binary/);
	});
});
