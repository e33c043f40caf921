import Dexie, { type Table } from 'dexie';
import * as Y from 'yjs';
import { backupKey, keepMergeBackup, type DamagedCopy } from './backups';

/** One stored Yjs update. `pending` is 1 for a local change the relay has not confirmed. */
interface UpdateRow {
	seq?: number;
	doc: string;
	data: Uint8Array;
	pending: 0 | 1;
}

/**
 * A photo's bytes on this device: one the user attached, waiting to upload (`pending`), uploaded,
 * refused by the relay (`failed`, with the problem), or fetched to show offline (`cached`).
 */
export interface AttachmentRow {
	communityId: string;
	id: string;
	type: string;
	bytes: Uint8Array;
	state: 'pending' | 'uploaded' | 'failed' | 'cached';
	/** Why the relay refused it, for a `failed` one (an `UploadProblem`). */
	problem?: string;
	at: number;
}

interface KeyValue {
	key: string;
	value: unknown;
}

/** The browser's copy of everything a user can open, one IndexedDB database per user. */
export class OfflineDatabase extends Dexie {
	updates!: Table<UpdateRow, number>;
	kv!: Table<KeyValue, string>;
	attachments!: Table<AttachmentRow, [string, string]>;

	/** `backend` replaces the browser's IndexedDB (an in-memory one, see openOfflineDatabase). */
	constructor(userId: string, backend?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
		super(`gongzhi-${userId}`, backend);
		this.version(1).stores({ updates: '++seq, doc, [doc+pending]', kv: 'key' });
		this.version(2).stores({ attachments: '[communityId+id], state' });
	}

	/** Every document holding local changes the relay has not confirmed, whether open or not. */
	async documentsWithPending(): Promise<string[]> {
		const names = (await this.updates.orderBy('doc').uniqueKeys()) as string[];
		const counts = await Promise.all(names.map((doc) => this.updates.where('[doc+pending]').equals([doc, 1]).count()));
		return names.filter((_, i) => counts[i] > 0);
	}

	async getValue<T>(key: string): Promise<T | undefined> {
		return (await this.kv.get(key))?.value as T | undefined;
	}

	async setValue(key: string, value: unknown): Promise<void> {
		await this.kv.put({ key, value });
	}
}

/**
 * Opens the user's database; when the browser's IndexedDB cannot be opened at all (a damaged
 * backing store, a private mode without storage), an in-memory one takes its place so the app
 * still works and syncs — with `failure` saying why, for the user to be told that this page
 * alone holds what is not yet sent. Nothing is deleted: the broken database may still hold
 * unsent changes, and only the user decides to rebuild it (rebuildOfflineDatabase).
 */
export async function openOfflineDatabase(db: OfflineDatabase): Promise<{ db: OfflineDatabase; failure: string | null }> {
	try {
		await db.open();
		return { db, failure: null };
	} catch (error) {
		const { indexedDB, IDBKeyRange } = await import('fake-indexeddb');
		const memory = new OfflineDatabase(db.name.slice('gongzhi-'.length), { indexedDB, IDBKeyRange });
		await memory.open();
		return { db: memory, failure: (error as Error).message || String(error) };
	}
}

/**
 * Replaces the browser's database by a fresh one holding everything `from` (the in-memory
 * stand-in) holds, unsent changes and their count included, so the next visit opens normally.
 * What the broken database held is lost: the caller asks the user first.
 */
export async function rebuildOfflineDatabase(from: OfflineDatabase): Promise<void> {
	const [updates, kv, attachments] = await Promise.all([from.updates.toArray(), from.kv.toArray(), from.attachments.toArray()]);
	await Dexie.delete(from.name);
	const fresh = new OfflineDatabase(from.name.slice('gongzhi-'.length));
	try {
		await fresh.transaction('rw', fresh.updates, fresh.kv, fresh.attachments, async () => {
			await fresh.updates.bulkAdd(updates);
			await fresh.kv.bulkAdd(kv);
			await fresh.attachments.bulkAdd(attachments);
		});
	} finally {
		fresh.close();
	}
}

/** Origin of updates replayed from IndexedDB, so they are not recorded a second time. */
export const OFFLINE_ORIGIN = Symbol('offline-store');

/** After this many stored rows for a document, confirmed rows are merged into one. */
const COMPACT_AFTER = 200;

