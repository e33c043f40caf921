import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import { writable, type Readable } from 'svelte/store';
import * as Y from 'yjs';
import {
	Community,
	REFUSALS,
	SESSION_EXPIRED,
	UPDATE_REFUSED,
	documentAccess,
	meetingDocName,
	meetingsKeptOffline,
	migrate,
	newDocument,
	parseDocName,
	rootDocName,
	type DocumentSource,
	type Role
} from '$lib/model';
import { AttachmentQueue } from './attachments';
import { backupKey, listBackups, readBackup, reapplyBackup, summariseBackup, type BackupSummary } from './backups';
import { Confirmer } from './confirmations';
import { OfflineDatabase, OfflineDoc, openOfflineDatabase, rebuildOfflineDatabase } from './offline-store';
import { RelaySocket } from './socket';
import { connectionOf, initialStatus, pendingOf, statusOf, type SyncStatus } from './status';

/** A document of the family, open for the session; its provider also carries presence (awareness). */
export interface OpenDocument {
	name: string;
	doc: Y.Doc;
	offline: OfflineDoc;
	provider: HocuspocusProvider;
	refused: string | null;
	/** Why the relay refused a change of this document; its local copy was discarded. */
	rejected: string | null;
	lastSynced: number | null;
	confirmer: Confirmer;
}

export type { BackupSummary };

const lastSyncedKey = (name: string) => `lastSynced:${name}`;

export interface SyncSessionOptions {
	url: string;
	token: string;
	userId: string;
}

/**
 * Everything one signed-in user syncs: one multiplexed socket to the relay, and per document
 * a Y.Doc kept in IndexedDB and bound to a provider. Documents stay open for the session so
 * every community the user belongs to is available offline, not only the one on screen.
 */
export class SyncSession {
	private database: OfflineDatabase;
	/** Set when the browser's IndexedDB could not be opened and an in-memory one stands in. */
	private storageFailure: string | null = null;
	private readonly storage: Promise<void>;
	/** Photos attached on this device, uploaded when the relay is reachable. */
	readonly attachments: AttachmentQueue;
	private readonly socket: RelaySocket;
	private readonly docs = new Map<string, Promise<OpenDocument>>();
	private readonly opened: OpenDocument[] = [];
	/** Documents still being read from IndexedDB: their unconfirmed changes are not counted yet. */
	private loading = 0;
	/** Whether every document left with unconfirmed changes on this device has been found. */
	private unsentFound = false;
	private readonly unsentOpened: Promise<void>;
	private readonly state = writable<SyncStatus>(initialStatus);
	readonly status: Readable<SyncStatus> = { subscribe: this.state.subscribe };
	private socketStatus: string = WebSocketStatus.Disconnected;
	private reconnectWhenClosed = false;
	private readonly unwatch = new Map<string, () => void>();
	private readonly communities = new Set<string>();
	/** Documents backed up since the last disconnection: one copy per merge is enough. */
	private readonly backedUp = new Set<string>();
	private readonly backupList = writable<BackupSummary[]>([]);
	/** The copies kept on this device (backups.ts), newest first, without their bytes. */
	readonly backups: Readable<BackupSummary[]> = { subscribe: this.backupList.subscribe };
	private readonly onOnline = () => this.goOnline();
	private readonly onOffline = () => this.goOffline();

	constructor(private readonly options: SyncSessionOptions) {
		this.database = new OfflineDatabase(options.userId);
		this.storage = openOfflineDatabase(this.database).then(({ db, failure }) => {
			this.database = db;
			this.storageFailure = failure;
			this.refresh();
		});
		// The queue reads the database each time: the in-memory stand-in may replace it.
		const database = () => this.database;
		this.attachments = new AttachmentQueue({ get db() { return database(); }, token: options.token, onChange: () => this.refresh() });
		this.socket = new RelaySocket({
			url: options.url,
			autoConnect: navigator.onLine,
			// Retry quickly: a grid worker walking back into coverage should sync at once.
			delay: 500,
			minDelay: 250,
			maxDelay: 5000,
			onStatus: ({ status }) => this.onSocketStatus(status)
		});
		window.addEventListener('online', this.onOnline);
		window.addEventListener('offline', this.onOffline);
		this.refresh();
		void this.storage.then(() => this.attachments.kick());
		this.unsentOpened = this.openUnsent();
		void this.refreshBackups();
		// Without it the browser may evict the IndexedDB copy under storage pressure, unsent
		// changes included; the panel shows whether it was granted.
		void navigator.storage?.persist?.();
	}

	/** The user's database on this device: the browser's, or the in-memory stand-in (openOfflineDatabase). */
	get db(): OfflineDatabase {
		return this.database;
	}

