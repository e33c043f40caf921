import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { reconcileDoc } from './reconcile';

/** A copy of `doc` as stored and reloaded: its top-level types not yet typed. */
const reloaded = (doc: Y.Doc) => {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
};

const view = (doc: Y.Doc) => ({
	grids: doc.getMap('grids').toJSON(),
	log: doc.getArray('log').toJSON(),
	title: doc.getText('title').toDelta(),
	body: doc.getXmlFragment('body').toString()
});

function paragraph(text: string, attributes: Record<string, string> = {}): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	for (const [name, value] of Object.entries(attributes)) p.setAttribute(name, value);
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

function grid(fields: Record<string, unknown>, workers: string[]): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) map.set(key, value);
	map.set('workers', Y.Array.from(workers));
	return map;
}

/** A document, what it was at some moment, and a lot changed since. */
function history() {
	const doc = new Y.Doc();
	doc.transact(() => {
		doc.getMap('grids').set('g1', grid({ name: '第1网格', households: 300, tags: ['a'] }, ['u1', 'u2']));
		doc.getMap('grids').set('g2', grid({ name: '第2网格', households: 410 }, []));
		doc.getArray('log').push([{ at: 1, what: 'patrol' }, { at: 2, what: 'visit' }]);
		doc.getText('title').insert(0, '议事会', { bold: true });
		doc.getXmlFragment('body').insert(0, [paragraph('一、开会'), paragraph('二、表决', { level: '2' })]);
	});
	const then = reloaded(doc);
	const g1 = doc.getMap('grids').get('g1') as Y.Map<unknown>;
	g1.set('households', 333);
	g1.set('tags', ['a', 'b']);
	g1.set('archived', true);
	(g1.get('workers') as Y.Array<string>).delete(0, 1);
	(g1.get('workers') as Y.Array<string>).push(['u3']);
	doc.getMap('grids').delete('g2');
	doc.getMap('grids').set('g3', grid({ name: '新网格', households: 1 }, ['u9']));
	doc.getArray('log').push([{ at: 3, what: 'mediation' }]);
	doc.getArray('log').delete(0, 1);
	doc.getText('title').insert(3, '纪要');
	const body = doc.getXmlFragment('body');
	(body.get(1) as Y.XmlElement).setAttribute('level', '3');
	((body.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(4, '（补）');
	body.insert(2, [paragraph('三、散会')]);
	return { doc, then };
}

describe('reconcileDoc', () => {
	it('turns every kind of shared type back to an earlier state as one new update', () => {
		const { doc, then } = history();
		const replica = reloaded(doc);
		const update = reconcileDoc(reloaded(doc), reloaded(then));
		expect(update).not.toBeNull();
		Y.applyUpdate(replica, update!);
		expect(view(replica)).toEqual(view(then));
		// Applied where it was computed from, it changes nothing further.
		expect(reconcileDoc(replica, reloaded(then))).toBeNull();
	});

	it('keeps what is unchanged in place, so concurrent edits to it survive', () => {
		const { doc, then } = history();
		const offline = reloaded(doc);
		(offline.getMap('grids').get('g1') as Y.Map<unknown>).set('boundary', '东至新华街');
		offline.getArray('log').push([{ at: 4, what: 'offline' }]);

		Y.applyUpdate(doc, reconcileDoc(reloaded(doc), reloaded(then))!);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(offline));
		expect(doc.getMap('grids').toJSON().g1).toMatchObject({ households: 300, boundary: '东至新华街' });
		expect(doc.getArray('log').toJSON()).toEqual([
			{ at: 1, what: 'patrol' },
			{ at: 2, what: 'visit' },
			{ at: 4, what: 'offline' }
		]);
	});

	it('empties a document that did not exist yet, and fills one that has since been emptied', () => {
		const { doc } = history();
		const empty = new Y.Doc();
		const cleared = reloaded(doc);
		Y.applyUpdate(cleared, reconcileDoc(reloaded(doc), empty)!);
		expect(view(cleared)).toEqual({ grids: {}, log: [], title: [], body: '' });

		Y.applyUpdate(cleared, reconcileDoc(reloaded(cleared), reloaded(doc))!);
		expect(view(cleared)).toEqual(view(doc));
	});
});
