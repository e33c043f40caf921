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

/** A one-time invitation to join a community with a role; the token itself is never stored. */
export interface InvitationRow {
	id: string;
	communityId: string;
	role: Role;
	/** Who it is for, as the inviter wrote it; the invitee may change it. */
	name: string | null;
	/** SHA-256 (hex) of the token in the link. */
	tokenHash: string;
	/** The member who made it; null when made with the admin CLI. */
	createdBy: string | null;
	createdAt: number;
	expiresAt: number;
	usedAt: number | null;
	usedBy: string | null;
	revokedAt: number | null;
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

/** A photo's bytes and what is known of them, keyed by community and the SHA-256 of the bytes. */
export interface AttachmentRow {
	communityId: string;
	id: string;
	contentType: string;
	size: number;
	data: Uint8Array;
	createdBy: string;
	createdAt: number;
}

/** Someone opened a household's care record (docs/access.md, "Audit"): ids and times only. */
export interface CareOpenRow {
	id: number;
	communityId: string;
	grid: string;
	household: string;
	userId: string;
	/** The device's time of the opening (it may have been queued offline). */
	openedAt: number;
	receivedAt: number;
}

/** Which openings to list, newest first. */
export interface CareOpenQuery {
	grid?: string;
	household?: string;
	/** Only rows with a smaller id (the next page). */
	beforeId?: number;
	limit: number;
}

/** One update to log: the document it belongs to, its bytes, and who sent it (the audit trail). */
export interface Append {
	name: string;
	update: Uint8Array;
	/** The account whose connection sent it; absent for the relay's own writes and the admin CLI's. */
	userId?: string;
	/** The id of the WebSocket it came through (the `conn` of the logs). */
	connection?: string;
}

/**
 * Everything the server keeps, whatever the engine (SQLite by default, PostgreSQL with
 * DATABASE_URL). Every method is asynchronous because PostgreSQL is; the relay awaits the
 * append of an update before Hocuspocus acknowledges it (see relay/persistence.ts).
 */
export interface StoreOperations {
	createCommunity(community: { id: string; name: string }): Promise<CommunityRow>;
	getCommunity(id: string): Promise<CommunityRow | null>;
	listCommunities(): Promise<CommunityRow[]>;

	createUser(user: { id: string; username: string; name: string; passwordHash: string }): Promise<UserRow>;
	getUser(id: string): Promise<UserRow | null>;
	findUserByUsername(username: string): Promise<UserRow | null>;
	setPasswordHash(userId: string, passwordHash: string): Promise<void>;
	listUsers(): Promise<UserRow[]>;

	/** Grants `role`, replacing the role the user held in that community, if any. */
	setMembership(membership: MembershipRow): Promise<void>;
	getMembership(userId: string, communityId: string): Promise<MembershipRow | null>;
	membershipsOf(userId: string): Promise<MembershipRow[]>;
	/** Removes the user's membership of the community, if any. */
	deleteMembership(userId: string, communityId: string): Promise<void>;
	membersOf(communityId: string): Promise<MemberRow[]>;

	createInvitation(invitation: Omit<InvitationRow, 'usedAt' | 'usedBy' | 'revokedAt'>): Promise<InvitationRow>;
	getInvitation(id: string): Promise<InvitationRow | null>;
	findInvitationByTokenHash(tokenHash: string): Promise<InvitationRow | null>;
	/** The community's invitations neither used, revoked nor expired at `now`, newest first. */
	pendingInvitations(communityId: string, now: number): Promise<InvitationRow[]>;
	/**
	 * Marks the invitation used by `userId` if it is still unused and not revoked; false when it
	 * was not (another accept got there first). Two transactions racing: exactly one gets true.
	 */
	useInvitation(id: string, userId: string, at: number): Promise<boolean>;
	/** Revokes the invitation if still unused and not revoked; false when it was not. */
	revokeInvitation(id: string, at: number): Promise<boolean>;

	/** The document now: its newest intact snapshot and everything logged after it. */
	loadDocument(name: string): Promise<StoredDocument>;
	/**
	 * The document as it was at `at` (epoch ms): the newest intact snapshot taken by then and the
	 * updates received by then. Rejects with a StoreError before `historyStart()`.
	 */
	loadDocumentAt(name: string, at: number): Promise<StoredDocument>;
	/** The oldest time `loadDocumentAt` can rebuild: now minus the retention. */
	historyStart(): Promise<number>;
	/**
	 * When the document's kept snapshots were taken (epoch ms, newest first), those within the
	 * history `loadDocumentAt` can read: the newest and about one a day before it.
	 */
	listSnapshots(name: string): Promise<number[]>;
	/** Names of the stored documents of a community's family: the root and `root:…`. */
	listDocuments(communityId: string): Promise<string[]>;
	/**
	 * Logs updates as received, all in one commit (the relay's group commit); resolves, once
	 * committed, with their ids in the order given. Within a document, ids grow in commit order,
	 * whichever process appends.
	 */
	appendUpdates(appends: readonly Append[]): Promise<number[]>;
	/** Updates logged after `afterId`, oldest first, whichever process logged them. */
	updatesAfter(name: string, afterId: number): Promise<LoggedUpdate[]>;
	/**
	 * Adds a snapshot covering the logged updates up to `throughUpdateId` to the document's
	 * history, then drops what the retention no longer needs.
	 */
	storeSnapshot(name: string, snapshot: Uint8Array, throughUpdateId: number): Promise<void>;

	/**
	 * Stores an attachment unless the community already has one with that id (the same bytes:
	 * the id is their hash), or unless it would take the community's attachments past
	 * `quotaBytes`. Says which.
	 */
	addAttachment(
		attachment: Omit<AttachmentRow, 'createdAt'>,
		quotaBytes: number
	): Promise<'created' | 'exists' | 'overQuota'>;
	getAttachment(communityId: string, id: string): Promise<AttachmentRow | null>;
	/** Bytes of all the community's attachments. */
	attachmentUsage(communityId: string): Promise<number>;

	/**
	 * Seals (store/sealing.ts) what a private document still has stored in the clear — written
	 * before this version — and says how many rows it sealed. The server runs it at start.
	 */
	sealPrivateDocuments(): Promise<number>;

	/** Records openings of care records, stamped `receivedAt`. */
	recordCareOpens(rows: Omit<CareOpenRow, 'id' | 'receivedAt'>[], receivedAt: number): Promise<void>;
	/** The community's recorded openings, newest first. */
	careOpens(communityId: string, query: CareOpenQuery): Promise<CareOpenRow[]>;
}

export interface Store extends StoreOperations {
	readonly engine: 'sqlite' | 'postgres';
	/**
	 * Runs `fn` atomically: all of the writes it makes through `tx` commit, or none do. Only
	 * `tx` may be used inside: the store itself waits for the transaction to end.
	 */
	transaction<T>(fn: (tx: StoreOperations) => Promise<T>): Promise<T>;
	/**
	 * The secret signing sign-in tokens, made on first use and kept: `secret.key` in the data dir
	 * with SQLite, a row in PostgreSQL, so every relay process of a deployment has the same one.
	 */
	tokenSecret(): Promise<Uint8Array>;
	close(): Promise<void>;
}
