import type { Connection, Document, Extension, afterLoadDocumentPayload } from '@hocuspocus/server';
import type * as Y from 'yjs';

/**
 * Hocuspocus sends every update a document takes in to every connection of the document,
 * the one it came from included, which already has it: a member back from offline got each of
 * their edits back (the offline merge moved 1.5× the bytes it needs). Here the connection an
 * update came from is left out of its broadcast. Yjs emits `afterTransactionCleanup` right
 * before a transaction's `update` event, which is where Hocuspocus broadcasts, so the
 * transaction's origin is known while its connections are listed; it is forgotten after, so
 * that anything else sent to every connection (presence, updates the relay makes itself,
 * such as its case-event stamps, which the sender does not have) still reaches all of them.
 */
export class NoEcho implements Extension {
	extensionName = 'no-echo';

	async afterLoadDocument({ document }: afterLoadDocumentPayload): Promise<void> {
		let sender: unknown = null;
		const all = Object.getPrototypeOf(document).getConnections as Document['getConnections'];
		const onCleanup = (transaction: Y.Transaction) => {
			sender = transaction.origin;
		};
		const forget = () => {
			sender = null;
		};
		document.getConnections = function (this: Document): Connection[] {
			const connections = all.call(this);
			return sender === null ? connections : connections.filter((connection) => connection !== sender);
		};
		document.on('afterTransactionCleanup', onCleanup);
		// Registered after Hocuspocus's own `update` listener (bound when the document was made).
		document.on('update', forget);
		document.on('afterAllTransactions', forget);
		document.once('destroy', () => {
			document.off('afterTransactionCleanup', onCleanup);
			document.off('update', forget);
			document.off('afterAllTransactions', forget);
			delete (document as Partial<Document>).getConnections;
		});
	}
}
