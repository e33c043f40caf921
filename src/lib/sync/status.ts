/**
 * What the sync indicator shows. `connection` comes from the browser's network state and the
 * socket; `pending` is the sum of unconfirmed local changes of every document on this device.
 */
export type Connection = 'online' | 'offline' | 'connecting';

/** One open document, as the sync panel lists it. */
export interface DocumentState {
	name: string;
	/** Local changes the relay has not confirmed holding. */
	pending: number;
	refused: string | null;
	rejected: string | null;
	/** When the relay's state last arrived and was stored on this device. */
	lastSynced: number | null;
	/** When the relay last confirmed holding this device's changes. */
	confirmedAt: number | null;
}

export interface SyncStatus {
	connection: Connection;
	/**
	 * Unconfirmed local changes, or null while documents are still being read from this device:
	 * until then a count would leave out changes not yet loaded, and 0 would be a lie.
	 */
	pending: number | null;
	/** Photos attached on this device that the relay does not have yet. */
	uploads: number;
	/** Photos wait because the relay no longer accepts the sign-in. */
	uploadsNeedSignIn: boolean;
	/** Why the relay refused a document (bad token, not a member), for the user to read. */
	refused: string | null;
	/**
	 * Why the relay refused a local change (beyond the user's role, or malformed): that
	 * document's unsynced changes were undone; reloading shows it as the relay has it.
	 */
	rejected: string | null;
	/** A local storage failure: edits may not survive a reload. */
	storageError: string | null;
	/**
	 * The browser's IndexedDB could not be opened: an in-memory one stands in, so what this page
	 * has not sent is lost when it closes, and what the broken one holds cannot be counted.
	 */
	storageFailure: string | null;
	/**
	 * Stored rows of a document could not be read on opening and were set aside (OfflineDoc):
	 * the relay fills in what it holds, `unsent` changes among them are lost to this device.
	 */
	damaged: { doc: string; rows: number; unsent: number } | null;
	/** Per document name, when it was last fully synced with the relay and stored locally. */
	lastSynced: Record<string, number>;
	/** Every open document, in the order it was opened. */
	documents: DocumentState[];
}

export const initialStatus: SyncStatus = {
	connection: 'connecting',
	pending: null,
	uploads: 0,
	uploadsNeedSignIn: false,
	refused: null,
	rejected: null,
	storageError: null,
	storageFailure: null,
	damaged: null,
	lastSynced: {},
	documents: []
};

export function connectionOf(browserOnline: boolean, socket: string): Connection {
	if (!browserOnline) return 'offline';
	if (socket === 'connected') return 'online';
	return 'connecting';
}

/** What the status reads of one open document (an `OpenDocument` of the session). */
export interface StatusSource {
	name: string;
	offline: {
		pending: number;
		confirmedAt: number | null;
		error: Error | null;
		damaged: { rows: number; unsent: number } | null;
	};
	refused: string | null;
	rejected: string | null;
	lastSynced: number | null;
}

/** Unconfirmed local changes of these documents, all together. */
export function pendingOf(documents: readonly StatusSource[]): number {
	return documents.reduce((sum, entry) => sum + entry.offline.pending, 0);
}

/**
 * The session's status from its open documents; `counted` says whether every document on the
 * way has been read (otherwise the count is not known: `pending` null).
 */
export function statusOf(
	documents: readonly StatusSource[],
	session: Pick<SyncStatus, 'connection' | 'uploads' | 'uploadsNeedSignIn' | 'storageFailure'> & { counted: boolean }
): SyncStatus {
	const damaged = documents.find((entry) => entry.offline.damaged);
	return {
		connection: session.connection,
		pending: session.counted ? pendingOf(documents) : null,
		uploads: session.uploads,
		uploadsNeedSignIn: session.uploadsNeedSignIn,
		refused: documents.find((entry) => entry.refused)?.refused ?? null,
		rejected: documents.find((entry) => entry.rejected)?.rejected ?? null,
		storageError: documents.find((entry) => entry.offline.error)?.offline.error?.message ?? null,
		storageFailure: session.storageFailure,
		damaged: damaged ? { doc: damaged.name, rows: damaged.offline.damaged!.rows, unsent: damaged.offline.damaged!.unsent } : null,
		lastSynced: Object.fromEntries(documents.flatMap((entry) => (entry.lastSynced === null ? [] : [[entry.name, entry.lastSynced]]))),
		documents: documents.map((entry) => ({
			name: entry.name,
			pending: entry.offline.pending,
			refused: entry.refused,
			rejected: entry.rejected,
			lastSynced: entry.lastSynced,
			confirmedAt: entry.offline.confirmedAt
		}))
	};
}
