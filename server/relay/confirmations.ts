import type { Document, Extension, onStatelessPayload } from '@hocuspocus/server';
import { fromBase64 } from 'lib0/buffer';
import { z } from 'zod';
import { holdsSummary, summaryOf } from '../../src/lib/model';

/**
 * Answers a client asking whether the relay holds its unconfirmed changes. The provider's own
 * `unsyncedChanges` count reaches 0 too early after a reconnect (acknowledgements of queued
 * updates arrive before the sync that carries the rest), so the browser's count of changes
 * not yet saved is settled only by this exact check: every struct and deletion of the
 * client's pending updates is in the relay's document, which is on disk (see persistence).
 * Updates Yjs parked for missing dependencies are not in the document, so they do not count.
 * The client sends a summary of its changes (`state`, see summaryOf); a page loaded before the
 * summary existed sends the changes themselves (`update`), which are summarised here.
 */
export const CONFIRM_REQUEST = z
	.object({
		type: z.literal('confirm'),
		id: z.number().int().nonnegative(),
		state: z.string().max(1024 * 1024).optional(),
		update: z.string().max(12 * 1024 * 1024).optional()
	})
	.refine((request) => (request.state === undefined) !== (request.update === undefined), 'either state or update');

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
			const summary = request.state !== undefined ? fromBase64(request.state) : summaryOf(fromBase64(request.update!));
			// The check first, then the wait: everything the document held is committed once it ends.
			const held = holdsSummary(document, summary);
			await this.settled(document);
			contained = held;
		} catch {
			// Bytes that are not a summary or an update, or a document the store could not log, hold nothing.
		}
		const answer: ConfirmAnswer = { type: 'confirmed', id: request.id, contained };
		connection.sendStateless(JSON.stringify(answer));
	}
}
