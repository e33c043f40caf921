import type { MessageKey } from '$lib/i18n';
import { ROLES, type Role } from '$lib/model';

/**
 * The sections of a community's workspace and who is shown each: the UI offers a role what
 * concerns it (the relay enforces access on its own). The first section a role sees is where
 * it lands when it opens the community.
 */
export interface Section {
	path: string;
	label: MessageKey;
	roles: readonly Role[];
}

const everyoneBut = (...excluded: Role[]) => ROLES.filter((role) => !excluded.includes(role));

export const SECTIONS: readonly Section[] = [
	{ path: 'me', label: 'nav.me', roles: ['volunteer'] },
	{ path: 'pairings', label: 'nav.pairings', roles: ['partner'] },
	{ path: 'grids', label: 'nav.grids', roles: everyoneBut('partner') },
	{ path: 'activities', label: 'nav.activities', roles: everyoneBut('partner') },
	{ path: 'volunteers', label: 'nav.volunteers', roles: ['district-admin', 'secretary', 'gridworker', 'observer'] },
	{ path: 'pairings', label: 'nav.pairings', roles: everyoneBut('partner', 'volunteer') }
];

export function sectionsFor(role: string): Section[] {
	return SECTIONS.filter((section) => (section.roles as readonly string[]).includes(role));
}

/** Where a member of this role lands in a community. */
export function landingPath(communityId: string, role: string): string {
	return `/c/${communityId}/${sectionsFor(role)[0]?.path ?? 'grids'}`;
}
