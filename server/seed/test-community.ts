/**
 * The community the seed's tests write into: 文苑 with two grids, and who acts in it. Test
 * support only; the seed itself takes its cast from the demo district.
 */
import { DISTRICT_DEPARTMENTS, rootDocName, addGrid, setUpCommunity, type DocumentSource } from '../../src/lib/model';
import type { WeekCast } from './week';

export const TEST_CAST: WeekCast = {
	communityId: 'wenyuan',
	communityName: '文苑社区',
	secretary: 'sec',
	gridWorkers: [
		['g01', 'w1'],
		['g02', 'w2']
	],
	liaisons: Object.fromEntries(DISTRICT_DEPARTMENTS.map((d) => [d.id, { userId: `l-${d.id}`, name: `${d.name}联络员`, phone: '0352-5011234' }])),
	partner: 'partner',
	volunteer: 'vol'
};

export async function setUpTestCommunity(source: DocumentSource): Promise<void> {
	const root = await source.open(rootDocName('wenyuan'));
	setUpCommunity(root, { id: 'wenyuan', name: '文苑社区', district: '新荣区' });
	addGrid(root, { id: 'g01', name: '文苑第1网格', households: 415 });
	addGrid(root, { id: 'g02', name: '文苑第2网格', households: 432 });
}
