import { createHash, randomBytes } from 'node:crypto';
import { ROLES, isRole, newId } from '../../src/lib/model';
import type { InvitationRow, Store, StoreOperations, UserRow } from '../store/types';
import { AccountError, UNIQUE_VIOLATION, displayNameSchema, taken, type Accounts, type NewUser } from './accounts';

export const INVITATION_DAYS = { default: 7, min: 1, max: 30 } as const;
const DAY_MS = 86_400_000;

/** 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Why an invitation link no longer works; each is a 410 for the API. */
export type InvitationState = 'pending' | 'used' | 'expired' | 'revoked';

export const INVITATION_GONE: Record<Exclude<InvitationState, 'pending'>, string> = {
	used: 'this invitation has already been used',
	expired: 'this invitation has expired: ask for a new one',
	revoked: 'this invitation was withdrawn: ask for a new one'
};

/** A refused invitation operation; `gone` carries which of the three a dead link is. */
export class InvitationError extends Error {
	override name = 'InvitationError';
	constructor(
		readonly code: 'not-found' | 'gone' | 'member',
		message: string,
		readonly state?: Exclude<InvitationState, 'pending'>
	) {
		super(message);
	}
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function stateOf(invitation: InvitationRow, now: number): InvitationState {
	if (invitation.usedAt !== null) return 'used';
	if (invitation.revokedAt !== null) return 'revoked';
	return invitation.expiresAt <= now ? 'expired' : 'pending';
}

function gone(state: Exclude<InvitationState, 'pending'>): InvitationError {
	return new InvitationError('gone', INVITATION_GONE[state], state);
}

const unknownLink = () => new InvitationError('not-found', 'no such invitation: check the link');

/**
 * One-time links that let someone join a community with a role. The token is shown once, to the
 * inviter; only its SHA-256 is stored, so a copy of the database opens no door. Accepting uses
 * the invitation up in the same transaction that creates the membership: of two accepts racing,
 * one joins and the other is told the link was used.
 */
export class Invitations {
	constructor(
		private readonly store: Store,
		private readonly accounts: Accounts,
		private readonly now: () => number = Date.now
	) {}

	async create(input: {
		communityId: string;
		role: string;
		name?: string | null;
		expiresInDays?: number;
		createdBy: string | null;
	}): Promise<{ invitation: InvitationRow; token: string }> {
		if (!isRole(input.role)) {
			throw new AccountError('invalid', `unknown role "${input.role}"; roles are: ${ROLES.join(', ')}`);
		}
		const days = input.expiresInDays ?? INVITATION_DAYS.default;
		if (!Number.isInteger(days) || days < INVITATION_DAYS.min || days > INVITATION_DAYS.max) {
			throw new AccountError('invalid', `an invitation lasts ${INVITATION_DAYS.min} to ${INVITATION_DAYS.max} whole days`);
		}
		const name = input.name == null || input.name.trim() === '' ? null : parseName(input.name);
		if (!(await this.store.getCommunity(input.communityId))) {
			throw new AccountError('not-found', `community ${input.communityId} does not exist`);
		}
		const token = randomBytes(32).toString('base64url');
		const createdAt = this.now();
		const invitation = await this.store.createInvitation({
			id: newId(),
			communityId: input.communityId,
			role: input.role,
			name,
			tokenHash: hashToken(token),
			createdBy: input.createdBy,
			createdAt,
			expiresAt: createdAt + days * DAY_MS
		});
		return { invitation, token };
	}

	pending(communityId: string): Promise<InvitationRow[]> {
		return this.store.pendingInvitations(communityId, this.now());
	}

	/** The community's invitation with this id, whatever its state; refused when there is none. */
	async get(communityId: string, id: string): Promise<InvitationRow> {
		const invitation = await this.store.getInvitation(id);
		if (!invitation || invitation.communityId !== communityId) throw unknownLink();
		return invitation;
	}

	/** Withdraws a pending (or expired) invitation of the community; a used, revoked or unknown one is refused. */
	async revoke(communityId: string, id: string): Promise<InvitationRow> {
		const invitation = await this.get(communityId, id);
		const state = stateOf(invitation, this.now());
		if (state === 'used' || state === 'revoked') throw gone(state);
		if (!(await this.store.revokeInvitation(id, this.now()))) throw gone('used');
		return invitation;
	}

	/** The pending invitation a link's token opens; refused when unknown, used, expired or revoked. */
	async open(token: string): Promise<InvitationRow> {
		const invitation = TOKEN_PATTERN.test(token) ? await this.store.findInvitationByTokenHash(hashToken(token)) : null;
		if (!invitation) throw unknownLink();
		const state = stateOf(invitation, this.now());
		if (state !== 'pending') throw gone(state);
		return invitation;
	}

	/** Creates the invitee's account (named as invited unless they say otherwise) and membership, using the invitation up. */
	async accept(token: string, input: NewUser): Promise<UserRow> {
		// Checked before hashing the password: a dead link is the answer, not a password rule.
		const invitation = await this.open(token);
		const name = input.name?.trim() || invitation.name || undefined;
		const prepared = await this.accounts.prepareUser({ ...input, name });
		return this.use(token, prepared.id, async (tx, invitation) => {
			await this.accounts.ensureUsernameFree(prepared.username, tx);
			const user = await tx.createUser(prepared).catch((error: unknown) => {
				// Two invitees taking the same new username at once: neither check above saw the
				// other's uncommitted row, and PostgreSQL's unique index refuses the second.
				if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw taken(prepared.username);
				throw error;
			});
			await tx.setMembership({ userId: user.id, communityId: invitation.communityId, role: invitation.role });
			return user;
		});
	}

	/** Gives an existing account the invitation's membership, using the invitation up. */
	async join(token: string, user: UserRow): Promise<UserRow> {
		return this.use(token, user.id, async (tx, invitation) => {
			if (await tx.getMembership(user.id, invitation.communityId)) {
				throw new InvitationError('member', `${user.username} is already a member of this community`);
			}
			await tx.setMembership({ userId: user.id, communityId: invitation.communityId, role: invitation.role });
			return user;
		});
	}

	/**
	 * Marks the invitation used by `userId` first: a racing accept waits on that row (PostgreSQL)
	 * or on the whole transaction (SQLite), then finds it used; anything `work` throws undoes it.
	 */
	private use<T>(token: string, userId: string, work: (tx: StoreOperations, invitation: InvitationRow) => Promise<T>): Promise<T> {
		return this.store.transaction(async (tx) => {
			const invitation = await tx.findInvitationByTokenHash(hashToken(token));
			if (!invitation) throw unknownLink();
			const state = stateOf(invitation, this.now());
			if (state !== 'pending') throw gone(state);
			if (!(await tx.useInvitation(invitation.id, userId, this.now()))) throw gone('used');
			return work(tx, invitation);
		});
	}
}

function parseName(value: string): string {
	const result = displayNameSchema.safeParse(value);
	if (!result.success) throw new AccountError('invalid', result.error.issues[0].message);
	return result.data;
}
