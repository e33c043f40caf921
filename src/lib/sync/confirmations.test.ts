import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { fromBase64 } from 'lib0/buffer';
import { Confirmer } from './confirmations';
import { OfflineDatabase, OfflineDoc } from './offline-store';

const opened: OfflineDatabase[] = [];

async function setUp() {
	const db = new OfflineDatabase(`confirm-${opened.length}`);
	opened.push(db);
	const doc = new Y.Doc();
	const offline = new OfflineDoc(db, 'community:a', doc, () => false);
	await offline.whenLoaded;
	const sent: { id: number; update: Uint8Array }[] = [];
	const provider = {
		sendStateless: (payload: string) => {
			const { id, update } = JSON.parse(payload);
			sent.push({ id, update: fromBase64(update) });
		}
	} as unknown as HocuspocusProvider;
	return { doc, offline, sent, confirmer: new Confirmer(provider, offline) };
}

const answer = (id: number, contained: boolean) => JSON.stringify({ type: 'confirmed', id, contained });

afterEach(async () => {
	vi.useRealTimers();
	for (const db of opened.splice(0)) {
		db.close();
		await db.delete();
	}
});

describe('Confirmer', () => {
	it('lowers the count only when the relay says it holds the changes shown to it', async () => {
		const { doc, offline, sent, confirmer } = await setUp();
		doc.getMap('grids').set('g1', 1);
		await confirmer.ask();
		expect(sent).toHaveLength(1);
		const relay = new Y.Doc();
		Y.applyUpdate(relay, sent[0].update);
		expect(relay.getMap('grids').get('g1')).toBe(1);

		doc.getMap('grids').set('g2', 2);
		await confirmer.answer(answer(sent[0].id + 1, true));
		expect(offline.pending).toBe(2);
		await confirmer.answer(answer(sent[0].id, true));
		// g2 came after the question: still pending, and asked about next.
		expect(offline.pending).toBe(1);
		expect(sent).toHaveLength(2);
	});

	it('asks again later when the relay does not hold everything yet, and forgets a question on disconnect', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const { doc, offline, sent, confirmer } = await setUp();
		doc.getMap('grids').set('g1', 1);
		await confirmer.ask();
		await confirmer.answer(answer(sent[0].id, false));
		expect(offline.pending).toBe(1);
		expect(sent).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1000);
		expect(sent).toHaveLength(2);

		confirmer.reset();
		await confirmer.answer(answer(sent[1].id, true));
		expect(offline.pending).toBe(1);
		await confirmer.ask();
		expect(sent).toHaveLength(3);
	});
});
