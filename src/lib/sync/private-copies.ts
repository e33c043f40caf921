import { isPrivateKind, parseDocName } from '$lib/model';
import type { OfflineDatabase } from './offline-store';

const isPrivate = (name: unknown) => {
	const ref = typeof name === 'string' ? parseDocName(name) : null;
	return ref !== null && isPrivateKind(ref.kind);
};

/** The document a key-value row is about: a sync mark (`lastSynced:`, `confirmed:`) or a backup (its `doc`). */
function documentOf(key: string, value: unknown): unknown {
	const mark = /^(?:lastSynced|confirmed):(.*)$/.exec(key);
	if (mark) return mark[1];
	return value && typeof value === 'object' ? (value as { doc?: unknown }).doc : undefined;
}

/**
 * Removes this device's copy of every private document (the residents' care records, the care
 * team): their updates, sync marks, merge backups and refused copies, in one transaction. Run on
 * signing out, with the session ended first so that nothing writes them again; the records stay
 * on the relay, and the next sign-in fetches them afresh.
 */
export async function forgetPrivateDocuments(db: OfflineDatabase): Promise<void> {
	await db.transaction('rw', db.updates, db.kv, async () => {
		const docs = (await db.updates.orderBy('doc').uniqueKeys()) as string[];
		for (const doc of docs.filter(isPrivate)) await db.updates.where('doc').equals(doc).delete();
		const rows = await db.kv.toArray();
		await db.kv.bulkDelete(rows.filter(({ key, value }) => isPrivate(documentOf(key, value))).map(({ key }) => key));
	});
}

/** How many changes of private documents the relay has not confirmed (they would be lost on signing out). */
export function privatePending(documents: { name: string; pending: number }[]): number {
	return documents.filter((d) => isPrivate(d.name)).reduce((sum, d) => sum + d.pending, 0);
}
