import { parseDocName } from '$lib/model';
import type { SyncStatus } from '$lib/sync';

/**
 * How fresh the figures read from the device are. `live`: online and every document read has
 * synced; `syncing`: online, some document still on its way; `offline`: read from the device,
 * as of the oldest last sync among them; `never`: the community's root was never synced here.
 * `missing` names the months read that never reached this device: they count nothing.
 */
export interface Freshness {
	state: 'live' | 'syncing' | 'offline' | 'never';
	asOf: number | null;
	missing: string[];
}

export function freshnessOf(documents: readonly string[], status: Pick<SyncStatus, 'connection' | 'documents'>): Freshness {
	const synced = new Map(status.documents.map((d) => [d.name, d.lastSynced]));
	const times = documents.map((name) => synced.get(name) ?? null);
	const missing = documents
		.filter((name, i) => times[i] === null && parseDocName(name)?.kind === 'period')
		.map((name) => parseDocName(name)!.key);
	const known = times.filter((at): at is number => at !== null);
	const asOf = known.length ? Math.min(...known) : null;
	if (times[0] === null && status.connection !== 'online') return { state: 'never', asOf: null, missing };
	if (status.connection !== 'online') return { state: 'offline', asOf, missing };
	return { state: known.length === documents.length ? 'live' : 'syncing', asOf, missing };
}
