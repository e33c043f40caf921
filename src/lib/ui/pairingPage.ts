import { getPairing, listCommitments, summarise, type Community } from '$lib/model';

/**
 * One agreement as a page shows it. A partner account that does not represent it gets the
 * header only (`mayOpen` false): its document of commitments is not even opened.
 */
export async function readPairingPage(
	community: Community,
	pairingId: string,
	viewer: { role: string; userId: string; manages: boolean }
) {
	const now = community.now();
	const pairing = getPairing(await community.root(), pairingId);
	const mayOpen = !!pairing && (viewer.role !== 'partner' || pairing.representatives.includes(viewer.userId));
	const commitments = mayOpen
		? listCommitments(await community.pairing(pairingId), { includeArchived: viewer.manages })
		: [];
	return { now, pairing, mayOpen, commitments, summary: summarise(commitments, now) };
}

/** Whether this viewer may post progress on a commitment of that side. */
export function mayReport(viewer: { role: string; manages: boolean }, side: string): boolean {
	return viewer.manages || (viewer.role === 'partner' && side === 'partner');
}
