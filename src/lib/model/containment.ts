import * as Y from 'yjs';

/**
 * What it takes to tell whether a document holds some changes, without the changes: for each
 * writer the clock they reach, and what they delete (a Yjs snapshot, encoded). A client asks
 * the relay about its unconfirmed changes with this, a few dozen bytes where the changes
 * themselves can be megabytes.
 */
export function summaryOf(update: Uint8Array): Uint8Array {
	const { structs, ds } = Y.decodeUpdate(update);
	const reach = new Map<number, number>();
	for (const struct of structs) {
		const end = struct.id.clock + struct.length;
		if (end > (reach.get(struct.id.client) ?? 0)) reach.set(struct.id.client, end);
	}
	return Y.encodeSnapshot(Y.createSnapshot(ds, reach));
}

/**
 * Whether `doc` holds every change a summary (summaryOf) describes: every struct (a writer's
 * structs are integrated in clock order, so reaching the clock is holding them all) and every
 * deletion. Throws on bytes that are not a summary. Costs the summary's size plus at most the
 * structs its deletions cover, whatever the document's size.
 */
export function holdsSummary(doc: Y.Doc, summary: Uint8Array): boolean {
	const { sv, ds } = Y.decodeSnapshot(summary);
	for (const [client, clock] of sv) if (Y.getState(doc.store, client) < clock) return false;
	// Sorted and merged, so no struct is visited twice however the ranges were written.
	for (const [client, deletions] of Y.mergeDeleteSets([ds]).clients) {
		const state = Y.getState(doc.store, client);
		for (const { clock, len } of deletions) {
			if (state < clock + len) return false;
			for (let at = clock; at < clock + len; ) {
				const struct = Y.getItem(doc.store, Y.createID(client, at));
				if (!struct.deleted) return false;
				at = struct.id.clock + struct.length;
			}
		}
	}
	return true;
}
