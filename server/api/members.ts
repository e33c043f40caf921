import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ROLES, rolesAssignableBy, type Role } from '../../src/lib/model';
import type { UserRow } from '../store/types';
import { requireMember, type AuthDeps } from './auth';
import { HttpError, readJson, sendJson, validate } from './http';
import type { RouteHandler } from './router';

export const roleField = z.enum(ROLES, { error: `role must be one of: ${ROLES.join(', ')}` });

/**
 * The signed-in member managing the community's members (a secretary or a district admin),
 * with the roles they may hand out; 403 for anyone else.
 */
export async function requireManager(
	deps: AuthDeps,
	req: IncomingMessage,
	communityId: string
): Promise<{ user: UserRow; role: Role; assignable: readonly Role[] }> {
	const member = await requireMember(deps, req, communityId);
	const assignable = rolesAssignableBy(member.role);
	if (!assignable.length) throw new HttpError(403, "only the community's secretary or a district admin manages its members");
	return { ...member, assignable };
}

export function mayAssign(assignable: readonly Role[], role: Role, what: string): void {
	if (!assignable.includes(role)) throw new HttpError(403, `a secretary cannot ${what} a district admin`);
}

const roleBody = z.object({ role: roleField });

async function memberOf(deps: AuthDeps, communityId: string, userId: string) {
	const member = (await deps.accounts.membersOf(communityId)).find((m) => m.userId === userId);
	if (!member) throw new HttpError(404, 'no such member of this community');
	return member;
}

/** A manager may not change their own membership: a community must not lose its last secretary by a slip. */
function notSelf(user: UserRow, userId: string): void {
	if (user.id === userId) throw new HttpError(409, 'you cannot change your own membership; ask another secretary or a district admin');
}

const shown = (m: { userId: string; username: string; name: string; role: Role }) => ({
	id: m.userId,
	username: m.username,
	name: m.name,
	role: m.role
});

export function listMembers(deps: AuthDeps): RouteHandler {
	return async ({ req, res, params }) => {
		await requireManager(deps, req, params.id);
		sendJson(res, 200, { members: (await deps.accounts.membersOf(params.id)).map(shown) });
	};
}

/** Changes a member's role; their open connections close and reopen with it (relay/revocation.ts). */
export function changeRole(deps: AuthDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const { user, assignable } = await requireManager(deps, req, params.id);
		const { role } = validate(roleBody, await readJson(req));
		notSelf(user, params.userId);
		const member = await memberOf(deps, params.id, params.userId);
		mayAssign(assignable, member.role, 'change');
		mayAssign(assignable, role, 'make anyone');
		await deps.accounts.setRole(member.userId, params.id, role);
		sendJson(res, 200, shown({ ...member, role }));
	};
}

/** Ends a membership; the member's open connections close at once (relay/revocation.ts). */
export function removeMember(deps: AuthDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const { user, assignable } = await requireManager(deps, req, params.id);
		notSelf(user, params.userId);
		const member = await memberOf(deps, params.id, params.userId);
		mayAssign(assignable, member.role, 'remove');
		await deps.accounts.removeMember(member.userId, params.id);
		res.writeHead(204, { 'cache-control': 'no-store' }).end();
	};
}
