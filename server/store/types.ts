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

/**
 * One Yjs document as the store rebuilds it: the newest intact snapshot (by the time asked for)
 * and the updates logged after it.
 */
export interface StoredDocument {
	snapshot: Uint8Array | null;
	updates: Uint8Array[];
	/** Every logged update with an id up to this one is in `snapshot` + `updates`; 0 when none is. */
	throughUpdateId: number;
	/** Newer snapshots passed over because their checksum did not match. */
	corruptSnapshots: number;
}

export interface LoggedUpdate {
	id: number;
	data: Uint8Array;
}

/**
 * Why the store cannot give a document's state: none of its snapshots is intact, or the time
 * asked for is older than the history it keeps.
 */
export class StoreError extends Error {
	override name = 'StoreError';
	constructor(
		readonly code: 'corrupt' | 'beyondRetention',
		message: string
	) {
		super(message);
	}
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

	/** The document now: its newest intact snapshot and everything logged after it. */
	loadDocument(name: string): StoredDocument;
	/**
	 * The document as it was at `at` (epoch ms): the newest intact snapshot taken by then and the
	 * updates received by then. Throws a StoreError before `historyStart()`.
	 */
	loadDocumentAt(name: string, at: number): StoredDocument;
	/** The oldest time `loadDocumentAt` can rebuild: now minus the retention. */
	historyStart(): number;
	/** Names of the stored documents of a community's family: the root and `root:…`. */
	listDocuments(communityId: string): string[];
	/** Logs one update as received; returns its id. Committed when this returns. */
	appendUpdate(name: string, update: Uint8Array): number;
	/** Updates logged after `afterId`, oldest first, whichever process logged them. */
	updatesAfter(name: string, afterId: number): LoggedUpdate[];
	/**
	 * Adds a snapshot covering the logged updates up to `throughUpdateId` to the document's
	 * history, then drops what the retention no longer needs.
	 */
	storeSnapshot(name: string, snapshot: Uint8Array, throughUpdateId: number): void;

	close(): void;
}
