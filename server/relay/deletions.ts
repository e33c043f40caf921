import type { Extension, afterLoadDocumentPayload, onCreateDocumentPayload } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { documentOptions, minutesDeletedIn, parseDocName, recordDeletions } from '../../src/lib/model';
import { senderOf } from './origin';

/** Origin of the relay's own records, so they are not taken for deletions in turn. */
const RELAY_RECORD = Symbol('deletion-records');

/** A user's deletions join the run they are in unless this long has passed since its last one… */
export const RUN_GAP_MS = 60_000;
/** …or the run began this long ago: how precisely "when" a passage was deleted is known. */
export const RUN_SPAN_MS = 10 * 60_000;

/**
 * Keeps who deleted what from the minutes (src/lib/model/deletions.ts). Every meeting document
 * is made to keep its deleted text (`documentOptions`), and each update a member's connection
 * sends that deletes minutes text is recorded under that member, with the relay's clock, in
 * the transaction's aftermath — so the record is logged with the update and acknowledged with
 * it, and reaches every replica like any other change. Deletions that reach the relay without a
 * member (another relay through Redis, which records its own; the admin CLI) are not recorded.
 */
export class DeletionRecords implements Extension {
	extensionName = 'deletion-records';

	constructor(private readonly clock: () => number = Date.now) {}

	async onCreateDocument({ documentName }: onCreateDocumentPayload): Promise<ReturnType<typeof documentOptions>> {
		return documentOptions(documentName);
	}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		if (parseDocName(documentName)?.kind !== 'meeting') return;
		/** Each user's current run: its id and its times. */
		const open = new Map<string, { id: string; from: number; to: number }>();
		const onTransaction = (transaction: Y.Transaction) => {
			if (transaction.origin === RELAY_RECORD) return;
			const { userId } = senderOf(transaction.origin);
			const ds = userId ? minutesDeletedIn(transaction) : null;
			if (!userId || !ds) return;
			const now = this.clock();
			const run = open.get(userId);
			const goesOn = !!run && now - run.to <= RUN_GAP_MS && now - run.from <= RUN_SPAN_MS;
			const id = recordDeletions(document, { run: goesOn ? run.id : undefined, by: userId, at: now, ds }, RELAY_RECORD);
			open.set(userId, { id, from: goesOn ? run.from : now, to: now });
		};
		document.on('afterTransaction', onTransaction);
		document.once('destroy', () => document.off('afterTransaction', onTransaction));
	}
}
