import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { communityFigures, logService, periodDocName, readCommunityFigures } from '../../src/lib/model';
import { buildFixture, cst, NOW, type Fixture } from '../../src/lib/model/figures/test-fixture';
import { docOf } from '../store/documents';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/types';
import { CommunitySummaries } from './summaries';

const MAY = { from: '2026-05-01', to: '2026-05-31' };
const MINUTE = 60_000;

describe('the kept summaries behind the district figures', () => {
	let dir: string;
	let store: Store;
	let clock: number;
	let fixtures: Record<string, Fixture>;
	let summaries: CommunitySummaries;

	beforeEach(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-summaries-'));
		store = openSqliteStore(dir);
		clock = NOW;
		fixtures = { east: await buildFixture('east'), west: await buildFixture('west') };
		// Stored as the demo seed stores communities: one snapshot per document.
		for (const [id, fixture] of Object.entries(fixtures)) {
			await store.createCommunity({ id, name: id });
			for (const [name, doc] of fixture.source.docs) await store.storeSnapshot(name, Y.encodeStateAsUpdate(doc), 0);
		}
		summaries = new CommunitySummaries(store, { now: () => clock, verifyEveryMs: 10 * MINUTE });
	});

	afterEach(async () => {
		await store.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	/** Logs a volunteer's service into a stored month as the relay would, and says so unless told not to. */
	async function logServiceAt(communityId: string, period: string, at: number, options: { tell: boolean }) {
		const name = periodDocName(communityId, period);
		const doc = docOf(name, await store.loadDocument(name));
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		logService(doc, { kind: 'elder-care', volunteerId: 'v1', at, grid: 'g1', minutes: 45 }, { by: 'u-sec' });
		doc.destroy();
		const [id] = await store.appendUpdates([{ name, update: Y.mergeUpdates(updates) }]);
		if (options.tell) summaries.noteLogged(name, id);
	}

	const counts = () => Object.fromEntries(summaries.computed);

	it('gives the same figures as reading the community from scratch', async () => {
		for (const [id, fixture] of Object.entries(fixtures)) {
			const fromScratch = await readCommunityFigures(fixture.community, MAY);
			expect(communityFigures(await summaries.parts(id), MAY)).toEqual(fromScratch.figures);
		}
	});

	it('sums each document up once, and again only the one that changed', async () => {
		await summaries.parts('east');
		await summaries.parts('west');
		const once = {
			'community:east': 1,
			'community:east:period:2026-04': 1,
			'community:east:period:2026-05': 1,
			'community:east:pairing:p1': 1,
			'community:east:pairing:p2': 1
		};
		const west = Object.fromEntries(Object.entries(once).map(([name, n]) => [name.replace('east', 'west'), n]));
		expect(counts()).toEqual({ ...once, ...west });

		// Asked again and again: nothing is read again.
		for (let i = 0; i < 3; i++) await Promise.all([summaries.parts('east'), summaries.parts('west')]);
		expect(counts()).toEqual({ ...once, ...west });

		// A service logged in east's May: that month alone is summed up again.
		await logServiceAt('east', '2026-05', cst('2026-05-20 08:00'), { tell: true });
		const east = communityFigures(await summaries.parts('east'), MAY);
		await summaries.parts('west');
		expect(counts()).toEqual({ ...once, ...west, 'community:east:period:2026-05': 2 });
		// One elder care of 60 minutes in the fixture, and this one of 45.
		expect(east.services['elder-care']).toEqual({ count: 2, minutes: 105, hours: 1.75 });
		expect(communityFigures(await summaries.parts('west'), MAY).services['elder-care'].count).toBe(1);
	});

	it('sums a month up again when one of its deadlines falls due, never a month all decided', async () => {
		await summaries.parts('east');
		// 12:05 is F's on-site deadline in May; April's cases are all decided.
		clock = cst('2026-05-20 12:06');
		const figures = communityFigures(await summaries.parts('east'), MAY);
		expect(figures.compliance.onSite).toMatchObject({ met: 2, missed: 5, pending: 0 });
		expect(summaries.computed.get('community:east:period:2026-05')).toBe(2);
		// The agreement due on 30 June and the root do not change with the clock.
		expect(summaries.computed.get('community:east:pairing:p2')).toBe(1);
		expect(summaries.computed.get('community:east')).toBe(1);
		clock = cst('2026-06-02 09:00');
		await summaries.parts('east');
		expect(summaries.computed.get('community:east:period:2026-04')).toBe(1);
	});

	it('finds what another process logged when it next checks the log', async () => {
		const before = communityFigures(await summaries.parts('west'), MAY);
		// The admin CLI (or another relay) logs an update this process is not told of, and a new month.
		await logServiceAt('west', '2026-05', cst('2026-05-19 10:00'), { tell: false });
		await logServiceAt('west', '2026-06', cst('2026-06-01 10:00'), { tell: false });
		clock += MINUTE;
		expect(communityFigures(await summaries.parts('west'), MAY)).toEqual(before);
		clock += 10 * MINUTE;
		const after = await summaries.parts('west');
		expect(communityFigures(after, MAY).services['elder-care'].count).toBe(2);
		expect(after.periods.map((p) => p.period)).toEqual(['2026-04', '2026-05', '2026-06']);
		expect(communityFigures(after, { from: '2026-06-01', to: '2026-06-30' }).services['elder-care'].count).toBe(1);
	});

	it('takes in a month written for the first time as soon as it is told', async () => {
		await summaries.parts('east');
		await logServiceAt('east', '2026-06', cst('2026-06-01 10:00'), { tell: true });
		const parts = await summaries.parts('east');
		expect(parts.periods.map((p) => p.period)).toEqual(['2026-04', '2026-05', '2026-06']);
	});
});
