import { writable, type Readable } from 'svelte/store';
import type { Account } from '$lib/account';
import { isRole } from '$lib/model';
import { OfflineDatabase } from './offline-store';
import { forgetPrivateDocuments } from './private-copies';
import { SyncSession } from './session';
import { initialStatus, type SyncStatus } from './status';

export { SyncSession } from './session';
export type { SyncStatus, Connection } from './status';
export type { OpenDocument } from './session';
export { live, liveRead, type LiveRead } from './live';
export { privatePending } from './private-copies';

let current: { key: string; session: SyncSession; unsubscribe: () => void } | null = null;
const status = writable<SyncStatus>(initialStatus);

/** The status of the current session, for the indicator and the pages. */
export const syncStatus: Readable<SyncStatus> = { subscribe: status.subscribe };

function relayUrl(): string {
	const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
	return `${scheme}://${location.host}/sync`;
}

/**
 * The one sync session of the signed-in account. Opening it opens every community of the
 * account, so all of them are in IndexedDB after the first online visit.
 */
export function sessionFor(account: Account): SyncSession {
	const key = `${account.user.id}\n${account.token}`;
	if (current?.key !== key) {
		endSession();
		const fresh = new SyncSession({ url: relayUrl(), token: account.token, userId: account.user.id });
		current = { key, session: fresh, unsubscribe: fresh.status.subscribe((next) => status.set(next)) };
	}
	const session = current.session;
	const ids = new Set([
		...account.memberships.map((m) => m.communityId),
		...account.communities.map((c) => c.id)
	]);
	for (const id of ids) void session.openCommunity(id);
	for (const { communityId, role } of account.memberships) {
		if (isRole(role)) session.keepMeetingsOffline(communityId, role);
	}
	return session;
}

export function endSession(): void {
	current?.unsubscribe();
	current?.session.destroy();
	current = null;
	status.set(initialStatus);
}

/**
 * Signing out: the session ends, then this device's copy of the private documents (the
 * residents' care records) is removed from IndexedDB. The rest stays for the next sign-in.
 */
export async function endSessionForgettingPrivate(userId: string): Promise<void> {
	endSession();
	const db = new OfflineDatabase(userId);
	try {
		await forgetPrivateDocuments(db);
	} finally {
		db.close();
	}
}
