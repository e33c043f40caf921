import { commitmentHistory, getPairing, listCommitments, summarise, type Community, type FieldChange } from '$lib/model';

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
	const doc = mayOpen ? await community.pairing(pairingId) : null;
	const commitments = doc ? listCommitments(doc, { includeArchived: viewer.manages }) : [];
	/** Who changed each commitment's fields ("who changed this"), by commitment id. */
	const histories: Record<string, FieldChange[]> = doc
		? Object.fromEntries(commitments.map((c) => [c.id, commitmentHistory(doc, c.id)]))
		: {};
	return { now, pairing, mayOpen, commitments, histories, summary: summarise(commitments, now) };
}

/** Whether this viewer may post progress on a commitment of that side. */
export function mayReport(viewer: { role: string; manages: boolean }, side: string): boolean {
	return viewer.manages || (viewer.role === 'partner' && side === 'partner');
}
