import type { Extension, afterLoadDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { collection, getCase, parseDocName, stampRelayTime } from '../../src/lib/model';

/** Origin of the relay's own stamps, so they are not taken for new events in turn. */
const RELAY_STAMP = Symbol('relay-times');

/** The key under which a record sits in its collection (Yjs keeps it on the record's item). */
function keyOf(record: Y.Map<unknown>): string | null {
	return record._item?.parentSub ?? null;
}

/**
 * Records the relay's receive time beside every new case event (DESIGN rule 6): the writer's
 * clock may be wrong, and the 1341 clock uses the relay's time when the two disagree. Runs in
 * the transaction's aftermath, so the stamp is logged and sent like any other update.
 */
export class RelayTimes implements Extension {
	extensionName = 'relay-times';

	constructor(private readonly clock: () => number = Date.now) {}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		if (parseDocName(documentName)?.kind !== 'period') return;
		const cases = collection(document, 'cases');
		const onTransaction = (transaction: Y.Transaction) => {
			if (transaction.origin === RELAY_STAMP) return;
			const touched = new Set<string>();
			for (const [type, keys] of transaction.changed) {
				if (type === (cases as Y.AbstractType<unknown>)) for (const key of keys) if (key !== null) touched.add(key);
				const record = type.parent;
				if (record instanceof Y.Map && record.parent === (cases as Y.AbstractType<unknown>)) {
					const key = keyOf(record);
					if (key) touched.add(key);
				}
			}
			if (touched.size) this.stamp(document, touched);
		};
		document.on('afterTransaction', onTransaction);
		document.once('destroy', () => document.off('afterTransaction', onTransaction));
	}

	private stamp(document: Y.Doc, caseIds: Set<string>): void {
		const now = this.clock();
		document.transact(() => {
			for (const caseId of caseIds) {
				const found = getCase(document, caseId, now);
				for (const event of found?.events ?? []) {
					if (event.relayAt === undefined) stampRelayTime(document, caseId, event.id, now);
				}
			}
		}, RELAY_STAMP);
	}
}
