import type { Account } from '$lib/account';
import { SyncSession } from './session';

export { SyncSession } from './session';
export type { SyncStatus, Connection } from './status';
export { live } from './live';

let current: { key: string; session: SyncSession } | null = null;

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
		current?.session.destroy();
		const fresh = new SyncSession({ url: relayUrl(), token: account.token, userId: account.user.id });
		current = { key, session: fresh };
	}
	const session = current.session;
	const ids = new Set([
		...account.memberships.map((m) => m.communityId),
		...account.communities.map((c) => c.id)
	]);
	for (const id of ids) void session.openCommunity(id);
	return session;
}

export function endSession(): void {
	current?.session.destroy();
	current = null;
}
