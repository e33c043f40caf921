import {
	documentAccess,
	privateDocName,
	rootDocName,
	type Access,
	type DocumentRef,
	type Member
} from '../../src/lib/model';
import type { StoreDocumentSource } from '../store/source';

/** What a member may do with a document, its scope read from the documents that say it. */
export type AccessOf = (member: Member, ref: DocumentRef) => Promise<Access>;

/**
 * The policy (`documentAccess`) with the documents it needs: the root for a partner's pairing
 * (its representatives) and a grid worker's care records (the grid's workers), the private
 * document for a care team member's. Live copies are read where the relay has them.
 */
export function scopedAccess(documents: () => StoreDocumentSource): AccessOf {
	return async (member, ref) => {
		const needsRoot =
			(ref.kind === 'pairing' && member.role === 'partner') ||
			(ref.kind === 'care' && member.role !== 'secretary' && member.role !== 'district-admin');
		if (!needsRoot) return documentAccess(member, ref);
		const source = documents();
		try {
			const root = await source.open(rootDocName(ref.communityId));
			// The care team list only when the root does not already say it (checked twice a second).
			const byRoot = documentAccess(member, ref, root);
			if (byRoot !== 'none' || ref.kind !== 'care') return byRoot;
			return documentAccess(member, ref, root, await source.open(privateDocName(ref.communityId)));
		} finally {
			source.release();
		}
	};
}