/**
 * Keeps one Y.Doc in IndexedDB: replays it on open, appends every update, and counts local
 * changes the relay has not confirmed yet. The count is kept in the rows themselves, so it
 * survives a reload while offline and is never reset by anything but a confirmation.
 */
export class OfflineDoc {
	/** Local changes not yet confirmed by the relay. */
	pending = 0;
	/** When the relay last confirmed holding changes of this device, kept across reloads. */
	confirmedAt: number | null = null;
	private rowsSinceCompaction = 0;
	private queue: Promise<unknown> = Promise.resolve();
	private listeners = new Set<(pending: number) => void>();
	private readonly onUpdate = (update: Uint8Array, origin: unknown) => this.record(update, origin);
	readonly whenLoaded: Promise<void>;
	/** The last write failure (quota, private mode): shown to the user, never swallowed. */
	error: Error | null = null;
	/** Rows found unreadable on opening and set aside (`setAside`), for the user to be told. */
	damaged: { rows: number; unsent: number; at: number } | null = null;

	constructor(
		private readonly db: OfflineDatabase,
		readonly name: string,
		readonly doc: Y.Doc,
		private readonly isRemote: (origin: unknown) => boolean
	) {
		this.whenLoaded = this.load();
	}

	private async load(): Promise<void> {
		const rows = await this.db.updates.where('doc').equals(this.name).toArray();
		this.confirmedAt = (await this.db.getValue<number>(this.confirmedKey)) ?? null;
		const damaged = this.replay(rows);
		if (damaged.length) await this.setAside(damaged);
		const readable = rows.filter((row) => !damaged.includes(row));
		this.rowsSinceCompaction = readable.length;
		this.setPending(this.pending + readable.filter((row) => row.pending === 1).length);
		this.doc.on('update', this.onUpdate);
		// A document edited only a little per visit never reaches the threshold within one.
		if (readable.filter((row) => row.pending === 0).length >= COMPACT_AFTER) this.compact();
	}

	/**
	 * Applies the stored rows; returns those that cannot be read (the browser's storage was
	 * damaged). One transaction for all is the fast path; when a row throws, each is applied on
	 * its own to find it, which is harmless for those already applied: Yjs skips what it holds.
	 */
	private replay(rows: UpdateRow[]): UpdateRow[] {
		const apply = (row: UpdateRow) => Y.applyUpdate(this.doc, row.data, OFFLINE_ORIGIN);
		try {
			Y.transact(this.doc, () => rows.forEach(apply), OFFLINE_ORIGIN);
			return [];
		} catch {
			return rows.filter((row) => {
				try {
					apply(row);
					return false;
				} catch {
					return true;
				}
			});
		}
	}

	/**
	 * Takes unreadable rows out of the store so the document opens, keeping their bytes and the
	 * document as it could be read in a `damaged` copy (backups.ts). What the relay has — the
	 * confirmed rows' content — comes back with the next sync; readable unconfirmed changes stay
	 * and are sent. The copy says how many unsent changes could not be read: the user is told.
	 */
	private async setAside(damaged: UpdateRow[]): Promise<void> {
		const at = Date.now();
		this.damaged = { rows: damaged.length, unsent: damaged.filter((row) => row.pending === 1).length, at };
		await this.db.transaction('rw', this.db.updates, this.db.kv, async () => {
			const copy: DamagedCopy = {
				doc: this.name,
				at,
				reason: '',
				state: Y.encodeStateAsUpdate(this.doc),
				pending: null,
				damaged: { rows: this.damaged!.rows, unsent: this.damaged!.unsent, bytes: damaged.map((row) => row.data) }
			};
			await this.db.kv.put({ key: backupKey('damaged', this.name, at), value: copy });
			await this.db.updates.bulkDelete(damaged.map((row) => row.seq!));
		});
	}

	private get confirmedKey(): string {
		return `confirmed:${this.name}`;
	}

	private record(update: Uint8Array, origin: unknown): void {
		if (origin === OFFLINE_ORIGIN) return;
		const pending = this.isRemote(origin) ? 0 : 1;
		if (pending) this.setPending(this.pending + 1);
		this.enqueue(() => this.db.updates.add({ doc: this.name, data: update, pending }));
		if (++this.rowsSinceCompaction >= COMPACT_AFTER) this.compact();
	}

