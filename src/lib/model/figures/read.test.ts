import { describe, expect, it } from 'vitest';
import { readCommunityFigures } from './read';
import { buildFixture } from './test-fixture';

describe('figures read through a Community', () => {
	it('reads the months the range needs, open cases wherever the index finds them, and names the documents read', async () => {
		const { community } = await buildFixture();
		const { figures, documents } = await readCommunityFigures(community, { from: '2026-05-01', to: '2026-05-31' });
		// K, filed in April, counts on 1 May: April is read too.
		expect(figures.reported).toBe(7);
		expect(figures.byGrid.find((g) => g.id === 'g2')?.count).toBe(2);
		// Open: B D E F of May, J K of April (the index names April); late: E J K.
		expect(figures.open).toMatchObject({ total: 6, late: 3 });
		expect(figures.fulfilment.commitments).toBe(3);
		expect(documents).toEqual([
			'community:fixture',
			'community:fixture:period:2026-04',
			'community:fixture:period:2026-05',
			// By partner name: 恒安物业 (p2), 区城市管理局 (p1).
			'community:fixture:pairing:p2',
			'community:fixture:pairing:p1'
		]);
	});

	it('takes special-needs counts from elsewhere for the grid load', async () => {
		const { community } = await buildFixture();
		const { figures } = await readCommunityFigures(community, { from: '2026-05-01', to: '2026-05-31' }, { specialNeeds: { g3: 5 } });
		expect(figures.gridLoad.needsPartTime).toBe(1);
	});
});
