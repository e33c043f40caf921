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
	type Department,
	type Grid,
	type TaskItem
} from '$lib/model';
import { liveLoad, sessionFor } from '$lib/sync';
import type * as Y from 'yjs';

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

async function readCommunity(account: Account, communityId: string): Promise<{ docs: Y.Doc[]; value: CommunityCases }> {
	const community = sessionFor(account).community(communityId);
	const root = await community.root();
	const now = Date.now();
	const recent = recentPeriods(now);
	// The index names the months of open cases; older months are opened only for those.
	const older = [...new Set(listOpenCaseRefs(root).map((ref) => ref.period))].filter((p) => !recent.includes(p));
	const docs: Y.Doc[] = [root];
	const cases: Case[] = [];
	for (const period of [...recent, ...older.sort()]) {
		const doc = await community.period(period);
		docs.push(doc);
		const list = listCases(doc, now, { includeArchived: true });
		cases.push(...(recent.includes(period) ? list : list.filter((c) => !c.archived && isOpenStatus(c.status))));
	}
	const grids = listGrids(root, { includeArchived: true });
	const me = account.user.id;
	const role = roleIn(account, communityId);
	return {
		docs,
		value: {
			id: communityId,
			name: readMeta(root).name || (account.communities.find((c) => c.id === communityId)?.name ?? communityId),
			grids,
			departments: listDepartments(root, { includeArchived: true }),
			taskList: listTaskList(root, { includeArchived: true }),
			cases: cases.sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? -1 : 1)),
			actor: {
				role,
				grids: grids.filter((g) => !g.archived && g.workers.includes(me)).map((g) => g.id),
				departments: departmentsOfLiaison(root, me).map((d) => d.id)
			}
		}
	};
}

/** One community's case data, re-read whenever any of its documents changes. */
export function communityCases(account: Account, communityId: string): Readable<CommunityCases | null> {
	return liveLoad(() => readCommunity(account, communityId));
}

/** The communities of the account, each with its case data: a liaison's "my cases" reads them all. */
export function everyCommunityCases(account: Account): Readable<CommunityCases[] | null> {
	const ids = [...new Set(account.memberships.map((m) => m.communityId))];
	return liveLoad(async () => {
		const read = await Promise.all(ids.map((id) => readCommunity(account, id)));
		return { docs: read.flatMap((r) => r.docs), value: read.map((r) => r.value) };
	});
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

/** The member's display name, from the membership list kept for offline use. */
export function memberName(account: Account, communityId: string, userId: string): string {
	if (userId === account.user.id) return account.user.name;
	const members = account.communities.find((c) => c.id === communityId)?.members ?? [];
	return members.find((m) => m.id === userId)?.name ?? userId;
}

/** The role the account holds in a community, '' when not a member. */
export function roleIn(account: Account, communityId: string): string {
	return account.memberships.find((m) => m.communityId === communityId)?.role ?? '';
}

/**
 * The events of a case that this user wrote and the relay does not hold yet (未发送): no relay
 * stamp while the device still has changes the relay has not confirmed. An event without a
 * stamp that came from elsewhere (seeded or imported data) is not "unsent".
 */
export function unsentEvents(c: Case, userId: string, pending: number): Set<string> {
	if (pending === 0) return new Set();
	return new Set(c.events.filter((e) => e.relayAt === undefined && e.by === userId).map((e) => e.id));
}

/** Grid workers and managers report cases and log patrols; the other roles read. */
export function canReport(role: string): boolean {
	return role === 'gridworker' || role === 'secretary' || role === 'district-admin';
}
