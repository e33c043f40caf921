import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { holdsSummary, summaryOf } from './containment';

/** A document and the updates of a replica of it that made `edits` more changes. */
function diverged(edits: (doc: Y.Doc) => void, gc = true) {
	const relay = new Y.Doc({ gc });
	relay.getMap('grids').set('g1', 'one');
	relay.getText('notes').insert(0, 'hello world');
	const replica = new Y.Doc();
	Y.applyUpdate(replica, Y.encodeStateAsUpdate(relay));
	const updates: Uint8Array[] = [];
	replica.on('update', (update: Uint8Array) => updates.push(update));
	edits(replica);
	return { relay, replica, pending: Y.mergeUpdates(updates) };
}

describe('summaries of pending changes', () => {
	it('are held once the document has the changes, structs and deletions alike', () => {
		const { relay, pending } = diverged((doc) => {
			doc.getMap('grids').set('g2', 'two');
			doc.getText('notes').delete(0, 6);
		});
		const summary = summaryOf(pending);
		expect(summary.byteLength).toBeLessThan(pending.byteLength);
		expect(holdsSummary(relay, summary)).toBe(false);
		Y.applyUpdate(relay, pending);
		expect(holdsSummary(relay, summary)).toBe(true);
	});

	it('are not held while a deletion is missing, though every struct is there', () => {
		const { relay, replica, pending } = diverged((doc) => doc.getText('notes').delete(0, 6));
		const summary = summaryOf(pending);
		// The relay has all structs (nothing new was written) but not the deletion.
		expect(Y.encodeStateVector(relay)).toEqual(Y.encodeStateVector(replica));
		expect(holdsSummary(relay, summary)).toBe(false);
		Y.applyUpdate(relay, pending);
		expect(holdsSummary(relay, summary)).toBe(true);
	});

	it('count deleted content the document has collected as deleted', () => {
		const { relay, pending } = diverged((doc) => doc.getText('notes').delete(0, 11));
		Y.applyUpdate(relay, pending);
		expect(holdsSummary(relay, summaryOf(pending))).toBe(true);
	});

	it('answer as Yjs snapshotContainsUpdate does', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom('set', 'insert', 'delete'), fc.nat(20), fc.boolean()), { minLength: 1, maxLength: 15 }),
				(steps) => {
					const { relay, replica } = diverged(() => undefined, false);
					const updates: Uint8Array[] = [];
					replica.on('update', (update: Uint8Array) => updates.push(update));
					steps.forEach(([kind, n, deliver]) => {
						const text = replica.getText('notes');
						if (kind === 'set') replica.getMap('grids').set(`g${n}`, n);
						else if (kind === 'insert') text.insert(Math.min(n, text.length), 'x');
						else if (text.length) text.delete(Math.min(n, text.length - 1), 1);
						if (deliver) Y.applyUpdate(relay, updates[updates.length - 1]);
					});
					const pending = Y.mergeUpdates(updates);
					expect(holdsSummary(relay, summaryOf(pending))).toBe(Y.snapshotContainsUpdate(Y.snapshot(relay), pending));
				}
			),
			{ numRuns: 200 }
		);
	});

	it('refuse bytes that are not a summary', () => {
		expect(() => holdsSummary(new Y.Doc(), new Uint8Array([200, 1, 7]))).toThrow();
	});
});
