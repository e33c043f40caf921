import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { StoreDocumentSource } from '../store/source';
import { Redis } from '@hocuspocus/extension-redis';
import type { Accounts } from '../accounts/accounts';
import type { Tokens } from '../accounts/tokens';
import type { Store } from '../store/types';
import { Authentication, type ConnectionContext } from './authentication';
import { Revocation } from './revocation';
import { WriteGuard } from './write-guard';
import { Metrics } from './metrics';
import { Persistence } from './persistence';
import { EarlySync } from './early-sync';
import { Confirmations } from './confirmations';
import { NoEcho } from './echo';
import { RelayTimes } from './relay-times';
import { DeletionRecords } from './deletions';
import { CareCounts } from './care-counts';
import { scopedAccess, type AccessOf } from './scoped-access';

export interface Relay {
	hocuspocus: Hocuspocus;
	metrics: Metrics;
	/** Decides whether a connection may make an update (also for /yws). */
	guard: WriteGuard;
	/** What a member may do with a document, its scope read from the live documents, else the stored ones. */
	accessOf: AccessOf;
	/** Closes connections whose membership changed or whose token expired; other endpoints register theirs. */
	revocation: Revocation;
	/** Answers a /sync socket holding nothing of a document from its stored state while it loads: give it every socket. */
	earlySync: EarlySync;
	/** Closes every connection and snapshots every loaded document; the store stays open. */
	shutdown(): Promise<void>;
}

export interface RelayOptions {
	store: Store;
	accounts: Accounts;
	tokens: Tokens;
	/** Redis shared by the relay processes serving the same documents; none for a single process. */
	redis?: { url: string; prefix: string } | null;
	warn?: (message: string) => void;
	/** Told of each update of a document once it is in the store's log (see Persistence). */
	onLogged?: (documentName: string, updateId: number) => void;
}

/**
 * Several processes serve one document through Redis: each relays what its clients send to the
 * others, and each logs what its own document takes in (see persistence).
 */
function redisExtension({ url, prefix }: { url: string; prefix: string }): Extension {
	const { hostname, port, username, password, pathname, protocol } = new URL(url);
	return new Redis({
		host: hostname,
		port: Number(port || 6379),
		prefix,
		options: {
			username: decodeURIComponent(username) || undefined,
			password: decodeURIComponent(password) || undefined,
			db: Number(pathname.slice(1) || 0),
			tls: protocol === 'rediss:' ? {} : undefined
		}
	});
}

export function createRelay(deps: RelayOptions): Relay {
	const metrics = new Metrics();
	// Made once Hocuspocus exists: it looks documents up there.
	let guard: WriteGuard | undefined;
	let live: Hocuspocus | undefined;
	const documents = () => new StoreDocumentSource(deps.store, (name) => live?.documents.get(name));
	const accessOf = scopedAccess(documents);
	const revocation = new Revocation({ accounts: deps.accounts, accessOf, warn: deps.warn });
	const careCounts = new CareCounts({ warn: deps.warn });
	const earlySync = new EarlySync();
	const persistence = new Persistence(deps.store, {
		warn: deps.warn,
		guard: (document, update, connection) => guard!.check(document, update, connection.context as ConnectionContext),
		observe: (seconds, operation) => metrics.observeStoreLatency(seconds, operation),
		onLogged: deps.onLogged,
		early: earlySync
	});
	const hocuspocus = new Hocuspocus({
		name: 'gongzhi',
		quiet: true,
		// Durability comes from the per-update log; these only bound how long the log grows.
		debounce: 2000,
		maxDebounce: 10000,
		extensions: [
			new Authentication({
				tokens: deps.tokens,
				accounts: deps.accounts,
				accessOf,
				onRefused: (refusal) => metrics.countRefusal(refusal)
			}),
			...(deps.redis ? [redisExtension(deps.redis)] : []),
			persistence,
			earlySync,
			new NoEcho(),
			new RelayTimes(),
			new DeletionRecords(),
			careCounts,
			new Confirmations((document) => persistence.settled(document)),
			revocation,
			metrics
		]
	});

	live = hocuspocus;
	guard = new WriteGuard({
		documents,
		onRefused: (refusal) => metrics.countRefusedUpdate(refusal)
	});

	async function shutdown(): Promise<void> {
		hocuspocus.closeConnections();
		// Counts still being written go into the root before its last snapshot.
		await careCounts.idle();
		// Run the debounced stores now rather than after the database is gone; one that fails
		// is retried by the compaction below.
		await Promise.allSettled(
			[...hocuspocus.documents.keys()].map((name) =>
				hocuspocus.debouncer.executeNow(`onStoreDocument-${name}`)
			)
		);
		await Promise.all([...hocuspocus.documents.values()].map((document) => persistence.compact(document)));
		await persistence.close();
		await Promise.all(hocuspocus.configuration.extensions.map((extension) => extension.onDestroy?.({ instance: hocuspocus })));
	}

	return { hocuspocus, metrics, guard, accessOf, revocation, earlySync, shutdown };
}
