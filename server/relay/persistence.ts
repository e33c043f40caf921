import type {
	Document,
	Extension,
	afterLoadDocumentPayload,
	onLoadDocumentPayload,
	onStoreDocumentPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { communityOfDoc, migrate, rootDocName } from '../../src/lib/model';
import { applyStored } from '../store/documents';
import type { Store } from '../store/types';

interface LogState {
	/** Id of the newest update logged for the document. */
	lastUpdateId: number;
	/** Whether logged updates exist that no snapshot covers yet. */
	uncompacted: boolean;
}

/**
 * Every update is appended to the store's log from the document's own `update` event, which
 * fires inside `applyUpdate`, before Hocuspocus sends the client its sync acknowledgement: the
 * store commits synchronously, so "saved" on the client means on disk. The debounced
 * `onStoreDocument` folds the log into a snapshot so loading stays fast.
 */
export class Persistence implements Extension {
	extensionName = 'persistence';
	private readonly logs = new WeakMap<Document, LogState>();

	constructor(private readonly store: Store) {}

	async onLoadDocument({ document, documentName }: onLoadDocumentPayload): Promise<void> {
		const stored = this.store.loadDocument(documentName);
		applyStored(document, stored);
		this.logs.set(document, { lastUpdateId: stored.lastUpdateId, uncompacted: stored.updates.length > 0 });
	}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		const log = this.logs.get(document);
		if (!log) return;
		const append = (update: Uint8Array) => {
			log.lastUpdateId = this.store.appendUpdate(documentName, update);
			log.uncompacted = true;
		};
		document.on('update', append);
		document.once('destroy', () => document.off('update', append));
		// After the listener, so whatever the migration writes is logged like any other update.
		const communityId = communityOfDoc(documentName);
		if (communityId && documentName === rootDocName(communityId)) migrate(document);
	}

	async onStoreDocument({ document }: onStoreDocumentPayload): Promise<void> {
		this.compact(document);
	}

	/** Writes the document's state as its snapshot and drops the log entries it covers. */
	compact(document: Document): void {
		const log = this.logs.get(document);
		if (!log?.uncompacted) return;
		this.store.storeSnapshot(document.name, Y.encodeStateAsUpdate(document), log.lastUpdateId);
		log.uncompacted = false;
	}
}
