import type { Append, AttachmentRow, CareOpenQuery, CareOpenRow, CommunityRow, InvitationRow, LoggedUpdate, MemberRow, MembershipRow, UserRow } from './types';

export interface UnsealedRow {
	table: 'snapshots' | 'document_updates' | 'update_history';
	id: number;
	name: string;
	data: Uint8Array;
	/** A snapshot's checksum; '' for a logged update. */
	checksum: string;
}

export interface SnapshotMeta {
	id: number;
	checksum: string;
	through: number;
	createdAt: number;
}

/**
 * The statements a store engine runs, one method each, inside whatever transaction the engine
 * has open. What the store does with them (snapshot history, retention, checksums) is written
 * once, in store.ts, for every engine.
 */
export interface Tables {
	insertCommunity(row: CommunityRow): Promise<void>;
	getCommunity(id: string): Promise<CommunityRow | null>;
	listCommunities(): Promise<CommunityRow[]>;

	insertUser(row: UserRow): Promise<void>;
	getUser(id: string): Promise<UserRow | null>;
	findUserByUsername(username: string): Promise<UserRow | null>;
	setPasswordHash(userId: string, passwordHash: string): Promise<void>;
	listUsers(): Promise<UserRow[]>;

	upsertMembership(membership: MembershipRow): Promise<void>;
	getMembership(userId: string, communityId: string): Promise<MembershipRow | null>;
	membershipsOf(userId: string): Promise<MembershipRow[]>;
	deleteMembership(userId: string, communityId: string): Promise<void>;
	membersOf(communityId: string): Promise<MemberRow[]>;

	insertInvitation(row: InvitationRow): Promise<void>;
	getInvitation(id: string): Promise<InvitationRow | null>;
	findInvitationByTokenHash(tokenHash: string): Promise<InvitationRow | null>;
	pendingInvitations(communityId: string, now: number): Promise<InvitationRow[]>;
	/** Sets `used_at`/`used_by` where the row is still unused and unrevoked; whether it did. */
	useInvitation(id: string, userId: string, at: number): Promise<boolean>;
	/** Sets `revoked_at` where the row is still unused and unrevoked; whether it did. */
	revokeInvitation(id: string, at: number): Promise<boolean>;

	/** Snapshots of `name` taken by `at`, newest first, without their state. */
	snapshotsUpTo(name: string, at: number): Promise<SnapshotMeta[]>;
	snapshotState(id: number): Promise<Uint8Array>;
	/** Logged updates of `name` with an id above `after`, received by `at`, history included, oldest first. */
	logAfter(name: string, after: number, at: number): Promise<LoggedUpdate[]>;
	/** Inserts the updates, stamped `receivedAt`; their ids in the order given. */
	append(appends: readonly Append[], receivedAt: number): Promise<number[]>;
	insertSnapshot(name: string, state: Uint8Array, checksum: string, through: number, createdAt: number): Promise<number>;
	/** Moves the logged updates of `name` up to `through` into the history. */
	archiveLog(name: string, through: number): Promise<void>;
	/** The two snapshots of `name` just before `id`, newest first. */
	previousTwo(name: string, id: number): Promise<{ id: number; createdAt: number }[]>;
	deleteSnapshot(id: number): Promise<void>;
	/** Snapshots of `name` older than `id` taken by `cutoff`, newest first: candidates to prune below. */
	pruneBases(name: string, id: number, cutoff: number): Promise<SnapshotMeta[]>;
	/** Whether anything lies below the base: an older snapshot or history it covers. */
	prunable(name: string, baseId: number, through: number): Promise<boolean>;
	/** Drops the snapshots of `name` older than `baseId` and the history up to `through`. */
	pruneBelow(name: string, baseId: number, through: number): Promise<void>;
	/** When this database began keeping history (its upgrade to the history schema). */
	historyBegan(): Promise<number>;
	/** Names of `root` and of the documents named `root:…`, sorted. */
	listDocuments(root: string): Promise<string[]>;

	/**
	 * Rows of documents named like private ones (`…:private`, `…:private:grid:…`) whose bytes are
	 * not sealed, from the snapshots, the log and its history; a snapshot's with its checksum.
	 */
	unsealedRows(): Promise<UnsealedRow[]>;
	/** Replaces a row's bytes (and a snapshot's checksum). */
	rewriteRow(table: UnsealedRow['table'], id: number, data: Uint8Array, checksum: string): Promise<void>;

	insertCareOpens(rows: Omit<CareOpenRow, 'id'>[]): Promise<void>;
	careOpens(communityId: string, query: CareOpenQuery): Promise<CareOpenRow[]>;

	insertAttachment(row: AttachmentRow): Promise<void>;
	/** The attachment without its bytes, or null. */
	attachmentMeta(communityId: string, id: string): Promise<Omit<AttachmentRow, 'data'> | null>;
	getAttachment(communityId: string, id: string): Promise<AttachmentRow | null>;
	attachmentUsage(communityId: string): Promise<number>;
}

/** How an engine runs a unit of work: in one transaction, read-only or writing. */
export interface Engine {
	readonly name: 'sqlite' | 'postgres';
	atomically<T>(mode: 'read' | 'write', work: (tables: Tables) => Promise<T>): Promise<T>;
	/** The secret signing sign-in tokens, made on first use and then kept; the same for every process. */
	tokenSecret(): Promise<Uint8Array>;
	close(): Promise<void>;
}