	/**
	 * The unconfirmed local changes written so far, merged, up to about `maxBytes` (oldest
	 * first), with the last row they include; null when nothing is pending.
	 */
	async pendingChanges(maxBytes = 2 * 1024 * 1024): Promise<{ update: Uint8Array; throughSeq: number } | null> {
		await this.flushed();
		const rows = await this.db.updates.where('[doc+pending]').equals([this.name, 1]).sortBy('seq');
		const batch: UpdateRow[] = [];
		let size = 0;
		for (const row of rows) {
			if (batch.length && size + row.data.byteLength > maxBytes) break;
			batch.push(row);
			size += row.data.byteLength;
		}
		if (batch.length === 0) return null;
		return { update: Y.mergeUpdates(batch.map((row) => row.data)), throughSeq: batch[batch.length - 1].seq! };
	}

	/** The relay holds every pending change up to this row: they no longer count as unsaved. */
	confirmThrough(throughSeq: number): Promise<unknown> {
		this.enqueue(async () => {
			const confirmed = await this.db.updates
				.where('[doc+pending]')
				.equals([this.name, 1])
				.filter((row) => row.seq! <= throughSeq)
				.modify({ pending: 0 });
			if (confirmed > 0) {
				this.confirmedAt = Date.now();
				await this.db.setValue(this.confirmedKey, this.confirmedAt);
			}
			this.setPending(Math.max(0, this.pending - confirmed));
		});
		return this.flushed();
	}

	/**
	 * Forgets this document on this device (after a copy of its state and its unconfirmed
	 * changes is kept under `backupKey`), so that it is rebuilt from the relay: what the relay
	 * refused must not be sent again. The copy is the user's, for a manager to look at.
	 */
	discard(backupKey: string, reason: string): Promise<unknown> {
		this.enqueue(async () => {
			await this.db.transaction('rw', this.db.updates, this.db.kv, async () => {
				const pending = await this.pendingMerged();
				const state = Y.encodeStateAsUpdate(this.doc);
				await this.db.kv.put({ key: backupKey, value: { doc: this.name, reason, at: Date.now(), state, pending } });
				await this.db.updates.where('doc').equals(this.name).delete();
			});
			this.doc.off('update', this.onUpdate);
			this.setPending(0);
		});
		return this.flushed();
	}

	/**
	 * Keeps a copy of the document as it is on this device now, with its unconfirmed changes
	 * (backups.ts), before the relay's state merges in. The state is taken at once: a merge
	 * arriving while the write waits must not be in the copy.
	 */
	keepBackup(at = Date.now()): Promise<unknown> {
		const state = Y.encodeStateAsUpdate(this.doc);
		this.enqueue(async () => {
			await keepMergeBackup(this.db, { doc: this.name, at, state, pending: await this.pendingMerged() });
		});
		return this.flushed();
	}

	/** Every unconfirmed change stored, merged into one update; null when there is none. */
	private async pendingMerged(): Promise<Uint8Array | null> {
		const rows = await this.db.updates.where('[doc+pending]').equals([this.name, 1]).toArray();
		return rows.length ? Y.mergeUpdates(rows.map((row) => row.data)) : null;
	}

	/** Replaces the confirmed rows by one snapshot; pending rows stay so the count survives. */
	private compact(): void {
		this.rowsSinceCompaction = 0;
		this.enqueue(() =>
			this.db.transaction('rw', this.db.updates, async () => {
				const snapshot = Y.encodeStateAsUpdate(this.doc);
				await this.db.updates.where('[doc+pending]').equals([this.name, 0]).delete();
				await this.db.updates.add({ doc: this.name, data: snapshot, pending: 0 });
			})
		);
	}

	private enqueue(write: () => Promise<unknown>): void {
		this.queue = this.queue.then(write).catch((error: Error) => {
			this.error = error;
			this.emit();
		});
	}

	/** Resolves once every write queued so far is in IndexedDB. */
	flushed(): Promise<unknown> {
		return this.queue;
	}

	private setPending(value: number): void {
		this.pending = value;
		this.emit();
	}

	private emit(): void {
		for (const listener of this.listeners) listener(this.pending);
	}

	subscribe(listener: (pending: number) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	destroy(): void {
		this.doc.off('update', this.onUpdate);
		this.listeners.clear();
	}
}
