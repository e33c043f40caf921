import type * as Y from 'yjs';
import { newDocument, type DocumentSource } from '../../src/lib/model';
import { applyStored } from './documents';
import type { Store } from './types';

/**
 * The community documents as the server sees them: the relay's live copy when it has one
 * loaded, else the stored state (every logged update is on disk, so it is as current). Copies
 * loaded here are the caller's to `release`; live ones stay the relay's.
 */
export class StoreDocumentSource implements DocumentSource {
	private readonly loaded = new Map<string, Y.Doc>();

	constructor(
		private readonly store: Store,
		private readonly liveDocument: (name: string) => Y.Doc | undefined = () => undefined
	) {}

	async open(name: string): Promise<Y.Doc> {
		const live = this.liveDocument(name);
		if (live) return live;
		let doc = this.loaded.get(name);
		if (!doc) {
			doc = newDocument(name);
			applyStored(doc, await this.store.loadDocument(name));
			this.loaded.set(name, doc);
		}
		return doc;
	}

	async list(communityId: string): Promise<string[]> {
		return this.store.listDocuments(communityId);
	}

	release(): void {
		for (const doc of this.loaded.values()) doc.destroy();
		this.loaded.clear();
	}
}
