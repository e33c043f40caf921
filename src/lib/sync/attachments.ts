import { attachmentRef } from '$lib/model';
import type { AttachmentRow, OfflineDatabase } from './offline-store';

/** Why the relay refused an upload for good; each has a message in the photos' i18n file. */
export type UploadProblem = 'forbidden' | 'tooLarge' | 'unsupported' | 'damaged' | 'refused';

/** Why a photo could not be shown. */
export type LoadProblem = 'offline' | 'notFound' | 'forbidden' | 'expired' | 'failed';

export class PhotoLoadError extends Error {
	constructor(readonly problem: LoadProblem) {
		super(problem);
	}
}

const PROBLEMS: Record<number, UploadProblem> = { 400: 'damaged', 403: 'forbidden', 413: 'tooLarge', 415: 'unsupported' };

/** Lowercase hex SHA-256: the attachment id, so the record can name the photo before it is uploaded. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
	return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface AttachmentQueueOptions {
	db: OfflineDatabase;
	token: string;
	fetch?: typeof fetch;
	online?: () => boolean;
	/** Runs `retry` after `ms`; returns a cancel. Replaced in tests to step through retries. */
	schedule?: (retry: () => void, ms: number) => () => void;
	/** Called whenever the number of photos waiting to upload may have changed. */
	onChange?: () => void;
}

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 60_000;

/**
 * Photos attached on this device, kept in IndexedDB until the relay has them. A photo is stored
 * before its reference is written into a record, so the record never names bytes the device
 * could lose; it stays `pending` until the relay answers 2xx. A network failure or a server
 * error retries with a growing delay; an expired sign-in waits for the next sign-in; any other
 * refusal marks the photo `failed` with the reason (retrying would be refused again).
 */
export class AttachmentQueue {
	/** Photos waiting to upload, as last counted. */
	waiting = 0;
	/** The relay answered 401: uploads wait until the user signs in again. */
	signInNeeded = false;
	private running: Promise<void> | null = null;
	private again = false;
	private failures = 0;
	private cancelRetry: (() => void) | null = null;
	private destroyed = false;
	private readonly fetch: typeof fetch;
	private readonly online: () => boolean;
	private readonly schedule: (retry: () => void, ms: number) => () => void;

	constructor(private readonly options: AttachmentQueueOptions) {
		this.fetch = options.fetch ?? ((...args) => fetch(...args));
		this.online = options.online ?? (() => navigator.onLine);
		this.schedule =
			options.schedule ??
			((retry, ms) => {
				const timer = setTimeout(retry, ms);
				return () => clearTimeout(timer);
			});
	}

	private get db(): OfflineDatabase {
		return this.options.db;
	}

	/** Keeps the photo on the device, queues its upload and returns the reference to write. */
	async add(communityId: string, bytes: Uint8Array, type: string): Promise<string> {
		const id = await sha256Hex(bytes);
		const existing = await this.db.attachments.get([communityId, id]);
		// The same photo attached again: an uploaded or failed copy keeps its state.
		if (!existing || existing.state === 'cached') {
			await this.db.attachments.put({ communityId, id, type, bytes, state: existing ? 'uploaded' : 'pending', at: Date.now() });
		}
		this.kick();
		return attachmentRef(id);
	}

	/** Uploads what is waiting now (on start, on `online`, on reconnect), forgetting the backoff. */
	kick(): void {
		if (this.destroyed) return;
		this.cancelRetry?.();
		this.cancelRetry = null;
		this.failures = 0;
		void this.drain();
	}

	/** Resolves when the uploads started so far have ended (each uploaded, refused or deferred). */
	async settled(): Promise<void> {
		while (this.running) await this.running;
	}

	private drain(): Promise<void> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = (async () => {
			do {
				this.again = false;
				await this.uploadAll();
			} while (this.again && !this.destroyed);
		})().finally(() => {
			this.running = null;
		});
		return this.running;
	}

	private async uploadAll(): Promise<void> {
		const pending = await this.db.attachments.where('state').equals('pending').toArray();
		this.setWaiting(pending.length);
		if (!pending.length || !this.online() || this.signInNeeded) return;
		for (const row of pending) {
			const outcome = await this.upload(row);
			if (outcome === 'retry') return this.retryLater();
			if (outcome === 'signIn') {
				this.signInNeeded = true;
				return this.options.onChange?.();
			}
		}
		this.failures = 0;
		this.setWaiting(await this.db.attachments.where('state').equals('pending').count());
	}

	private async upload(row: AttachmentRow): Promise<'done' | 'retry' | 'signIn'> {
		let response: Response;
		try {
			response = await this.fetch(`/api/communities/${encodeURIComponent(row.communityId)}/attachments/${row.id}`, {
				method: 'PUT',
				headers: { authorization: `Bearer ${this.options.token}`, 'content-type': row.type },
				body: row.bytes as Uint8Array<ArrayBuffer>
			});
		} catch {
			return 'retry';
		}
		if (response.ok) {
			await this.db.attachments.update([row.communityId, row.id], { state: 'uploaded' });
			return 'done';
		}
		if (response.status === 401) return 'signIn';
		if (response.status === 408 || response.status === 429 || response.status >= 500) return 'retry';
		await this.db.attachments.update([row.communityId, row.id], { state: 'failed', problem: PROBLEMS[response.status] ?? 'refused' });
		return 'done';
	}

	private retryLater(): void {
		const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures++);
		this.cancelRetry?.();
		this.cancelRetry = this.schedule(() => {
			this.cancelRetry = null;
			void this.drain();
		}, delay);
	}

	private setWaiting(count: number): void {
		if (count === this.waiting) return;
		this.waiting = count;
		this.options.onChange?.();
	}

	/**
	 * The photo's bytes: this device's copy, else fetched from the relay with the user's token
	 * (an `<img>` cannot send one) and kept for offline viewing.
	 */
	async load(communityId: string, id: string): Promise<AttachmentRow> {
		const local = await this.db.attachments.get([communityId, id]);
		if (local) return local;
		if (!this.online()) throw new PhotoLoadError('offline');
		let response: Response;
		try {
			response = await this.fetch(`/api/communities/${encodeURIComponent(communityId)}/attachments/${id}`, {
				headers: { authorization: `Bearer ${this.options.token}` }
			});
		} catch {
			throw new PhotoLoadError('offline');
		}
		if (!response.ok) {
			const problems: Record<number, LoadProblem> = { 401: 'expired', 403: 'forbidden', 404: 'notFound' };
			throw new PhotoLoadError(problems[response.status] ?? 'failed');
		}
		const row: AttachmentRow = {
			communityId,
			id,
			type: response.headers.get('content-type') ?? 'image/jpeg',
			bytes: new Uint8Array(await response.arrayBuffer()),
			state: 'cached',
			at: Date.now()
		};
		// Another view may have stored it meanwhile (or the user attached it): keep that one.
		await this.db.attachments.add(row).catch(() => undefined);
		return (await this.db.attachments.get([communityId, id])) ?? row;
	}

	destroy(): void {
		this.destroyed = true;
		this.cancelRetry?.();
		this.cancelRetry = null;
	}
}
