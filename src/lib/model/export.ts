import type * as Y from 'yjs';
import { listActivities, type Activity } from './activities';
import { listCases, listOpenCaseRefs, type Case } from './cases';
import { storedCareCounts } from './careCounts';
import { listCommitments, type Commitment } from './commitments';
import { readMeta } from './community';
import { listDepartments } from './departments';
import { parseDocName } from './documents';
import type { Community } from './family';
import { listGrids } from './grids';
import { listMeetings } from './meetings';
import { bodyText, listReviews, listVersions, readVersionText } from './minutes';
import { listPairings } from './pairings';
import { listServiceLog, type ServiceEntry } from './serviceLog';
import { listStations } from './stations';
import { listTaskList } from './taskList';
import { listVolunteers } from './volunteers';

/** Records keyed by id, without their reading problems (those are gathered once, apart). */
function keyed<T extends { id: string; problems: string[] }, E extends object = object>(
	items: T[],
	problems: string[],
	extra?: E
): Record<string, E & Omit<T, 'id' | 'problems'>> {
	return Object.fromEntries(
		items.map(({ id, problems: recordProblems, ...rest }) => {
			problems.push(...recordProblems);
			return [id, { ...extra, ...rest } as E & Omit<T, 'id' | 'problems'>];
		})
	);
}

/**
 * The root document as plain JSON: `meta`, then every collection as a top-level key keyed by
 * record id as in the document, archived records included. `problems` appears only when some
 * content could not be read as the model expects.
 */
export function exportCommunity(root: Y.Doc) {
	const { problems: metaProblems, ...meta } = readMeta(root);
	const problems = [...metaProblems];
	const options = { includeArchived: true, problems };
	const out = {
		meta,
		grids: keyed(listGrids(root, options), problems),
		stations: keyed(listStations(root, options), problems),
		taskList: keyed(listTaskList(root, options), problems),
		departments: keyed(listDepartments(root, options), problems),
		volunteers: keyed(listVolunteers(root, options), problems),
		pairings: keyed(listPairings(root, options), problems),
		meetings: keyed(listMeetings(root, options), problems),
		openCases: Object.fromEntries(listOpenCaseRefs(root, { problems }).map(({ caseId, ...ref }) => [caseId, ref])),
		careCounts: storedCareCounts(root, problems)
	};
	const result: typeof out & { problems?: string[] } = problems.length ? { ...out, problems } : out;
	return result;
}

/**
 * The whole community, every document of the family merged: the root's collections, the
 * month documents' `cases` (with derived status and deadlines at `now`), `serviceLog` and
 * `activities`, each meeting's `minutes` (text, versions and who reviewed them) and each pairing's `commitments`.
 */
export async function exportFamily(community: Community, now = community.now()) {
	const { problems: rootProblems, ...root } = exportCommunity(await community.root());
	const problems = rootProblems ?? [];
	const cases: Record<string, Omit<Case, 'id' | 'problems'>> = {};
	const serviceLog: Record<string, Omit<ServiceEntry, 'id' | 'problems'>> = {};
	const activities: Record<string, Omit<Activity, 'id' | 'problems'>> = {};
	const minutes: Record<string, { text: string; versions: Record<string, unknown> }> = {};
	const commitments: Record<string, { pairing: string } & Omit<Commitment, 'id' | 'problems'>> = {};
	for (const name of await community.documents()) {
		const ref = parseDocName(name);
		if (!ref) continue;
		const options = { includeArchived: true, problems };
		if (ref.kind === 'period') {
			const doc = await community.period(ref.key);
			Object.assign(cases, keyed(listCases(doc, now, options), problems));
			Object.assign(serviceLog, keyed(listServiceLog(doc, options), problems));
			Object.assign(activities, keyed(listActivities(doc, options), problems));
		} else if (ref.kind === 'meeting') {
			const doc = await community.meeting(ref.key);
			const versions = listVersions(doc, { problems }).map((version) => {
				const { id, body: _body, ...rest } = version;
				const reviewedBy = Object.fromEntries(listReviews(doc, id).map((review) => [review.by, review.at]));
				return [id, { ...rest, text: readVersionText(version), reviewedBy }];
			});
			minutes[ref.key] = { text: bodyText(doc), versions: Object.fromEntries(versions) };
		} else if (ref.kind === 'pairing') {
			const doc = await community.pairing(ref.key);
			Object.assign(commitments, keyed(listCommitments(doc, options), problems, { pairing: ref.key }));
		}
	}
	const merged = { ...root, cases, serviceLog, activities, minutes, commitments };
	const result: typeof merged & { problems?: string[] } = problems.length ? { ...merged, problems } : merged;
	return result;
}
export type CommunityExport = Awaited<ReturnType<typeof exportFamily>>;
