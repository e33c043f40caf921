import {
	hoursByVolunteer,
	listActivitiesIn,
	listGrids,
	listServiceLogIn,
	listVolunteers,
	periodsOfYear,
	shiftPeriod,
	totalsOf,
	type Activity,
	type Community,
	type Grid,
	type ServiceEntry,
	type ServiceTotals,
	type Volunteer
} from '$lib/model';
import type * as Y from 'yjs';

/** The roster and this year's work of a community, for the roster and a volunteer's own page. */
export interface VolunteerYear {
	root: Y.Doc;
	now: number;
	volunteers: Volunteer[];
	grids: Grid[];
	/** This year's activities and those already scheduled for the next two months. */
	activities: Activity[];
	entries: ServiceEntry[];
	services: ServiceTotals;
	/** Hours attended at this year's activities, by volunteer id. */
	activityHours: Record<string, number>;
}

export async function readVolunteerYear(community: Community): Promise<VolunteerYear> {
	const now = community.now();
	const year = periodsOfYear(now);
	const current = year[year.length - 1];
	const ahead = [shiftPeriod(current, -1), shiftPeriod(current, -2)];
	const [root, entries, activities] = await Promise.all([
		community.root(),
		listServiceLogIn(community, year, { includeArchived: true }),
		listActivitiesIn(community, [...year, ...ahead], { includeArchived: true })
	]);
	const thisYear = activities.filter((a) => year.includes(a.id.slice(0, 7)));
	return {
		root,
		now,
		volunteers: listVolunteers(root, { includeArchived: true }),
		grids: listGrids(root, { includeArchived: true }),
		activities,
		entries,
		services: totalsOf(entries),
		activityHours: hoursByVolunteer(thisYear)
	};
}

/** Hours shown for a volunteer: attended activities plus logged services, 2 decimals. */
export function yearHours(year: VolunteerYear, volunteerId: string): number {
	const services = year.services.byVolunteer[volunteerId]?.minutes ?? 0;
	return Math.round(((year.activityHours[volunteerId] ?? 0) + services / 60) * 100) / 100;
}
