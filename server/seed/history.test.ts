import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Community, MemoryDocumentSource, exportFamily, parseDocName, storageProblem, touchesOf } from '../../src/lib/model';
import { seedHistory } from './history';
import { setUpTestCommunity, TEST_CAST } from './test-community';
import { seedWeek } from './week';

// Wednesday 25 November 2026, 10:00 in Beijing.
const NOW = Date.UTC(2026, 10, 25, 2, 0);
const DAY = 86_400_000;

async function seeded(variant: number, source = new MemoryDocumentSource()) {
	await setUpTestCommunity(source);
	await seedWeek(source, TEST_CAST, NOW);
	const before = new Set(Object.keys((await exportFamily(new Community('wenyuan', source, { userId: 'sec', now: () => NOW }))).cases));
	await seedHistory(source, TEST_CAST, NOW, variant);
	const community = new Community('wenyuan', source, { userId: 'sec', now: () => NOW });
	const exported = await exportFamily(community);
	const history = Object.entries(exported.cases).filter(([id]) => !before.has(id)).map(([id, c]) => ({ id, ...c }));
	return { community, exported, history, source };
}

describe('the months before the demo week', () => {
	it('are settled: every case closed in order, between 35 and 90 days ago, some in time and some late', async () => {
		const { history, exported } = await seeded(3);
		expect(history.length).toBe(10 + ((3 * 7) % 11));
		for (const c of history) {
			expect(c.status).toBe('closed');
			expect(c.anomalies).toEqual([]);
			expect(NOW - c.reportedAt).toBeGreaterThanOrEqual(35 * DAY);
			expect(NOW - c.reportedAt).toBeLessThanOrEqual(90 * DAY);
		}
		expect(history.some((c) => c.met.onSite)).toBe(true);
		expect(history.some((c) => !c.met.onSite)).toBe(true);
		// Nothing of theirs is open or in the open-case index.
		expect(Object.keys(exported.openCases).every((id) => !history.some((c) => c.id === id))).toBe(true);
		expect(exported.problems).toBeUndefined();
	});

	it('differ from community to community', async () => {
		const counts = await Promise.all([0, 1, 2, 3, 4].map(async (variant) => (await seeded(variant)).history.length));
		expect(new Set(counts).size).toBeGreaterThan(2);
	});

	it('keep the storage contract the relay checks', async () => {
		const { community, source } = await seeded(1);
		for (const name of await community.documents()) {
			const ref = parseDocName(name)!;
			const state = Y.encodeStateAsUpdate(await source.open(name));
			const problems = touchesOf(new Y.Doc(), state).flatMap((touch) => storageProblem(ref.kind, touch) ?? []);
			expect(problems, name).toEqual([]);
		}
	});
});
