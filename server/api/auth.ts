import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ID_PATTERN, type Role } from '../../src/lib/model';
import type { Accounts } from '../accounts/accounts';
import { PASSWORD_MAX_LENGTH, normaliseUsername } from '../accounts/accounts';
import { Throttle } from '../accounts/throttle';
import type { Tokens } from '../accounts/tokens';
import type { UserRow } from '../store/types';
import { HttpError, bearerToken, readJson, sendJson, validate } from './http';
import type { RouteHandler } from './router';

export interface AuthDeps {
	accounts: Accounts;
	tokens: Tokens;
}

/** Failed sign-ins slow down per username and, far more leniently (an office shares one), per address. */
export interface LoginThrottles {
	users: Throttle;
	addresses: Throttle;
}

export function loginThrottles(now?: () => number): LoginThrottles {
	return {
		users: new Throttle({ free: 5, maxWaitMs: 15 * 60_000, forgetMs: 60 * 60_000 }, now),
		addresses: new Throttle({ free: 50, maxWaitMs: 15 * 60_000, forgetMs: 60 * 60_000 }, now)
	};
}

export const field = (name: string, max: number) =>
	z
		.string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be text`) })
		.min(1, `${name} is required`)
		.max(max, `${name} is too long`);

const loginBody = z.object({
	username: field('username', 64),
	password: field('password', PASSWORD_MAX_LENGTH)
});

/** The signed-in user of a request, or a 401 that says what to do. */
export async function requireUser({ accounts, tokens }: AuthDeps, req: IncomingMessage): Promise<UserRow> {
	const challenge = { 'www-authenticate': 'Bearer' };
	const token = bearerToken(req);
	if (!token) throw new HttpError(401, 'sign in first: send Authorization: Bearer <token>', challenge);
	const verified = await tokens.verify(token);
	const user = verified ? await accounts.getUser(verified.userId) : null;
	if (!user) throw new HttpError(401, 'invalid or expired token: sign in again', challenge);
	return user;
}

/** The signed-in user and their role in the community the path names: 401, 404 or 403 otherwise. */
export async function requireMember(deps: AuthDeps, req: IncomingMessage, communityId: string): Promise<{ user: UserRow; role: Role }> {
	const user = await requireUser(deps, req);
	if (!ID_PATTERN.test(communityId) || !(await deps.accounts.getCommunity(communityId))) {
		throw new HttpError(404, `community ${JSON.stringify(communityId)} does not exist`);
	}
	const role = await deps.accounts.roleIn(user.id, communityId);
	if (!role) throw new HttpError(403, 'not a member of this community');
	return { user, role };
}

/** What signing in answers, also after accepting an invitation: a token and the memberships. */
export async function sessionOf(deps: AuthDeps, user: UserRow) {
	return {
		token: await deps.tokens.issue(user.id),
		user: { id: user.id, name: user.name },
		memberships: (await deps.accounts.membershipsOf(user.id)).map(({ communityId, role }) => ({ communityId, role }))
	};
}

export function login(deps: AuthDeps & { throttles: LoginThrottles }): RouteHandler {
	return async ({ req, res }) => {
		const { username, password } = validate(loginBody, await readJson(req));
		const { users, addresses } = deps.throttles;
		const name = normaliseUsername(username);
		const address = req.socket.remoteAddress ?? '';
		const wait = Math.max(users.waitFor(name), addresses.waitFor(address));
		if (wait > 0) {
			const seconds = String(Math.ceil(wait / 1000));
			throw new HttpError(429, `too many failed sign-ins: try again in ${seconds} s`, { 'retry-after': seconds });
		}
		const user = await deps.accounts.verifyLogin(username, password);
		if (!user) {
			users.fail(name);
			addresses.fail(address);
			throw new HttpError(401, 'wrong username or password');
		}
		users.succeed(name);
		sendJson(res, 200, await sessionOf(deps, user));
	};
}

/** Who the token belongs to and the communities they are in, with the members of each. */
export function me(deps: AuthDeps): RouteHandler {
	return async ({ req, res }) => {
		const user = await requireUser(deps, req);
		const communities = await Promise.all(
			(await deps.accounts.membershipsOf(user.id)).map(async ({ communityId, role }) => ({
				id: communityId,
				name: (await deps.accounts.getCommunity(communityId))?.name ?? communityId,
				role,
				members: (await deps.accounts.membersOf(communityId)).map((member) => ({
					id: member.userId,
					name: member.name,
					role: member.role
				}))
			}))
		);
		sendJson(res, 200, {
			user: { id: user.id, name: user.name, username: user.username },
			communities
		});
	};
}
