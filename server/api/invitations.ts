import { z } from 'zod';
import { LIMITS } from '../../src/lib/model';
import { PASSWORD_MAX_LENGTH } from '../accounts/accounts';
import { INVITATION_DAYS, type Invitations } from '../accounts/invitations';
import type { InvitationRow } from '../store/types';
import { field, requireUser, sessionOf, type AuthDeps } from './auth';
import { bearerToken, readJson, sendJson, validate } from './http';
import { mayAssign, requireManager, roleField } from './members';
import type { RouteHandler } from './router';

export interface InvitationDeps extends AuthDeps {
	invitations: Invitations;
}

/** The path of the app's page that accepts an invitation. */
export const inviteUrl = (token: string) => `/invite/${token}`;

const createBody = z.object({
	role: roleField,
	name: z.string().max(LIMITS.name, `name must be at most ${LIMITS.name} characters`).nullish(),
	expiresInDays: z
		.number({ error: 'expiresInDays must be a number of days' })
		.int('expiresInDays must be a whole number of days')
		.min(INVITATION_DAYS.min, `an invitation lasts at least ${INVITATION_DAYS.min} day`)
		.max(INVITATION_DAYS.max, `an invitation lasts at most ${INVITATION_DAYS.max} days`)
		.optional()
});

const acceptBody = z.object({
	username: field('username', 64),
	password: field('password', PASSWORD_MAX_LENGTH),
	name: z.string().max(LIMITS.name, `name must be at most ${LIMITS.name} characters`).optional()
});

const pending = (i: InvitationRow) => ({
	id: i.id,
	role: i.role,
	name: i.name,
	createdAt: i.createdAt,
	expiresAt: i.expiresAt
});

export function createInvitation(deps: InvitationDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const { user, assignable } = await requireManager(deps, req, params.id);
		const body = validate(createBody, await readJson(req));
		mayAssign(assignable, body.role, 'invite');
		const { invitation, token } = await deps.invitations.create({
			communityId: params.id,
			role: body.role,
			name: body.name,
			expiresInDays: body.expiresInDays,
			createdBy: user.id
		});
		sendJson(res, 201, { ...pending(invitation), url: inviteUrl(token) });
	};
}

/** The community's pending invitations; their tokens are not kept, so never shown again. */
export function listInvitations(deps: InvitationDeps): RouteHandler {
	return async ({ req, res, params }) => {
		await requireManager(deps, req, params.id);
		sendJson(res, 200, { invitations: (await deps.invitations.pending(params.id)).map(pending) });
	};
}

export function revokeInvitation(deps: InvitationDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const { assignable } = await requireManager(deps, req, params.id);
		const invitation = await deps.invitations.get(params.id, params.invitationId);
		mayAssign(assignable, invitation.role, 'withdraw an invitation of');
		await deps.invitations.revoke(params.id, invitation.id);
		res.writeHead(204, { 'cache-control': 'no-store' }).end();
	};
}

/** What the invitee sees before accepting; needs no sign-in, the link is the credential. */
export function showInvitation(deps: InvitationDeps): RouteHandler {
	return async ({ res, params }) => {
		const invitation = await deps.invitations.open(params.token);
		const community = await deps.accounts.getCommunity(invitation.communityId);
		sendJson(res, 200, {
			community: { id: invitation.communityId, name: community?.name ?? invitation.communityId },
			role: invitation.role,
			name: invitation.name,
			expiresAt: invitation.expiresAt
		});
	};
}

/**
 * Signed in (a Bearer token), the invitation adds the membership to that account; otherwise it
 * creates an account from the body. Either way the answer is a sign-in's.
 */
export function acceptInvitation(deps: InvitationDeps): RouteHandler {
	return async ({ req, res, params }) => {
		if (bearerToken(req)) {
			const user = await requireUser(deps, req);
			sendJson(res, 200, await sessionOf(deps, await deps.invitations.join(params.token, user)));
			return;
		}
		const body = validate(acceptBody, await readJson(req));
		const user = await deps.invitations.accept(params.token, body);
		sendJson(res, 200, await sessionOf(deps, user));
	};
}
