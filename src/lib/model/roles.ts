/** The roles a member can hold in a community; part of the public contract. */
export const ROLES = [
	'district-admin',
	'secretary',
	'gridworker',
	'liaison',
	'volunteer',
	'partner',
	'observer'
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The roles that manage a community's records ("managers" in docs/model.md). */
export const MANAGER_ROLES: readonly Role[] = ['district-admin', 'secretary'];

export function isManager(role: unknown): boolean {
	return isRole(role) && MANAGER_ROLES.includes(role);
}

/** The roles that raise cases and log patrols and visits: grid workers, and managers for them. */
export const CASE_REPORTER_ROLES: readonly Role[] = ['gridworker', ...MANAGER_ROLES];

export function canReportCases(role: unknown): boolean {
	return isRole(role) && CASE_REPORTER_ROLES.includes(role);
}

/**
 * The roles a member of `role` may give others (by invitation or by changing a member's role),
 * and so the memberships they may change: a secretary manages the community's members, except
 * the district's administrators above it.
 */
export function rolesAssignableBy(role: unknown): readonly Role[] {
	if (role === 'district-admin') return ROLES;
	if (role === 'secretary') return ROLES.filter((r) => r !== 'district-admin');
	return [];
}
