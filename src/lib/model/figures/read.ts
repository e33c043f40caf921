import { listCommitments } from '../commitments';
import { openCasesOf } from '../communityCases';
import { pairingDocName, periodDocName, rootDocName } from '../documents';
import type { Community } from '../family';
import { periodOf, shiftPeriod } from '../time';
import { communityFigures, type CommunityFigures } from './community';
import { summarisePairing } from './fulfilment';
import { openCaseCounts, summarisePeriod } from './period';
import { periodsOfRange, type DayRange } from './range';
import { summariseRoot } from './root';

/**
 * The months whose documents hold a range's records: those it touches, and the month either
 * side — a case is filed in the month of its writer's clock, but its clock starts at the
 * relay's time when the two disagree, which can fall on the other side of midnight. Never a
 * month after the current one: nothing is filed there yet.
 */
export function periodsForRange(range: DayRange, now: number): string[] {
	const touched = periodsOfRange(range);
	const current = periodOf(now);
	return [shiftPeriod(touched[0], 1), ...touched, shiftPeriod(touched.at(-1)!, -1)].filter((p, i, all) => p <= current && all.indexOf(p) === i);
}

export interface CommunityFiguresRead {
	figures: CommunityFigures;
	/** The documents the figures were read from, for saying how fresh they are. */
	documents: string[];
}

/**
 * A community's figures over `range`, read through its `Community` (in the browser: from the
 * device, synced when online): the root, the months of the range, the open cases wherever the
 * index finds them, and the live agreements' documents.
 */
export async function readCommunityFigures(
	community: Community,
	range: DayRange,
	options: { specialNeeds?: Record<string, number> } = {}
): Promise<CommunityFiguresRead> {
	const now = community.now();
	const root = summariseRoot(await community.root());
	const months = periodsForRange(range, now);
	const [periods, open, pairings] = await Promise.all([
		Promise.all(months.map(async (period) => summarisePeriod(period, await community.period(period), now))),
		openCasesOf(community).then(openCaseCounts),
		Promise.all(root.pairings.map(async (id) => summarisePairing(listCommitments(await community.pairing(id)), now)))
	]);
	return {
		figures: communityFigures({ root, periods, open, pairings, specialNeeds: options.specialNeeds }, range),
		documents: [
			rootDocName(community.id),
			...months.map((p) => periodDocName(community.id, p)),
			...root.pairings.map((id) => pairingDocName(community.id, id))
		]
	};
}
