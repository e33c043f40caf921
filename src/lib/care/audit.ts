import { ApiError, call } from '$lib/members';
import { newId } from '$lib/model';
import type { OfflineDatabase } from '$lib/sync/offline-store';

/** One opening of a household's care record, queued on the device until the server has it. */
export interface CareOpening {
	communityId: string;
	grid: string;
	household: string;
	at: number;
}

const PREFIX = 'careOpen:';
/** As many as the server takes in one request (server/api/care.ts). */
const BATCH = 100;

/**
 * Records that the member opened a household's record: kept in IndexedDB first (it is on the
 * device even with no network), then sent. The server adds who and when it received it.
 */
export async function recordOpening(db: OfflineDatabase, token: string, opening: CareOpening): Promise<void> {
	await db.setValue(`${PREFIX}${opening.at}:${newId()}`, opening);
	await sendOpenings(db, token);
}

let sending: Promise<void> | null = null;

/**
 * Sends what the queue holds, a grid at a time; an opening leaves the queue once the server has
 * recorded it, or refused it for good (the grid is no longer the member's: a refusal of one grid
 * takes no other grid's openings with it). Offline, or signed out, everything waits.
 */
export function sendOpenings(db: OfflineDatabase, token: string): Promise<void> {
	sending ??= send(db, token).finally(() => (sending = null));
	return sending;
}

async function send(db: OfflineDatabase, token: string): Promise<void> {
	const rows = await db.kv.where('key').startsWith(PREFIX).toArray();
	const byGrid = new Map<string, { key: string; opening: CareOpening }[]>();
	for (const { key, value } of rows) {
		const opening = value as CareOpening;
		const group = `${opening.communityId}/${opening.grid}`;
		byGrid.set(group, [...(byGrid.get(group) ?? []), { key, opening }]);
	}
	for (const queued of byGrid.values()) {
		const { communityId } = queued[0].opening;
		for (let i = 0; i < queued.length; i += BATCH) {
			const batch = queued.slice(i, i + BATCH);
			try {
				await call('POST', `/api/communities/${communityId}/care/opens`, {
					token,
					body: { opens: batch.map(({ opening }) => ({ grid: opening.grid, household: opening.household, at: opening.at })) }
				});
			} catch (error) {
				const status = error instanceof ApiError ? error.status : 0;
				if (status === 0 || status === 401 || status >= 500) return;
			}
			await db.kv.bulkDelete(batch.map(({ key }) => key));
		}
	}
}

/** How many openings wait on this device (shown beside the audit's note). */
export async function queuedOpenings(db: OfflineDatabase): Promise<number> {
	return db.kv.where('key').startsWith(PREFIX).count();
}
