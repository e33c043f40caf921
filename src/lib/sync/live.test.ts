import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { liveLoad } from './live';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('liveLoad', () => {
	it('reads after subscribing, re-reads on every change of the documents it loaded, and stops when unsubscribed', async () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		let reads = 0;
		const store = liveLoad(async () => {
			reads += 1;
			await tick();
			return { docs: [a, b], value: a.getMap('m').size + b.getMap('m').size };
		});
		const seen: (number | null)[] = [];
		const stop = store.subscribe((value) => seen.push(value));
		expect(reads).toBe(0);
		await tick();
		await tick();
		expect(seen).toEqual([null, 0]);

		a.getMap('m').set('x', 1);
		await tick();
		// Changes arriving while a read is under way are taken by one more read.
		b.getMap('m').set('y', 1);
		b.getMap('m').set('z', 1);
		for (let i = 0; i < 6; i++) await tick();
		expect(seen.at(-1)).toBe(3);
		expect(reads).toBeLessThanOrEqual(4);

		stop();
		const before = reads;
		a.getMap('m').set('w', 1);
		await tick();
		expect(reads).toBe(before);
	});
});
