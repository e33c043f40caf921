import type { Role } from '../../src/lib/model';

export interface CommunityRow {
	id: string;
	name: string;
	createdAt: number;
}

export interface UserRow {
	id: string;
	username: string;
	name: string;
	passwordHash: string;
	createdAt: number;
}

export interface MembershipRow {
	userId: string;
	communityId: string;
	role: Role;
}

export interface MemberRow {
	userId: string;
	username: string;
	name: string;
	role: Role;
}

/** What the store holds of one Yjs document: the last snapshot and the updates logged since. */
export interface StoredDocument {
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
	/** Id of the newest logged update, 0 when none; a later compaction covers up to it. */
	lastUpdateId: number;
}

/**
 * Everything the server keeps, whatever the engine. Methods are synchronous: the relay must
 * append an update to the log before Hocuspocus acknowledges it to the client, and the only
 * place that runs before the acknowledgement without a wait is the document's own `update`
 * event (see STACK.md). An engine that can only commit asynchronously (PostgreSQL) needs the
 * relay to append in `beforeHandleMessage` instead, which awaits.
 */
export interface Store {
	/** Runs `fn` atomically: all of its writes commit, or none do. */
	transaction<T>(fn: () => T): T;

	createCommunity(community: { id: string; name: string }): CommunityRow;
	getCommunity(id: string): CommunityRow | null;
	listCommunities(): CommunityRow[];

	createUser(user: { id: string; username: string; name: string; passwordHash: string }): UserRow;
	getUser(id: string): UserRow | null;
	findUserByUsername(username: string): UserRow | null;
	setPasswordHash(userId: string, passwordHash: string): void;
	listUsers(): UserRow[];

	/** Grants `role`, replacing the role the user held in that community, if any. */
	setMembership(membership: MembershipRow): void;
	getMembership(userId: string, communityId: string): MembershipRow | null;
	membershipsOf(userId: string): MembershipRow[];
	membersOf(communityId: string): MemberRow[];

	loadDocument(name: string): StoredDocument;
	/** Names of the stored documents of a community's family: the root and `root:…`. */
	listDocuments(communityId: string): string[];
	/** Logs one update as received; returns its id. Committed when this returns. */
	appendUpdate(name: string, update: Uint8Array): number;
	/** Replaces the snapshot and drops the logged updates it covers (ids up to `throughUpdateId`). */
	storeSnapshot(name: string, snapshot: Uint8Array, throughUpdateId: number): void;

	close(): void;
}
