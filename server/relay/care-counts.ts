import type { Extension, Hocuspocus, afterLoadDocumentPayload, onConfigurePayload } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { careCountOf, parseDocName, rootDocName, setCareCount, type DocumentRef } from '../../src/lib/model';

/**
 * Keeps the shared workspace's care numbers (`careCounts` in the root) in step with each grid's
 * private care records: after every change of a grid's document the relay counts it again
 * (`careCountOf`: bare numbers, no personal data) and writes the grid's entry into the root if
 * it changed, as an update logged and sent like any other. Only the relay writes there
 * (docs/access.md), so the numbers are the same for everyone, who cannot read the records.
 */
export class CareCounts implements Extension {
	extensionName = 'care-counts';
	private instance: Hocuspocus | null = null;
	/** Per grid, the count running or queued: counts of one grid never overlap. */
	private readonly running = new Map<string, Promise<void>>();

	constructor(private readonly deps: { warn?: (message: string) => void; clock?: () => number } = {}) {}

	async onConfigure({ instance }: onConfigurePayload): Promise<void> {
		this.instance = instance;
	}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		const ref = parseDocName(documentName);
		if (ref?.kind !== 'care') return;
		let queued = false;
		let destroyed = false;
		// One count for a burst of updates (an offline batch arrives as many).
		const schedule = () => {
			if (queued || destroyed) return;
			queued = true;
			const previous = this.running.get(documentName) ?? Promise.resolve();
			const next = previous.then(async () => {
				queued = false;
				if (!destroyed) await this.count(ref, document);
			});
			const settled = next.catch((error) => this.deps.warn?.(`cannot count the care records of ${documentName}: ${(error as Error).message}`));
			this.running.set(documentName, settled);
			void settled.then(() => {
				if (this.running.get(documentName) === settled) this.running.delete(documentName);
			});
		};
		document.on('update', schedule);
		document.once('destroy', () => {
			destroyed = true;
			document.off('update', schedule);
		});
		// Counted on load too: after a restore, an import or the first start of this version.
		schedule();
	}

	/** Resolves once every count queued so far has been written (tests, shutdown). */
	async idle(): Promise<void> {
		while (this.running.size) await Promise.all(this.running.values());
	}

	private async count(ref: DocumentRef, document: Y.Doc): Promise<void> {
		const instance = this.instance;
		if (!instance) return;
		const entry = careCountOf(document, (this.deps.clock ?? Date.now)());
		const rootName = rootDocName(ref.communityId);
		const live = instance.documents.get(rootName);
		if (live) {
			live.transact(() => setCareCount(live, ref.key, entry));
			return;
		}
		// Nobody has the root open here: load it for this one write (and let it go again).
		const connection = await instance.openDirectConnection(rootName, {});
		try {
			await connection.transact((root) => setCareCount(root, ref.key, entry));
		} finally {
			await connection.disconnect();
		}
	}
}
