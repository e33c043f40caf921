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
import type { CommunityRow, MemberRow, MembershipRow, Store, UserRow } from '../store/types';
import { decoyHash, hashPassword, verifyPassword } from './passwords';

const PASSWORD_MIN_LENGTH = 8;
/** scrypt hashes whatever it is given: a bound keeps one login from costing much. */
export const PASSWORD_MAX_LENGTH = 256;
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

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
const displayNameSchema = z
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

	async createUser(input: { username: string; password: string; name?: string }): Promise<UserRow> {
		const username = check(usernameSchema, normaliseUsername(input.username));
		const password = check(passwordSchema, input.password);
		const name = check(displayNameSchema, input.name ?? username);
		if (this.store.findUserByUsername(username)) {
			throw new AccountError('exists', `user ${username} already exists`);
		}
		const passwordHash = await hashPassword(password);
		return this.store.createUser({ id: newId(), username, name, passwordHash });
	}

	findByUsername(username: string): UserRow | null {
		return this.store.findUserByUsername(normaliseUsername(username));
	}

	getUser(id: string): UserRow | null {
		return this.store.getUser(id);
	}

	listUsers(): UserRow[] {
		return this.store.listUsers();
	}

	/** The user when the password is theirs; null otherwise, taking as long either way. */
	async verifyLogin(username: string, password: string): Promise<UserRow | null> {
		const user = this.findByUsername(username);
		const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
		return user && matches ? user : null;
	}

	async setPassword(username: string, password: string): Promise<void> {
		const user = this.requireUser(username);
		this.store.setPasswordHash(user.id, await hashPassword(check(passwordSchema, password)));
	}

	/** Creates the community and its root document in one transaction. */
	addCommunity(input: { id: string; name: string }): CommunityRow {
		const id = check(communityIdSchema, input.id);
		const name = check(displayNameSchema, input.name);
		if (this.store.getCommunity(id)) throw new AccountError('exists', `community ${id} already exists`);
		const snapshot = newCommunitySnapshot(id, name);
		return this.store.transaction(() => {
			const row = this.store.createCommunity({ id, name });
			this.store.storeSnapshot(rootDocName(id), snapshot, 0);
			return row;
		});
	}

	getCommunity(id: string): CommunityRow | null {
		return this.store.getCommunity(id);
	}

	listCommunities(): CommunityRow[] {
		return this.store.listCommunities();
	}

	grant(username: string, communityId: string, role: string): MembershipRow {
		if (!isRole(role)) {
			throw new AccountError('invalid', `unknown role "${role}"; roles are: ${ROLES.join(', ')}`);
		}
		const user = this.requireUser(username);
		if (!this.store.getCommunity(communityId)) {
			throw new AccountError('not-found', `community ${communityId} does not exist`);
		}
		const membership = { userId: user.id, communityId, role };
		this.store.setMembership(membership);
		return membership;
	}

	roleIn(userId: string, communityId: string): Role | null {
		return this.store.getMembership(userId, communityId)?.role ?? null;
	}

	membershipsOf(userId: string): MembershipRow[] {
		return this.store.membershipsOf(userId);
	}

	membersOf(communityId: string): MemberRow[] {
		return this.store.membersOf(communityId);
	}

	private requireUser(username: string): UserRow {
		const user = this.findByUsername(username);
		if (!user) throw new AccountError('not-found', `user ${normaliseUsername(username)} does not exist`);
		return user;
	}
}
