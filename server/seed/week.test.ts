import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Community, DISTRICT_DEPARTMENTS, MemoryDocumentSource, exportFamily, openCasesOf, parseDocName, storageProblem, touchesOf } from '../../src/lib/model';
import { setUpTestCommunity, TEST_CAST } from './test-community';
import { seedWeek } from './week';

// Wednesday 25 November 2026, 10:00 in Beijing.
const NOW = Date.UTC(2026, 10, 25, 2, 0);

async function seededWeek(source = new MemoryDocumentSource()) {
	await setUpTestCommunity(source);
	await seedWeek(source, TEST_CAST, NOW);
	return new Community('wenyuan', source, { userId: 'sec', now: () => NOW });
}

describe('the demo week', () => {
	it('fills every collection of the family, readable without a problem', async () => {
		const exported = await exportFamily(await seededWeek());
		expect(exported.problems).toBeUndefined();
		for (const key of ['taskList', 'departments', 'volunteers', 'pairings', 'meetings', 'cases', 'serviceLog', 'activities', 'minutes', 'commitments'] as const) {
			expect(Object.keys(exported[key]).length, key).toBeGreaterThan(0);
		}
		expect(Object.values(exported.departments).every((d) => d.liaisonName !== '')).toBe(true);
		expect(Object.entries(exported.departments).map(([id, d]) => [id, d.liaisonUser]).sort()).toEqual(
			DISTRICT_DEPARTMENTS.map((d) => [d.id, `l-${d.id}`]).sort()
		);
	});

	it('has cases in every state of the 1341 clock, overdue ones among them', async () => {
		const { cases } = await exportFamily(await seededWeek());
		const statuses = new Set(Object.values(cases).map((c) => c.status));
		expect([...statuses].sort()).toEqual(['accepted', 'closed', 'on-site', 'planned', 'reported', 'verified']);
		expect(Object.values(cases).some((c) => c.events.some((e) => e.type === 'returned'))).toBe(true);
		expect(Object.values(cases).some((c) => c.events.some((e) => e.type === 'extended'))).toBe(true);
		const overdueOpen = Object.values(cases).filter((c) => c.status !== 'closed' && Object.values(c.overdue).some(Boolean));
		expect(overdueOpen.length).toBeGreaterThanOrEqual(1);
		expect(Object.values(cases).every((c) => c.anomalies.length === 0)).toBe(true);
	});

	it('keeps open cases reachable through the index and lists them most urgent first', async () => {
		const community = await seededWeek();
		const open = await openCasesOf(community);
		const { openCases, cases } = await exportFamily(community);
		expect(open.map((c) => c.id).sort()).toEqual(Object.keys(openCases).sort());
		expect(open.map((c) => c.id).sort()).toEqual(
			Object.entries(cases).filter(([, c]) => c.status !== 'closed').map(([id]) => id).sort()
		);
	});

	it('holds a held meeting with minutes and a version, an overbooked activity and pairings with progress', async () => {
		const community = await seededWeek();
		const exported = await exportFamily(community);
		const [meeting] = Object.values(exported.meetings);
		expect(meeting.status).toBe('held');
		const [minutes] = Object.values(exported.minutes);
		expect(minutes.text).toContain('议定事项');
		expect(Object.values(minutes.versions)).toHaveLength(1);
		expect(Object.values(exported.activities).some((a) => a.overbooked)).toBe(true);
		const percents = Object.values(exported.commitments).map((c) => c.percent).sort((a, b) => a - b);
		expect(percents).toEqual([35, 60, 80, 100]);
		for (const name of await community.documents()) expect(parseDocName(name)).not.toBeNull();
	});

	it('keeps the storage contract the relay checks, in every document it writes', async () => {
		const source = new MemoryDocumentSource();
		const community = await seededWeek(source);
		for (const name of await community.documents()) {
			const ref = parseDocName(name)!;
			const state = Y.encodeStateAsUpdate(await source.open(name));
			const problems = touchesOf(new Y.Doc(), state).flatMap((touch) => storageProblem(ref.kind, touch) ?? []);
			expect(problems, name).toEqual([]);
		}
	});
});
