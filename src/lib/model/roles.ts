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
