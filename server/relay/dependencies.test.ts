import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { firstClocks, spend, updateIn } from './dependencies';

/** Updates of two writers: each edit's own, and merged ones spanning both. */
function updates(): Uint8Array[] {
	const a = new Y.Doc();
	const b = new Y.Doc();
	const made: Uint8Array[] = [];
	a.on('update', (update: Uint8Array) => made.push(update));
	b.on('update', (update: Uint8Array) => made.push(update));
	for (let i = 0; i < 5; i++) {
		a.getMap('grids').set(`a${i}`, i);
		b.getText('notes').insert(0, `b${i}`);
		if (i % 2) b.getText('notes').delete(0, 1);
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
	}
	return [...made, Y.mergeUpdates(made.slice(3)), Y.encodeStateAsUpdate(b), Y.encodeStateAsUpdate(a, Y.encodeStateVector(new Y.Doc()))];
}

describe('reading what an update depends on', () => {
	it('finds the same first clocks as Yjs, reading one writer’s from its first bytes', () => {
		for (const update of updates()) expect(firstClocks(update)).toEqual(Y.parseUpdateMeta(update).from);
	});

	it('empties the update a message carries, in place, once the relay has applied it', () => {
		const doc = new Y.Doc();
		doc.getMap('grids').set('g1', { households: 300 });
		const encoder = encoding.createEncoder();
		encoding.writeVarString(encoder, 'community:a');
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarUint(encoder, 2);
		encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
		const message = encoding.toUint8Array(encoder);

		spend(updateIn(message)!);
		const relay = new Y.Doc();
		let changed = false;
		relay.on('update', () => (changed = true));
		Y.applyUpdate(relay, updateIn(message)!);
		expect(changed).toBe(false);
		expect(relay.getMap('grids').size).toBe(0);
	});
});
