import { describe, expect, it } from 'vitest';
import { freshnessOf } from './freshness';

const DOCS = ['community:w', 'community:w:period:2026-04', 'community:w:period:2026-05', 'community:w:pairing:p1'];
const state = (name: string, lastSynced: number | null) => ({ name, lastSynced, pending: 0, refused: null, rejected: null, confirmedAt: null });

describe('how fresh the figures are', () => {
	it('is live online once every document read has synced, syncing before', () => {
		const all = DOCS.map((name, i) => state(name, 1000 + i));
		expect(freshnessOf(DOCS, { connection: 'online', documents: all })).toEqual({ state: 'live', asOf: 1000, missing: [] });
		const some = [state(DOCS[0], 1000), state(DOCS[2], 2000)];
		expect(freshnessOf(DOCS, { connection: 'online', documents: some })).toEqual({ state: 'syncing', asOf: 1000, missing: ['2026-04'] });
	});

	it('offline, is as old as the oldest sync, and names the months never on the device', () => {
		const docs = [state(DOCS[0], 5000), state(DOCS[1], null), state(DOCS[2], 3000), state(DOCS[3], 4000)];
		expect(freshnessOf(DOCS, { connection: 'offline', documents: docs })).toEqual({ state: 'offline', asOf: 3000, missing: ['2026-04'] });
		expect(freshnessOf(DOCS, { connection: 'connecting', documents: [] })).toEqual({ state: 'never', asOf: null, missing: ['2026-04', '2026-05'] });
	});
});
