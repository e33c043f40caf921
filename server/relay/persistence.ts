import type {
	Document,
	Extension,
	afterLoadDocumentPayload,
	beforeHandleMessagePayload,
	onLoadDocumentPayload,
	onStoreDocumentPayload
} from '@hocuspocus/server';
import * as Y from 'yjs';
import { communityOfDoc, migrate, rootDocName } from '../../src/lib/model';
import { storedState } from '../store/documents';
import type { Store } from '../store/types';
import type { EarlySync } from './early-sync';
import { DependenciesMissingError, firstClocks, holdUntilIntegrable, integrable, spend, updateIn } from './dependencies';
import { GroupCommit } from './group-commit';
import { senderOf } from './origin';
import type { StoreOperation } from './metrics';

/** Origin of updates taken in from the store's log: they are logged already. */
const FROM_LOG = Symbol('persistence: from the log');

/** What a load found, kept until `afterLoadDocument` binds the document. */
interface Loaded {
	through: number;
	uncompacted: boolean;
	/** A snapshot failed its checksum: write a sound one at once rather than after the next edit. */
	repair: boolean;
}

interface LogState {
	/** Every logged update with an id up to this one is in the document. */
	through: number;
	/** Ids this relay logged above `through`, so a pull does not apply them a second time. */
	own: Set<number>;
	/** Whether the document holds logged updates no snapshot covers yet. */
	uncompacted: boolean;
	/** Settles when every update of the document seen so far is committed (or failed to be). */
	appended: Promise<void>;
	/** While set, the appends of the client message being applied, so that it can wait for them. */
	capture: Promise<void>[] | null;
	/** How many appends have failed; the document then holds changes only a snapshot can save. */
	failures: number;
	/** Whether the document holds a change whose append failed and no snapshot has saved since. */
	unlogged: boolean;
	/** The pull or compaction running, so that two never overlap. */
	maintenance: Promise<void>;
	/** Yjs's parked content (V2) as last logged, to log it again only when it changes. */
	pendingStructs: Uint8Array | null;
	pendingDs: Uint8Array | null;
}

export interface PersistenceOptions {
	/** How often loaded documents take in updates another process logged (the admin CLI); 0: never. */
	pollMs?: number;
	/** How long an update may wait for the changes it depends on before its connection is closed. */
	holdMs?: number;
	warn?: (message: string) => void;
	/** Told how long each store operation took (the store latency histogram). */
	observe?: (seconds: number, operation: StoreOperation) => void;
	/**
	 * Decides whether a client's update may be applied at all (the write guard); what it throws
	 * refuses the message, and a DependenciesMissingError makes the client reconnect and resync.
	 */
	guard?: (document: Document, update: Uint8Array, connection: beforeHandleMessagePayload['connection']) => Promise<void>;
	/**
	 * Told of every update the document now holds that is in the store's log, with its id: one
	 * it logged (once committed) or one another process logged and it took in. What keeps
	 * figures derived from the documents up to date without re-reading them all.
	 */
	onLogged?: (documentName: string, updateId: number) => void;
	/** Answers a client that holds nothing from the stored state while the document loads. */
	early?: Pick<EarlySync, 'answer' | 'applied'>;
}

