import * as Y from 'yjs';
import { readMeta } from './community';
import type { Community } from './family';
import { listGrids } from './grids';
import { listStations } from './stations';

function keyed<T extends { id: string; problems: string[] }>(items: T[]) {
	return Object.fromEntries(items.map(({ id, problems: _problems, ...rest }) => [id, rest]));
}

/**
 * The whole community as plain JSON: every collection a top-level key, each an object keyed
 * by record id as in the documents, archived records included, derived fields added.
 * `problems` appears only when some content could not be read as the model expects.
 */
export function exportCommunity(doc: Y.Doc) {
	const { problems: metaProblems, ...meta } = readMeta(doc);
	const gridProblems: string[] = [];
	const stationProblems: string[] = [];
	const grids = listGrids(doc, { includeArchived: true, problems: gridProblems });
	const stations = listStations(doc, { problems: stationProblems });
	const problems = [
		metaProblems,
		gridProblems,
		...grids.map((g) => g.problems),
		stationProblems,
		...stations.map((s) => s.problems)
	].flat();
	return {
		meta,
		grids: keyed(grids),
		stations: keyed(stations),
		...(problems.length ? { problems } : {})
	};
}
export type CommunityExport = ReturnType<typeof exportCommunity>;

/** The whole family merged: the root's collections, then each document kind's. */
export async function exportFamily(community: Community) {
	return exportCommunity(await community.root());
}
