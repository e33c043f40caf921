import type { Role } from '$lib/model';
import type { SignIn } from '$lib/account';

/** A member of a community as the secretary manages them (GET /api/communities/<id>/members). */
export interface ManagedMember {
	id: string;
	username: string;
	name: string;
	role: Role;
}

export interface PendingInvitation {
	id: string;
	role: Role;
	name: string | null;
	createdAt: number;
	expiresAt: number;
}

/** What an invitation link shows before it is accepted. */
export interface InvitationView {
	community: { id: string; name: string };
	role: Role;
	name: string | null;
	expiresAt: number;
}

/**
 * A refused or failed request: `status` 0 when the server could not be reached; `state` says
 * why an invitation link is dead (used, expired, revoked); `message` is the server's own words.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly state?: string
	) {
		super(message);
	}
}

/** A JSON request to the API with the bearer token; refusals and network failures as `ApiError`. */
export async function call<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			headers: {
				...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
				...(options.token ? { authorization: `Bearer ${options.token}` } : {})
			},
			body: options.body === undefined ? undefined : JSON.stringify(options.body)
		});
	} catch {
		throw new ApiError(0, 'network');
	}
	const text = await response.text();
	const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
	if (!response.ok) throw new ApiError(response.status, String(body.error ?? response.statusText), body.state as string | undefined);
	return body as T;
}

const community = (id: string) => `/api/communities/${encodeURIComponent(id)}`;

export const listMembers = async (token: string, communityId: string) =>
	(await call<{ members: ManagedMember[] }>('GET', `${community(communityId)}/members`, { token })).members;

export const changeRole = (token: string, communityId: string, userId: string, role: Role) =>
	call<ManagedMember>('PATCH', `${community(communityId)}/members/${encodeURIComponent(userId)}`, { token, body: { role } });

export const removeMember = (token: string, communityId: string, userId: string) =>
	call<void>('DELETE', `${community(communityId)}/members/${encodeURIComponent(userId)}`, { token });

export const listInvitations = async (token: string, communityId: string) =>
	(await call<{ invitations: PendingInvitation[] }>('GET', `${community(communityId)}/invitations`, { token })).invitations;

export const createInvitation = (
	token: string,
	communityId: string,
	body: { role: Role; name?: string; expiresInDays: number }
) => call<PendingInvitation & { url: string }>('POST', `${community(communityId)}/invitations`, { token, body });

export const revokeInvitation = (token: string, communityId: string, id: string) =>
	call<void>('DELETE', `${community(communityId)}/invitations/${encodeURIComponent(id)}`, { token });

export const showInvitation = (inviteToken: string) =>
	call<InvitationView>('GET', `/api/invitations/${encodeURIComponent(inviteToken)}`);

/** With `token` (signed in), joins with that account; otherwise creates one from `body`. */
export const acceptInvitation = (
	inviteToken: string,
	options: { token: string } | { body: { username: string; password: string; name: string } }
) => call<SignIn>('POST', `/api/invitations/${encodeURIComponent(inviteToken)}/accept`, 'token' in options ? { token: options.token, body: {} } : options);