	/**
	 * Replaces a database the browser could not open by a fresh one holding what this page has
	 * (rebuildOfflineDatabase); the caller reloads. False when the browser still refuses.
	 */
	async repairStorage(): Promise<boolean> {
		if (!this.storageFailure) return true;
		await this.flushed();
		try {
			await rebuildOfflineDatabase(this.database);
			return true;
		} catch (error) {
			console.error('rebuilding the offline database failed', error);
			return false;
		}
	}

	/**
	 * Opens a community's working set: the root and the current and previous two months, each
	 * from IndexedDB first, then synced live. Resolves with the root.
	 */
	openCommunity(communityId: string): Promise<OpenDocument> {
		this.communities.add(communityId);
		const community = this.community(communityId);
		const [root, ...periods] = community.workingSet();
		for (const name of periods) void this.openDocument(name);
		return this.openDocument(root);
	}

	/**
	 * Keeps the minutes of the community's recent, upcoming and unfinished meetings open too, so
	 * they are on the device before a meeting starts in a room without network; so are those of
	 * meetings added later, as the root changes. Only for a role that may open minutes at all:
	 * the relay refuses the others, which the member would see as a refusal.
	 */
	keepMeetingsOffline(communityId: string, role: Role): void {
		const member = { userId: this.options.userId, role };
		if (this.unwatch.has(communityId) || documentAccess(member, { communityId, kind: 'meeting', key: '' }) === 'none') return;
		const stops: (() => void)[] = [];
		this.unwatch.set(communityId, () => stops.forEach((stop) => stop()));
		void this.openDocument(rootDocName(communityId)).then(({ doc: root }) => {
			if (!this.unwatch.has(communityId)) return;
			const openMeetings = () => {
				for (const id of meetingsKeptOffline(root, Date.now())) void this.openDocument(meetingDocName(communityId, id));
			};
			root.on('update', openMeetings);
			stops.push(() => root.off('update', openMeetings));
			openMeetings();
		});
	}

	/**
	 * The community's documents through this session, for the model's `Community` API;
	 * `watch` sees every document the community opens (a live view re-reads on their updates).
	 */
	community(communityId: string, watch?: (doc: Y.Doc, name: string) => void): Community {
		const source: DocumentSource = {
			open: async (name) => {
				const { doc } = await this.openDocument(name);
				watch?.(doc, name);
				return doc;
			}
		};
		return new Community(communityId, source, { userId: this.options.userId });
	}

	/** Opens (once) any document of the family: from IndexedDB first, then synced live. */
	openDocument(name: string): Promise<OpenDocument> {
		let open = this.docs.get(name);
		if (!open) {
			this.loading++;
			open = this.open(name);
			this.docs.set(name, open);
			const loaded = () => {
				this.loading--;
				this.refresh();
			};
			open.then(loaded, loaded);
		}
		return open;
	}

	/**
	 * Opens every document this device holds unconfirmed changes of, whatever the pages open: a
	 * change made offline in a meeting no longer among the recent ones, or in a month that has
	 * since left the working set, is sent as soon as the relay is reachable, and counted.
	 */
	private async openUnsent(): Promise<void> {
		try {
			await this.storage;
			for (const name of await this.db.documentsWithPending()) void this.openDocument(name);
		} catch {
			// The database itself failed; opening any document will say so (storageError).
		} finally {
			this.unsentFound = true;
			this.refresh();
		}
	}

	/** The exact count of unconfirmed changes, once every document on the way has been read. */
	async unsentCount(): Promise<number> {
		await this.unsentOpened;
		await Promise.allSettled([...this.docs.values()]);
		return pendingOf(this.opened);
	}

	private async open(name: string): Promise<OpenDocument> {
		await this.storage;
		const doc = newDocument(name);
		let provider: HocuspocusProvider | null = null;
		const offline = new OfflineDoc(this.db, name, doc, (origin) => origin === provider);
		await offline.whenLoaded;
		if (offline.damaged) void this.refreshBackups();
		// Rows of the relay's state were lost: this device no longer holds the whole document.
		if (offline.damaged && offline.damaged.rows > offline.damaged.unsent) await this.db.kv.delete(lastSyncedKey(name));
		await this.backupBeforeMerge(offline);
		if (parseDocName(name)?.kind === 'root') migrate(doc);
		const entry: OpenDocument = {
			name,
			doc,
			offline,
			provider: null as never,
			refused: null,
			rejected: null,
			lastSynced: (await this.db.getValue<number>(lastSyncedKey(name))) ?? null,
			confirmer: null as never
		};
		provider = new HocuspocusProvider({
			websocketProvider: this.socket,
			name,
			document: doc,
			token: this.options.token,
			onAuthenticationFailed: ({ reason }) => {
				// A document the member's role does not open is simply not theirs: nothing to fix.
				if (reason === REFUSALS.notAllowed) return provider?.destroy();
				entry.refused = reason || 'refused';
				this.refresh();
			},
			onClose: ({ event }) => {
				if (event.reason?.startsWith(UPDATE_REFUSED)) void this.reject(entry, event.reason.slice(UPDATE_REFUSED.length));
				// Said at once, even if the reconnection that would be refused cannot happen (offline).
				if (event.reason === SESSION_EXPIRED) {
					entry.refused = REFUSALS.badToken;
					this.refresh();
				}
			},
			onAuthenticated: () => {
				entry.refused = null;
				this.refresh();
			},
			onSynced: ({ state }) => {
				if (state) void this.markSynced(entry);
			}
		});
		entry.provider = provider;
		entry.confirmer = new Confirmer(provider, offline, () => this.socket.open);
		offline.subscribe(() => this.refresh());
		provider.attach();
		this.opened.push(entry);
		this.refresh();
		return entry;
	}

