import type { Account } from '$lib/account';
import { careDocName, rootDocName } from '$lib/model';
import type { SyncSession } from '$lib/sync';
import { sendOpenings } from './audit';
import { cachedTeamGrids, careGridsOf, refreshTeamGrids } from './grids';

const kept = new WeakMap<SyncSession, Set<string>>();

/**
 * Keeps the care records of the member's grids open for the session, as the minutes of recent
 * meetings are: on the device before the grid worker walks into a stairwell with no signal.
 * Follows the root (a grid assigned later is opened too) and the care team list the server
 * gives (refreshed on each sign-in while online). Sends the openings queued offline.
 */
export function keepCareRecordsOffline(session: SyncSession, account: Account): void {
	const communities = kept.get(session) ?? new Set<string>();
	kept.set(session, communities);
	void sendOpenings(session.db, account.token);
	for (const { communityId, role } of account.memberships) {
		if (communities.has(communityId) || role === 'district-admin') continue;
		communities.add(communityId);
		const viewer = { role, userId: account.user.id };
		void Promise.all([
			session.openDocument(rootDocName(communityId)),
			refreshTeamGrids(account.token, account.user.id, communityId)
		]).then(([{ doc: root }]) => {
			const open = () => {
				for (const { grid } of careGridsOf(root, viewer, cachedTeamGrids(account.user.id, communityId))) {
					void session.openDocument(careDocName(communityId, grid.id));
				}
			};
			root.on('update', open);
			root.once('destroy', () => root.off('update', open));
			open();
		});
	}
}
