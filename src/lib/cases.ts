import type { Readable } from 'svelte/store';
import type { Account } from '$lib/account';
import type { Locale } from '$lib/i18n';
import {
	departmentsOfLiaison,
	isOpenStatus,
	listCases,
	listDepartments,
	listGrids,
	listOpenCaseRefs,
	listTaskList,
	readMeta,
	recentPeriods,
	type Case,
	type CaseActor,
	type Community,
	type Department,
	type Grid,
	type TaskItem
} from '$lib/model';
import { liveRead, sessionFor, type LiveRead } from '$lib/sync';
import { viewerIn, type Viewer } from '$lib/ui/communityPage.svelte';

/** What the case screens of one community read: its names and its cases, live. */
export interface CommunityCases {
	id: string;
	name: string;
	/** Archived ones included: old cases still name them. */
	grids: Grid[];
	departments: Department[];
	taskList: TaskItem[];
	/** Every case of the recent months (archived included) and the open cases of older months, newest first. */
	cases: Case[];
	/** What the signed-in user is in this community, for the steps the flow offers them. */
	actor: CaseActor;
}

/** One community's case data, as `communityPage` reads it (live over every document it opens). */
export async function readCases(community: Community, viewer: Viewer): Promise<CommunityCases> {
	const root = await community.root();
	const now = community.now();
	const recent = recentPeriods(now);
	// The index names the months of open cases; older months are opened only for those.
	const older = [...new Set(listOpenCaseRefs(root).map((ref) => ref.period))].filter((p) => !recent.includes(p));
	const cases: Case[] = [];
	for (const period of [...recent, ...older.sort()]) {
		const doc = await community.period(period);
		const list = listCases(doc, now, { includeArchived: true });
		cases.push(...(recent.includes(period) ? list : list.filter((c) => !c.archived && isOpenStatus(c.status))));
	}
	const grids = listGrids(root, { includeArchived: true });
	return {
		id: community.id,
		name: readMeta(root).name || community.id,
		grids,
		departments: listDepartments(root, { includeArchived: true }),
		taskList: listTaskList(root, { includeArchived: true }),
		cases: cases.sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? -1 : 1)),
		actor: {
			role: viewer.role,
			grids: grids.filter((g) => !g.archived && g.workers.includes(viewer.userId)).map((g) => g.id),
			departments: departmentsOfLiaison(root, viewer.userId).map((d) => d.id)
		}
	};
}

/** The communities of the account, each with its case data, live: a liaison's "my cases" reads them all. */
export function everyCommunityCases(account: Account): Readable<LiveRead<CommunityCases[]>> {
	const ids = [...new Set(account.memberships.map((m) => m.communityId))];
	return liveRead((watch) => {
		const session = sessionFor(account);
		return Promise.all(ids.map((id) => readCases(session.community(id, watch), viewerIn(account, id))));
	});
}

/** The grids the user reports and logs in: a grid worker's own, or all for whoever has none. */
export function reportingGrids(data: CommunityCases): Grid[] {
	const mine = data.actor.grids;
	return data.grids.filter((g) => !g.archived && (mine.length === 0 || mine.includes(g.id)));
}

/** The open cases waiting on the user's departments in one community. */
export function casesForLiaison(data: CommunityCases): Case[] {
	return data.cases.filter((c) => !c.archived && isOpenStatus(c.status) && data.actor.departments.includes(c.department));
}

/** Labels of what a case names, for the lists and the detail; departments in English when asked. */
export function namesIn(data: CommunityCases, locale: Locale) {
	const department = (id: string) => data.departments.find((d) => d.id === id);
	return {
		grid: (id: string) => data.grids.find((g) => g.id === id)?.name ?? id,
		department: (id: string) => {
			const found = department(id);
			return (locale === 'en' && found?.nameEn) || found?.name || id;
		},
		taskItem: (id: string) => data.taskList.find((item) => item.id === id)?.title ?? ''
	};
}

/**
 * The events of a case that this user wrote and the relay does not hold yet (未发送): no relay
 * stamp while the device still has changes the relay has not confirmed. An event without a
 * stamp that came from elsewhere (seeded or imported data) is not "unsent".
 */
export function unsentEvents(c: Case, userId: string, pending: number | null): Set<string> {
	if (pending === 0) return new Set();
	return new Set(c.events.filter((e) => e.relayAt === undefined && e.by === userId).map((e) => e.id));
}
