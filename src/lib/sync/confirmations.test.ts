import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { fromBase64 } from 'lib0/buffer';
import { holdsSummary } from '$lib/model';
import { Confirmer } from './confirmations';
import { OfflineDatabase, OfflineDoc } from './offline-store';

const opened: OfflineDatabase[] = [];

async function setUp() {
	const db = new OfflineDatabase(`confirm-${opened.length}`);
	opened.push(db);
	const doc = new Y.Doc();
	const offline = new OfflineDoc(db, 'community:a', doc, () => false);
	await offline.whenLoaded;
	const sent: { id: number; state: Uint8Array }[] = [];
	const provider = {
		on: () => undefined,
		off: () => undefined,
		sendStateless: (payload: string) => {
			const { id, state } = JSON.parse(payload);
			sent.push({ id, state: fromBase64(state) });
		}
	} as unknown as HocuspocusProvider;
	const link = { connected: true };
	return { doc, offline, sent, link, confirmer: new Confirmer(provider, offline, () => link.connected) };
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
		// A summary of the change, which a document holds once it has the change.
		const relay = new Y.Doc();
		expect(holdsSummary(relay, sent[0].state)).toBe(false);
		Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc));
		expect(holdsSummary(relay, sent[0].state)).toBe(true);

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

	it('does not ask while the socket is down, where the question would be dropped', async () => {
		const { doc, sent, link, confirmer } = await setUp();
		doc.getMap('grids').set('g1', 1);
		link.connected = false;
		await confirmer.ask();
		expect(sent).toHaveLength(0);
		link.connected = true;
		await confirmer.ask();
		expect(sent).toHaveLength(1);
	});
});
