import * as Y from 'yjs';
import { z } from 'zod';
import {
	ID_PATTERN,
	LIMITS,
	ROLES,
	setUpCommunity,
	isRole,
	newId,
	rootDocName,
	type Role
} from '../../src/lib/model';
import type { CommunityRow, MemberRow, MembershipRow, Store, StoreOperations, UserRow } from '../store/types';
import { decoyHash, hashPassword, verifyPassword } from './passwords';

const PASSWORD_MIN_LENGTH = 8;
/** scrypt hashes whatever it is given: a bound keeps one login from costing much. */
export const PASSWORD_MAX_LENGTH = 256;
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface NewUser {
	username: string;
	password: string;
	name?: string;
}

/** PostgreSQL's SQLSTATE for a unique index refusing a row. */
export const UNIQUE_VIOLATION = '23505';

export function taken(username: string): AccountError {
	return new AccountError('exists', `username ${username} is already taken`);
}

/** A refused account operation; `message` is plain English for the CLI and the API. */
export class AccountError extends Error {
	override name = 'AccountError';
	constructor(
		readonly code: 'invalid' | 'exists' | 'not-found',
		message: string
	) {
		super(message);
	}
}

const usernameSchema = z
	.string()
	.regex(USERNAME_PATTERN, 'username must be 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');
const passwordSchema = z
	.string()
	.min(PASSWORD_MIN_LENGTH, `password must be at least ${PASSWORD_MIN_LENGTH} characters`)
	.max(PASSWORD_MAX_LENGTH, `password must be at most ${PASSWORD_MAX_LENGTH} characters`);
export const displayNameSchema = z
	.string()
	.trim()
	.min(1, 'name must not be empty')
	.max(LIMITS.name, `name must be at most ${LIMITS.name} characters`);
const communityIdSchema = z
	.string()
	.regex(ID_PATTERN, 'community id must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit');

function check<T>(schema: z.ZodType<T>, value: unknown): T {
	const result = schema.safeParse(value);
	if (!result.success) throw new AccountError('invalid', result.error.issues[0].message);
	return result.data;
}

/** Usernames are stored lowercase; people type them however they like. */
export function normaliseUsername(username: string): string {
	return username.trim().toLowerCase();
}

/** The state of a new community's root document, ready to store as its first snapshot. */
function newCommunitySnapshot(id: string, name: string): Uint8Array {
	const doc = new Y.Doc();
	setUpCommunity(doc, { id, name });
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}

export class Accounts {
	constructor(private readonly store: Store) {}

	async createUser(input: NewUser): Promise<UserRow> {
		return this.store.createUser(await this.prepareUser(input));
	}

	/**
	 * A new account's row, checked and with its password hashed, for a caller that stores it in a
	 * transaction of its own (an invitation's acceptance); the username is checked again there.
	 */
	async prepareUser(input: NewUser): Promise<Omit<UserRow, 'createdAt'>> {
		const username = check(usernameSchema, normaliseUsername(input.username));
		const password = check(passwordSchema, input.password);
		const name = check(displayNameSchema, input.name ?? username);
		await this.ensureUsernameFree(username, this.store);
		return { id: newId(), username, name, passwordHash: await hashPassword(password) };
	}

	async ensureUsernameFree(username: string, store: StoreOperations): Promise<void> {
		if (await store.findUserByUsername(username)) throw taken(username);
	}

	findByUsername(username: string): Promise<UserRow | null> {
		return this.store.findUserByUsername(normaliseUsername(username));
	}

	getUser(id: string): Promise<UserRow | null> {
		return this.store.getUser(id);
	}

	listUsers(): Promise<UserRow[]> {
		return this.store.listUsers();
	}

	/** The user when the password is theirs; null otherwise, taking as long either way. */
	async verifyLogin(username: string, password: string): Promise<UserRow | null> {
		const user = await this.findByUsername(username);
		const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
		return user && matches ? user : null;
	}

	async setPassword(username: string, password: string): Promise<void> {
		const user = await this.requireUser(username);
		await this.store.setPasswordHash(user.id, await hashPassword(check(passwordSchema, password)));
	}

	/** Creates the community and its root document in one transaction. */
	async addCommunity(input: { id: string; name: string }): Promise<CommunityRow> {
		const id = check(communityIdSchema, input.id);
		const name = check(displayNameSchema, input.name);
		const snapshot = newCommunitySnapshot(id, name);
		return this.store.transaction(async (tx) => {
			if (await tx.getCommunity(id)) throw new AccountError('exists', `community ${id} already exists`);
			const row = await tx.createCommunity({ id, name });
			await tx.storeSnapshot(rootDocName(id), snapshot, 0);
			return row;
		});
	}

	getCommunity(id: string): Promise<CommunityRow | null> {
		return this.store.getCommunity(id);
	}

	listCommunities(): Promise<CommunityRow[]> {
		return this.store.listCommunities();
	}

	async grant(username: string, communityId: string, role: string): Promise<MembershipRow> {
		if (!isRole(role)) {
			throw new AccountError('invalid', `unknown role "${role}"; roles are: ${ROLES.join(', ')}`);
		}
		const user = await this.requireUser(username);
		if (!(await this.store.getCommunity(communityId))) {
			throw new AccountError('not-found', `community ${communityId} does not exist`);
		}
		const membership = { userId: user.id, communityId, role };
		await this.store.setMembership(membership);
		return membership;
	}

	/** Takes the user's role in the community away; their open connections to it close (revocation.ts). */
	async revoke(username: string, communityId: string): Promise<void> {
		const user = await this.requireUser(username);
		const membership = await this.store.getMembership(user.id, communityId);
		if (!membership) throw new AccountError('not-found', `${user.username} is not a member of ${communityId}`);
		await this.removeMember(user.id, communityId);
	}

	/** Replaces a member's role; their open connections reopen with the new one (revocation.ts). */
	setRole(userId: string, communityId: string, role: Role): Promise<void> {
		return this.store.setMembership({ userId, communityId, role });
	}

	removeMember(userId: string, communityId: string): Promise<void> {
		return this.store.deleteMembership(userId, communityId);
	}

	async roleIn(userId: string, communityId: string): Promise<Role | null> {
		return (await this.memberOf(userId, communityId))?.role ?? null;
	}

	memberOf(userId: string, communityId: string): Promise<MembershipRow | null> {
		return this.store.getMembership(userId, communityId);
	}

	membershipsOf(userId: string): Promise<MembershipRow[]> {
		return this.store.membershipsOf(userId);
	}

	membersOf(communityId: string): Promise<MemberRow[]> {
		return this.store.membersOf(communityId);
	}

	private async requireUser(username: string): Promise<UserRow> {
		const user = await this.findByUsername(username);
		if (!user) throw new AccountError('not-found', `user ${normaliseUsername(username)} does not exist`);
		return user;
	}
}
