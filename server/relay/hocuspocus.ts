import { Hocuspocus } from '@hocuspocus/server';
import type { Accounts } from '../accounts/accounts';
import type { Tokens } from '../accounts/tokens';
import type { Store } from '../store/types';
import { Authentication } from './authentication';
import { Metrics } from './metrics';
import { Persistence } from './persistence';
import { Confirmations } from './confirmations';
import { RelayTimes } from './relay-times';

export interface Relay {
	hocuspocus: Hocuspocus;
	metrics: Metrics;
	/** Closes every connection and snapshots every loaded document; the store stays open. */
	shutdown(): Promise<void>;
}

export function createRelay(deps: { store: Store; accounts: Accounts; tokens: Tokens }): Relay {
	const metrics = new Metrics();
	const persistence = new Persistence(deps.store, {
		observe: (seconds, operation) => metrics.observeStoreLatency(seconds, operation)
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
				onRefused: (refusal) => metrics.countRefusal(refusal)
			}),
			persistence,
			new RelayTimes(),
			new Confirmations(),
			metrics
		]
	});

	async function shutdown(): Promise<void> {
		hocuspocus.closeConnections();
		// Run the debounced stores now rather than after the database is gone; one that fails
		// is retried by the compaction below.
		await Promise.allSettled(
			[...hocuspocus.documents.keys()].map((name) =>
				hocuspocus.debouncer.executeNow(`onStoreDocument-${name}`)
			)
		);
		for (const document of hocuspocus.documents.values()) persistence.compact(document);
		persistence.close();
	}

	return { hocuspocus, metrics, shutdown };
}
