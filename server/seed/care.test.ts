import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	MemoryDocumentSource,
	addGrid,
	careCountsOf,
	careDocName,
	careGridsOf,
	listHouseholds,
	listVisits,
	parseDocName,
	privateDocName,
	rootDocName,
	setUpCommunity,
	storageProblem,
	touchesOf,
	visitPlan
} from '../../src/lib/model';
import { seedCare } from './care';

const NOW = Date.UTC(2026, 10, 25, 2, 0);

async function seeded() {
	const source = new MemoryDocumentSource();
	const root = await source.open(rootDocName('wenyuan'));
	setUpCommunity(root, { id: 'wenyuan', name: '文苑社区' });
	addGrid(root, { id: 'g01', name: '文苑第1网格', households: 415, workers: ['w1'] });
	addGrid(root, { id: 'g02', name: '文苑第2网格', households: 432, workers: ['w2'] });
	await seedCare(source, { communityId: 'wenyuan', secretary: 'sec', grids: [['g01', 'w1'], ['g02', 'w2']], volunteer: 'vol' }, NOW);
	return { source, root };
}

describe('the demo care records', () => {
	it('fills two grids, one household overdue, the volunteer on the first grid’s care team, and counts them', async () => {
		const { source, root } = await seeded();
		const first = await source.open(careDocName('wenyuan', 'g01'));
		expect(listHouseholds(first)).toHaveLength(5);
		expect(listHouseholds(await source.open(careDocName('wenyuan', 'g02')))).toHaveLength(3);
		expect(visitPlan(first, NOW).filter((s) => s.overdueDays > 0)).toHaveLength(1);
		expect(listVisits(first).filter((v) => v.kind === 'sickbed').map((v) => v.createdBy)).toEqual(['vol']);
		expect(careGridsOf(await source.open(privateDocName('wenyuan')), 'vol')).toEqual(['g01']);
		expect(careCountsOf(root, NOW).g01).toMatchObject({ households: 5, specialNeeds: 4, overdueVisits: 1, openSickbed: 1 });
		// Every name is marked as invented.
		for (const household of listHouseholds(first)) for (const member of household.members) expect(member.name).toMatch(/（演示）$/);
	});

	it('keeps the storage contract in every document it writes', async () => {
		const { source } = await seeded();
		for (const name of await source.list('wenyuan')) {
			const state = Y.encodeStateAsUpdate(await source.open(name));
			const problems = touchesOf(new Y.Doc(), state).flatMap((touch) => storageProblem(parseDocName(name)!.kind, touch) ?? []);
			expect(problems, name).toEqual([]);
		}
	});
});