/** Hocuspocus sends `reason` to the client that asked for the document. */
export class LoadFailedError extends Error {
	override name = 'LoadFailedError';
	readonly reason = 'document could not be loaded';
	constructor(documentName: string, cause: unknown) {
		super(`cannot load ${documentName}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
	}
}

/**
 * Every update the relay's documents take in is appended to the store's log, and a client's
 * update is committed before Hocuspocus acknowledges it: `beforeHandleMessage`, which
 * Hocuspocus awaits, applies the update itself and waits for the commit; Hocuspocus then applies
 * the emptied message and acknowledges. So "saved" on the client means committed, whatever the
 * engine. Appends are committed in groups (group-commit.ts). The debounced `onStoreDocument`
 * folds the log into a snapshot so loading stays fast. Updates another process logs (the admin
 * CLI's imports and restores, another relay) are taken in by polling the log. Neither a failed
 * load nor a failed snapshot may leave a document behind in memory or reject a hook Hocuspocus
 * does not await (that would end the process).
 */
export class Persistence implements Extension {
	extensionName = 'persistence';
	private readonly loaded = new WeakMap<Document, Loaded>();
	private readonly logs = new Map<Document, LogState>();
	/** Per connection, the applying of the last update it sent (see applyInTurn). */
	private readonly applying = new WeakMap<beforeHandleMessagePayload['connection'], Promise<unknown>>();
	private readonly appends: GroupCommit;
	private readonly pollMs: number;
	private readonly holdMs: number;
	private readonly warn: (message: string) => void;
	private readonly observe: PersistenceOptions['observe'];
	private readonly guard: PersistenceOptions['guard'];
	private readonly onLogged: PersistenceOptions['onLogged'];
	private readonly early: PersistenceOptions['early'];
	private poller: NodeJS.Timeout | undefined;
	private closed = false;

	constructor(
		private readonly store: Store,
		options: PersistenceOptions = {}
	) {
		this.pollMs = options.pollMs ?? 1000;
		this.holdMs = options.holdMs ?? 10_000;
		this.warn = options.warn ?? ((message) => console.warn(message));
		this.observe = options.observe;
		this.guard = options.guard;
		this.onLogged = options.onLogged;
		this.early = options.early;
		this.appends = new GroupCommit(store, (seconds) => this.observe?.(seconds, 'append'));
	}

	async onLoadDocument({ document, documentName, context }: onLoadDocumentPayload): Promise<void> {
		try {
			const stored = await this.timed('load', () => this.store.loadDocument(documentName));
			const state = storedState(stored);
			await this.early?.answer(document, context, state);
			if (state) applyUnheard(document, () => Y.applyUpdate(document, state));
			this.early?.applied(document);
			const repair = stored.corruptSnapshots > 0;
			const uncompacted = stored.updates.length > 0 || repair;
			this.loaded.set(document, { through: stored.throughUpdateId, uncompacted, repair });
		} catch (error) {
			// Hocuspocus forgets a document whose load failed without destroying it, and the
			// awareness timer of an undestroyed document keeps it in memory for good.
			document.destroy();
			throw new LoadFailedError(documentName, error);
		}
	}

	async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
		const loaded = this.loaded.get(document);
		if (!loaded) return;
		const log: LogState = {
			through: loaded.through,
			own: new Set(),
			uncompacted: loaded.uncompacted,
			appended: Promise.resolve(),
			capture: null,
			failures: 0,
			unlogged: false,
			maintenance: Promise.resolve(),
			pendingStructs: document.store.pendingStructs?.update ?? null,
			pendingDs: document.store.pendingDs
		};
		const append = (update: Uint8Array, origin: unknown) => {
			log.uncompacted = true;
			const logged = this.appends.append({ name: documentName, update, ...senderOf(origin) }).then(
				(id) => {
					if (id > log.through) log.own.add(id);
					this.onLogged?.(documentName, id);
				},
				(error) => {
					// The change stays in memory: no acknowledgement is given until a snapshot has saved
					// it (tried at once); the client that sent it is refused and sends it again.
					log.failures++;
					log.unlogged = true;
					this.warn(`cannot log an update of ${documentName}: ${messageOf(error)}`);
					void this.compact(document);
					throw error;
				}
			);
			log.capture?.push(logged);
			log.appended = Promise.allSettled([log.appended, logged]).then(() => undefined);
			return logged;
		};
		// Every change the document takes in, from a client, another relay (through Redis) or the
		// relay itself, is logged: what this process holds in memory must be on disk before it
		// acknowledges anything that depends on it.
		const onUpdate = (update: Uint8Array, origin: unknown) => {
			if (origin !== FROM_LOG) append(update, origin).catch(() => undefined);
		};
		// What Yjs parks for a missing dependency (a deletion of content it has not seen, an update
		// that did not come as a held client message) is left out of the `update` event, yet
		// acknowledged: log it as well, or a crash loses it.
		const onTransaction = (transaction: Y.Transaction) => {
			const structs = document.store.pendingStructs?.update ?? null;
			const ds = document.store.pendingDs;
			if (transaction.origin !== FROM_LOG) {
				if (structs && structs !== log.pendingStructs) onUpdate(Y.convertUpdateFormatV2ToV1(structs), transaction.origin);
				if (ds && ds !== log.pendingDs) onUpdate(Y.convertUpdateFormatV2ToV1(ds), transaction.origin);
			}
			log.pendingStructs = structs;
			log.pendingDs = ds;
		};
		document.on('update', onUpdate);
		document.on('afterTransaction', onTransaction);
		this.logs.set(document, log);
		this.poll();
		document.once('destroy', () => {
			document.off('update', onUpdate);
			document.off('afterTransaction', onTransaction);
			this.logs.delete(document);
			this.poll();
		});
		// After the listeners, so whatever the migration writes is logged like any other update.
		const communityId = communityOfDoc(documentName);
		if (communityId && documentName === rootDocName(communityId)) migrate(document);
		await log.appended;
		if (loaded.repair) await this.compact(document);
	}

	/**
	 * Makes the acknowledgement honest: the update a client's message carries is applied here and
	 * its commit awaited, before Hocuspocus applies the message (emptied by then, see spend) and
	 * acknowledges.
	 * An update whose dependencies have not arrived is held first, so that it is integrated, and
	 * logged, when acknowledged. After a crash, a client's updates queued offline reach the
	 * restarted relay before the sync step carrying what the crash lost; Yjs would park them, and
	 * the acknowledged change would only show once that client synced again. Hocuspocus does not
	 * queue a connection's messages, so the sync step overtakes the held update.
	 */
	async beforeHandleMessage({ document, update, connection }: beforeHandleMessagePayload): Promise<void> {
		const carried = updateIn(update);
		const from = carried && firstClocks(carried);
		if (!carried || !from || connection.readOnly) return;
		const applied = this.applyInTurn(document, carried, from, connection);
		this.applying.set(connection, applied);
		await Promise.all(await applied);
		await this.settled(document);
		spend(carried);
	}

	/**
	 * Checks and applies a client's update once what it builds on is in the document, and
	 * resolves with the appends it made. A client sends its edits in order, each building on the
	 * last: one still being checked is simply waited for, where holding every edit of a burst
	 * until the document changes cost a listener and a timer each, woken by every update.
	 */
	private async applyInTurn(
		document: Document,
		carried: Uint8Array,
		from: Map<number, number>,
		connection: beforeHandleMessagePayload['connection']
	): Promise<Promise<void>[]> {
		const previous = this.applying.get(connection);
		if (previous && !integrable(document, from)) await previous.catch(() => undefined);
		if (!integrable(document, from)) await holdUntilIntegrable(document, from, connection, this.holdMs);
		try {
			await this.guard?.(document, carried, connection);
		} catch (error) {
			if (error instanceof DependenciesMissingError) connection.webSocket.close(error.code, error.reason);
			throw error;
		}
		const log = this.logs.get(document);
		if (!log) return [];
		const own: Promise<void>[] = [];
		log.capture = own;
		try {
			Y.applyUpdate(document, carried, connection);
		} finally {
			log.capture = null;
		}
		return own;
	}

	/**
	 * Settles when everything the document holds so far is committed; rejects while it holds a
	 * change the store failed to log (until a snapshot saves it).
	 */
	async settled(document: Document): Promise<void> {
		const log = this.logs.get(document);
		if (!log) return;
		await log.appended;
		if (log.unlogged) throw new Error(`${document.name}: a change could not be logged; retrying`);
	}

	async onStoreDocument({ document }: onStoreDocumentPayload): Promise<void> {
		await this.compact(document);
	}

	/**
	 * Adds the document's state to the store as a snapshot covering everything logged so far.
	 * A failure is only reported: the log still holds every update, and the next compaction
	 * tries again.
	 */
	compact(document: Document): Promise<void> {
		return this.maintain(document, async (log) => {
			// Own appends committed first, so the pull moves past them and the snapshot covers them.
			await log.appended;
			await this.pull(document, log);
			if (!log.uncompacted && !log.unlogged) return;
			const failures = log.failures;
			const state = Y.encodeStateAsUpdate(document);
			const through = log.through;
			await this.timed('snapshot', () => this.store.storeSnapshot(document.name, state, through));
			log.uncompacted = false;
			if (log.failures === failures) log.unlogged = false;
		}).catch((error) => this.warn(`cannot snapshot ${document.name}, its log keeps every update: ${messageOf(error)}`));
	}

	/** Stops taking in other processes' updates for good and waits for every append to commit. */
	async close(): Promise<void> {
		this.closed = true;
		this.stopPolling();
		await this.appends.idle();
	}

	/** Runs `work` on the document's log state after any pull or compaction still running. */
	private maintain(document: Document, work: (log: LogState) => Promise<void>): Promise<void> {
		const log = this.logs.get(document);
		if (!log) return Promise.resolve();
		const run = log.maintenance.then(() => work(log));
		log.maintenance = run.catch(() => undefined);
		return run;
	}

	private async timed<T>(operation: StoreOperation, run: () => Promise<T>): Promise<T> {
		const started = performance.now();
		try {
			return await run();
		} finally {
			this.observe?.((performance.now() - started) / 1000, operation);
		}
	}

	/** Applies what other processes logged for the document since it was loaded or last pulled. */
	private async pull(document: Document, log: LogState): Promise<void> {
		const foreign: Uint8Array[] = [];
		let last = 0;
		for (const row of await this.store.updatesAfter(document.name, log.through)) {
			if (!log.own.delete(row.id)) {
				foreign.push(row.data);
				last = row.id;
			}
			log.through = row.id;
		}
		if (!foreign.length || !this.logs.has(document)) return;
		log.uncompacted = true;
		Y.applyUpdate(document, Y.mergeUpdates(foreign), FROM_LOG);
		this.onLogged?.(document.name, last);
	}

	private stopPolling(): void {
		clearInterval(this.poller);
		this.poller = undefined;
	}

	/** Polls while documents are loaded, not while the relay is idle. */
	private poll(): void {
		if (!this.logs.size || !this.pollMs || this.closed) return this.stopPolling();
		if (this.poller) return;
		this.poller = setInterval(() => {
			for (const document of this.logs.keys()) {
				this.maintain(document, (log) => this.pull(document, log)).catch((error) =>
					this.warn(`cannot read the log of ${document.name}: ${messageOf(error)}`)
				);
			}
		}, this.pollMs);
		this.poller.unref();
	}
}

/**
 * Runs `apply` with no `update` listener on the document. Hocuspocus listens from the moment it
 * makes a document, before loading it, and Yjs then encodes the whole loaded state once more as
 * an update for a broadcast to no one: a quarter of a large community's cold open, and as much
 * garbage. Everything that must hear of updates attaches in afterLoadDocument, after this.
 */
function applyUnheard(document: Document, apply: () => void): void {
	const listeners = document._observers.get('update');
	document._observers.delete('update');
	try {
		apply();
	} finally {
		if (listeners) document._observers.set('update', listeners);
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
