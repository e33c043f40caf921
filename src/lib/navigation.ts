import type { MessageKey } from '$lib/i18n';
import { CASE_REPORTER_ROLES, MANAGER_ROLES, ROLES, SEARCH_KINDS, type Role, type SearchKind } from '$lib/model';

/**
 * The sections of a community's workspace and who is shown each: the UI offers a role what
 * concerns it (the relay enforces access on its own).
 */
export interface Section {
	path: string;
	label: MessageKey;
	roles: readonly Role[];
}

const everyoneBut = (...excluded: Role[]) => ROLES.filter((role) => !excluded.includes(role));

export const SECTIONS: readonly Section[] = [
	{ path: 'grids', label: 'nav.grids', roles: everyoneBut('partner') },
	{ path: 'cases', label: 'nav.cases', roles: everyoneBut('partner', 'volunteer') },
	{ path: 'cases/new', label: 'nav.reportCase', roles: CASE_REPORTER_ROLES },
	{ path: 'patrol', label: 'nav.patrol', roles: CASE_REPORTER_ROLES },
	// Care team members of other roles are shown it too (`sectionsFor`'s `careTeam`).
	{ path: 'care', label: 'nav.care', roles: ['secretary', 'gridworker'] },
	{ path: 'me', label: 'nav.me', roles: ['volunteer'] },
	{ path: 'activities', label: 'nav.activities', roles: everyoneBut('partner') },
	{ path: 'meetings', label: 'nav.meetings', roles: everyoneBut('partner') },
	{ path: 'volunteers', label: 'nav.volunteers', roles: ['district-admin', 'secretary', 'gridworker', 'observer'] },
	{ path: 'pairings', label: 'nav.pairings', roles: everyoneBut('volunteer') },
	{ path: 'departments', label: 'nav.departments', roles: everyoneBut('partner', 'volunteer') },
	{ path: 'dashboard', label: 'nav.dashboard', roles: [...MANAGER_ROLES, 'gridworker', 'observer'] },
	{ path: 'members', label: 'nav.members', roles: MANAGER_ROLES }
];

/** Where a role's day starts, when it is not the grid board: shown first, and landed on. */
const HOME: Partial<Record<Role, string>> = { volunteer: 'me', partner: 'pairings', liaison: 'cases' };

/**
 * The sections shown to a member of `role`; `careTeam` says the member is on some grid's care
 * team (the server's answer, kept on the device), which shows the care records whatever the role.
 */
export function sectionsFor(role: string, { careTeam = false }: { careTeam?: boolean } = {}): Section[] {
	const shown = SECTIONS.filter(
		(section) => (section.roles as readonly string[]).includes(role) || (section.path === 'care' && careTeam && role !== 'district-admin')
	);
	const home = shown.find((section) => section.path === HOME[role as Role]);
	return home ? [home, ...shown.filter((section) => section !== home)] : shown;
}

/** Where a member of this role lands in a community. */
export function landingPath(communityId: string, role: string): string {
	return `/c/${communityId}/${sectionsFor(role)[0]?.path ?? 'grids'}`;
}

/** The section a path of the community is in: the longest that holds it ("cases/new" over "cases"). */
export function sectionOf(sections: readonly Section[], subpath: string): Section | undefined {
	return sections
		.filter((section) => subpath === section.path || subpath.startsWith(`${section.path}/`))
		.sort((a, b) => b.path.length - a.path.length)[0];
}

/** The section that shows each kind of record search finds. */
const SECTION_OF_KIND: Record<SearchKind, string> = {
	grid: 'grids',
	case: 'cases',
	activity: 'activities',
	meeting: 'meetings',
	volunteer: 'volunteers',
	pairing: 'pairings'
};

/** Search finds for a role only what its sections show it. */
export function searchKindsFor(role: string): SearchKind[] {
	const shown = new Set(sectionsFor(role).map((section) => section.path));
	return SEARCH_KINDS.filter((kind) => shown.has(SECTION_OF_KIND[kind]));
}

/** Where a found record is shown: its own page, or its card on the section's list. */
export function recordPath(communityId: string, kind: SearchKind, id: string): string {
	const section = `/c/${communityId}/${SECTION_OF_KIND[kind]}`;
	return kind === 'grid' || kind === 'volunteer' ? `${section}#${kind}-${id}` : `${section}/${id}`;
}