	/**
	 * The relay refused a change of this document (its writer's role does not allow it, or it
	 * is malformed): sending it again would be refused again, so the local copy is kept aside
	 * and dropped, and the document is rebuilt from the relay on the next load.
	 */
	private async reject(entry: OpenDocument, reason: string): Promise<void> {
		entry.rejected = reason;
		entry.provider.destroy();
		await entry.offline.discard(backupKey('rejected', entry.name, Date.now()), reason);
		this.refresh();
		await this.refreshBackups();
	}

	/**
	 * Unconfirmed local changes are about to meet the relay's state (the document opens, or the
	 * socket reconnects): a copy of the document as this device has it is kept first, so no
	 * merge can lose local work unseen. Nothing pending, nothing to lose: no copy.
	 */
	private async backupBeforeMerge(offline: OfflineDoc): Promise<void> {
		if (offline.pending === 0 || this.backedUp.has(offline.name)) return;
		this.backedUp.add(offline.name);
		await offline.keepBackup();
		await this.refreshBackups();
	}

	private async refreshBackups(): Promise<void> {
		await this.storage;
		this.backupList.set((await listBackups(this.db)).map(summariseBackup));
	}

	/** A backup's whole document state, as a Yjs update (what the panel offers to download). */
	async backupState(key: string): Promise<Uint8Array | null> {
		return (await readBackup(this.db, key))?.state ?? null;
	}

	/** Merges a backup back into its document as a new local change (backups.ts). */
	reapplyBackup(key: string): Promise<'restored' | 'nothingNew' | 'missing'> {
		return reapplyBackup(this.db, key, async (name) => (await this.openDocument(name)).doc);
	}

	/** The relay's state has arrived; once it is in IndexedDB the document opens offline. */
	private async markSynced(entry: OpenDocument): Promise<void> {
		await entry.offline.flushed();
		const now = Date.now();
		await this.db.setValue(lastSyncedKey(entry.name), now);
		entry.lastSynced = now;
		this.refresh();
	}

	private onSocketStatus(status: string): void {
		this.socketStatus = status;
		if (status === WebSocketStatus.Disconnected && this.reconnectWhenClosed) {
			this.reconnectWhenClosed = false;
			void this.socket.connect();
		}
		if (status === WebSocketStatus.Disconnected) this.backedUp.clear();
		if (status === WebSocketStatus.Connected) {
			this.attachments.kick();
			for (const entry of this.opened) void this.backupBeforeMerge(entry.offline);
			// The working set moves with the months: a session left open opens the new period.
			for (const id of this.communities) void this.openCommunity(id);
		}
		this.refresh();
	}

	/**
	 * Chromium keeps an open socket alive when the network goes away, so the browser's own
	 * events decide. `connect()` is a no-op until the old socket has really closed.
	 */
	private goOffline(): void {
		this.reconnectWhenClosed = false;
		this.socket.disconnect();
		this.refresh();
	}

	private goOnline(): void {
		if (this.socketStatus === WebSocketStatus.Disconnected) void this.socket.connect();
		else this.reconnectWhenClosed = true;
		this.attachments.kick();
		this.refresh();
	}

	private refresh(): void {
		this.state.set(
			statusOf(this.opened, {
				connection: connectionOf(navigator.onLine, this.socketStatus),
				uploads: this.attachments.waiting,
				uploadsNeedSignIn: this.attachments.signInNeeded,
				storageFailure: this.storageFailure,
				counted: this.loading === 0 && this.unsentFound
			})
		);
	}

	/** Resolves when every local write of every open document has reached IndexedDB. */
	async flushed(): Promise<void> {
		await Promise.all(this.opened.map((entry) => entry.offline.flushed()));
	}

	destroy(): void {
		window.removeEventListener('online', this.onOnline);
		window.removeEventListener('offline', this.onOffline);
		this.attachments.destroy();
		for (const stop of this.unwatch.values()) stop();
		this.unwatch.clear();
		for (const entry of this.opened) {
			entry.confirmer.destroy();
			entry.provider.destroy();
			entry.offline.destroy();
			entry.doc.destroy();
		}
		this.opened.length = 0;
		this.docs.clear();
		this.socket.destroy();
		this.db.close();
	}
}
