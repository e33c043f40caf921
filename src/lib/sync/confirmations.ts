import type { HocuspocusProvider } from '@hocuspocus/provider';
import { toBase64 } from 'lib0/buffer';
import { summaryOf } from '$lib/model';
import type { OfflineDoc } from './offline-store';

/**
 * Settles which local changes the relay really holds. The provider's `unsyncedChanges` is only
 * a hint: after a reconnect it reaches 0 while the sync carrying the rest is still on its way.
 * So when it says 0 (or a sync completes) we send a summary of the pending changes (summaryOf:
 * what they reach and delete, not their content, which the sync carried) and the relay answers
 * whether its document, already on disk, contains every one of them
 * (server/relay/confirmations.ts). Only that answer lowers the count the user sees.
 */
export class Confirmer {
	private nextId = 1;
	private waiting: { id: number; throughSeq: number } | null = null;
	private retry: ReturnType<typeof setTimeout> | null = null;
	private retryDelay = 1000;
	private readonly onUnsynced = ({ number }: { number: number }) => {
		if (number === 0) void this.ask();
	};
	private readonly onSynced = ({ state }: { state: boolean }) => {
		if (state) void this.ask();
	};
	private readonly onStateless = ({ payload }: { payload: string }) => void this.answer(payload);
	private readonly onDisconnect = () => this.reset();

	/**
	 * Follows the provider: asks when it has nothing unsynced or has synced, forgets the question
	 * when the connection drops. `connected` says whether a message sent now reaches the relay
	 * (RelaySocket drops it otherwise).
	 */
	constructor(
		private readonly provider: HocuspocusProvider,
		private readonly offline: OfflineDoc,
		private readonly connected: () => boolean
	) {
		provider.on('unsyncedChanges', this.onUnsynced);
		provider.on('synced', this.onSynced);
		provider.on('stateless', this.onStateless);
		provider.on('disconnect', this.onDisconnect);
	}

	/**
	 * Asks about everything pending, one question at a time, while connected: a question the
	 * socket drops would be waited for in vain; the next sync asks again.
	 */
	async ask(): Promise<void> {
		if (this.waiting || this.offline.pending === 0 || !this.connected()) return;
		this.waiting = { id: this.nextId++, throughSeq: -1 };
		const asking = this.waiting;
		const changes = await this.offline.pendingChanges();
		if (this.waiting !== asking) return;
		if (!changes || !this.connected()) {
			this.waiting = null;
			return;
		}
		asking.throughSeq = changes.throughSeq;
		this.provider.sendStateless(JSON.stringify({ type: 'confirm', id: asking.id, state: toBase64(summaryOf(changes.update)) }));
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

	destroy(): void {
		this.reset();
		this.provider.off('unsyncedChanges', this.onUnsynced);
		this.provider.off('synced', this.onSynced);
		this.provider.off('stateless', this.onStateless);
		this.provider.off('disconnect', this.onDisconnect);
	}
}
