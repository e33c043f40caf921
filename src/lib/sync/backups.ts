import * as Y from 'yjs';
import type { OfflineDatabase } from './offline-store';

/**
 * Copies of a document's local state kept on this device, in the key-value table:
 * `backup:<doc>:<time>` taken before a document with unconfirmed changes merges with the relay
 * after a disconnection, and `rejected:<doc>:<time>` taken when the relay refused a change and
 * the local copy was discarded (OfflineDoc.discard), and `damaged:<doc>:<time>` when stored rows
 * could not be read on opening (the browser's storage was damaged) and were set aside. `state` is
 * the whole document as a Yjs update (for a damaged copy: as far as it could be read); `pending`
 * the changes the relay had not confirmed, merged (null when none).
 */
export interface LocalBackup {
	key: string;
	kind: 'merge' | 'rejected' | 'damaged';
	doc: string;
	at: number;
	/** Why the relay refused a change, for a `rejected` copy. */
	reason: string;
	state: Uint8Array;
	pending: Uint8Array | null;
	/** For a damaged copy: how many rows could not be read, how many of them were unsent, their bytes. */
	damaged?: { rows: number; unsent: number; bytes: Uint8Array[] };
}

/** A backup as the panel lists it, without its bytes; `changes` says it holds unconfirmed changes of its own. */
export type BackupSummary = Pick<LocalBackup, 'key' | 'kind' | 'doc' | 'at' | 'reason'> & {
	changes: boolean;
	/** For a damaged copy: rows that could not be read, and how many of them were unsent. */
	damaged: { rows: number; unsent: number } | null;
};

export function summariseBackup({ key, kind, doc, at, reason, pending, damaged }: LocalBackup): BackupSummary {
	return { key, kind, doc, at, reason, changes: pending !== null, damaged: damaged ? { rows: damaged.rows, unsent: damaged.unsent } : null };
}

/** Merge backups kept per document; the oldest goes when one more is taken. */
export const MERGE_BACKUPS_KEPT = 3;

const PREFIXES = { merge: 'backup:', rejected: 'rejected:', damaged: 'damaged:' } as const;

export function backupKey(kind: LocalBackup['kind'], doc: string, at: number): string {
	return `${PREFIXES[kind]}${doc}:${at}`;
}

type Stored = Omit<LocalBackup, 'key' | 'kind'>;
export type DamagedCopy = Stored & Required<Pick<LocalBackup, 'damaged'>>;

/** Every backup on this device, newest first. */
export async function listBackups(db: OfflineDatabase): Promise<LocalBackup[]> {
	const found: LocalBackup[] = [];
	for (const kind of Object.keys(PREFIXES) as LocalBackup['kind'][]) {
		const rows = await db.kv.where('key').startsWith(PREFIXES[kind]).toArray();
		for (const row of rows) found.push({ key: row.key, kind, ...(row.value as Stored) });
	}
	return found.sort((a, b) => b.at - a.at);
}

export async function readBackup(db: OfflineDatabase, key: string): Promise<LocalBackup | null> {
	return (await listBackups(db)).find((backup) => backup.key === key) ?? null;
}

/**
 * Keeps a merge backup and forgets the oldest beyond MERGE_BACKUPS_KEPT for the document, in
 * one transaction (the caller's, when it is in one). Copies of refused changes are never pruned:
 * they are few, and a manager may need them.
 */
export async function keepMergeBackup(db: OfflineDatabase, backup: Omit<Stored, 'reason'>): Promise<void> {
	await db.transaction('rw', db.kv, async () => {
		await db.kv.put({ key: backupKey('merge', backup.doc, backup.at), value: { ...backup, reason: '' } });
		const prefix = `${PREFIXES.merge}${backup.doc}:`;
		const mine = await db.kv.where('key').startsWith(prefix).toArray();
		const stale = mine
			.filter((row) => /^\d+$/.test(row.key.slice(prefix.length)))
			.sort((a, b) => (b.value as Stored).at - (a.value as Stored).at)
			.slice(MERGE_BACKUPS_KEPT);
		await db.kv.bulkDelete(stale.map((row) => row.key));
	});
}

/**
 * Merges a backup back into its document (`open` gives it, live) as a new local change, sent and
 * confirmed like any other. A CRDT merge only adds what the document lacks: content already there
 * is not duplicated, and what was deleted since the backup stays deleted. 'nothingNew' says the
 * document already holds everything in the copy.
 */
export async function reapplyBackup(
	db: OfflineDatabase,
	key: string,
	open: (doc: string) => Promise<Y.Doc>
): Promise<'restored' | 'nothingNew' | 'missing'> {
	const backup = await readBackup(db, key);
	if (!backup) return 'missing';
	const doc = await open(backup.doc);
	let changed = false;
	const mark = () => (changed = true);
	doc.on('update', mark);
	Y.applyUpdate(doc, backup.state);
	doc.off('update', mark);
	return changed ? 'restored' : 'nothingNew';
}
