import type { Document, Extension, onStatelessPayload } from '@hocuspocus/server';
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { z } from 'zod';

/**
 * Answers a client asking whether the relay holds its unconfirmed changes. The provider's own
 * `unsyncedChanges` count reaches 0 too early after a reconnect (acknowledgements of queued
 * updates arrive before the sync that carries the rest), so the browser's count of changes
 * not yet saved is settled only by this exact check: every struct and deletion of the
 * client's pending updates is in the relay's document, which is on disk (see persistence).
 * Updates Yjs parked for missing dependencies are not in the document, so they do not count.
 */
export const CONFIRM_REQUEST = z.object({
	type: z.literal('confirm'),
	id: z.number().int().nonnegative(),
	update: z.string().max(12 * 1024 * 1024)
});

export interface ConfirmAnswer {
	type: 'confirmed';
	id: number;
	contained: boolean;
}

export class Confirmations implements Extension {
	extensionName = 'confirmations';

	/** `settled` resolves once everything the document holds is committed (see persistence). */
	constructor(private readonly settled: (document: Document) => Promise<void>) {}

	async onStateless({ connection, document, payload }: onStatelessPayload): Promise<void> {
		let request: z.infer<typeof CONFIRM_REQUEST>;
		try {
			request = CONFIRM_REQUEST.parse(JSON.parse(payload));
		} catch {
			return;
		}
		let contained = false;
		try {
			// The state first, then the wait: everything in that state is committed once it ends.
			const state = Y.snapshot(document);
			await this.settled(document);
			contained = Y.snapshotContainsUpdate(state, fromBase64(request.update));
		} catch {
			// Bytes that are not an update, or a document the store could not log, hold nothing.
		}
		const answer: ConfirmAnswer = { type: 'confirmed', id: request.id, contained };
		connection.sendStateless(JSON.stringify(answer));
	}
}
