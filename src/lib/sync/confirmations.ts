import type { HocuspocusProvider } from '@hocuspocus/provider';
import { toBase64 } from 'lib0/buffer';
import type { OfflineDoc } from './offline-store';

/**
 * Settles which local changes the relay really holds. The provider's `unsyncedChanges` is only
 * a hint: after a reconnect it reaches 0 while the sync carrying the rest is still on its way.
 * So when it says 0 (or a sync completes) we send the pending changes themselves and the relay
 * answers whether its document, already on disk, contains every one of them
 * (server/relay/confirmations.ts). Only that answer lowers the count the user sees.
 */
export class Confirmer {
	private nextId = 1;
	private waiting: { id: number; throughSeq: number } | null = null;
	private retry: ReturnType<typeof setTimeout> | null = null;
	private retryDelay = 1000;

	constructor(
		private readonly provider: HocuspocusProvider,
		private readonly offline: OfflineDoc
	) {}

	/** Asks about everything pending, one question at a time. */
	async ask(): Promise<void> {
		if (this.waiting || this.offline.pending === 0) return;
		this.waiting = { id: this.nextId++, throughSeq: -1 };
		const asking = this.waiting;
		const changes = await this.offline.pendingChanges();
		if (this.waiting !== asking) return;
		if (!changes) {
			this.waiting = null;
			return;
		}
		asking.throughSeq = changes.throughSeq;
		this.provider.sendStateless(JSON.stringify({ type: 'confirm', id: asking.id, update: toBase64(changes.update) }));
	}

	/** A stateless message from the relay; answers to other questions are ignored. */
	async answer(payload: string): Promise<void> {
		let message: { type?: unknown; id?: unknown; contained?: unknown };
		try {
			message = JSON.parse(payload);
		} catch {
			return;
		}
		const asked = this.waiting;
		if (message.type !== 'confirmed' || !asked || message.id !== asked.id) return;
		this.waiting = null;
		if (message.contained === true) {
			this.retryDelay = 1000;
			await this.offline.confirmThrough(asked.throughSeq);
			await this.ask();
		} else {
			// Not all there yet (an update still in flight, or held for what it depends on).
			this.retry = setTimeout(() => {
				this.retry = null;
				void this.ask();
			}, this.retryDelay);
			this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
		}
	}

	/** The connection dropped: an open question will never be answered. */
	reset(): void {
		this.waiting = null;
		if (this.retry) clearTimeout(this.retry);
		this.retry = null;
	}
}
