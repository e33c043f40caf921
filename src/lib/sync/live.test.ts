import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { liveRead, type LiveRead } from './live';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('liveRead', () => {
	it('reads after subscribing, re-reads on every change of the documents it watched, and stops when unsubscribed', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		let reads = 0;
		const store = liveRead(async (watch) => {
			reads += 1;
			watch(a);
			await tick();
			// A document found during the read (an old month an open case names) is watched too.
			watch(b);
			return a.getMap('m').size + b.getMap('m').size;
		});
		const seen: LiveRead<number>[] = [];
		const stop = store.subscribe((value) => seen.push(value));
		expect(reads).toBe(0);
		await tick();
		await tick();
		expect(seen).toEqual([{ state: 'loading' }, { state: 'ready', value: 0 }]);

		a.getMap('m').set('x', 1);
		await tick();
		// Changes arriving while a read is under way are taken by one more read.
		b.getMap('m').set('y', 1);
		b.getMap('m').set('z', 1);
		for (let i = 0; i < 6; i++) await tick();
		expect(seen.at(-1)).toEqual({ state: 'ready', value: 3 });
		expect(reads).toBeLessThanOrEqual(4);

		stop();
		const before = reads;
		a.getMap('m').set('w', 1);
		await tick();
		expect(reads).toBe(before);
	});

	it('reports a failed read, and reads again on the next change', async () => {
		const doc = new Y.Doc();
		const store = liveRead(async (watch) => {
			watch(doc);
			if (!doc.getMap('m').has('ok')) throw new Error('not yet');
			return 'read';
		});
		const seen: LiveRead<string>[] = [];
		const stop = store.subscribe((value) => seen.push(value));
		await tick();
		expect(seen.at(-1)).toMatchObject({ state: 'failed', error: new Error('not yet') });
		doc.getMap('m').set('ok', true);
		await tick();
		expect(seen.at(-1)).toEqual({ state: 'ready', value: 'read' });
		stop();
	});
});
