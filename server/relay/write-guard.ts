import type { Document } from '@hocuspocus/server';
import {
	MissingContentError,
	UPDATE_REFUSED,
	parseDocName,
	periodDocName,
	rootDocName,
	storageProblem,
	touchesOf,
	writeProblem
} from '../../src/lib/model';
import type { StoreDocumentSource } from '../store/source';
import type { ConnectionContext } from './authentication';
import type { UpdateRefusal } from './metrics';
import { DependenciesMissingError } from './dependencies';

/**
 * Hocuspocus closes the connection to the document with this reason, which the client reads
 * (UPDATE_REFUSED and why); nothing of the update is applied or stored.
 */
export class UpdateRefusedError extends Error {
	override name = 'UpdateRefusedError';
	readonly code = 4403;
	readonly reason: string;
	constructor(
		readonly refusal: UpdateRefusal,
		why: string
	) {
		super(why);
		this.reason = `${UPDATE_REFUSED}${why}`;
	}
}

/**
 * Decides, before anything of an update is applied, whether the connection's member may make
 * it: every change must keep the storage contract and lie within the member's scope (the
 * model's `storageProblem` and `writeProblem`, docs/access.md).
 */
export class WriteGuard {
	constructor(
		private readonly deps: {
			/** The relay's live documents, else stored copies (released after each check). */
			documents: () => StoreDocumentSource;
			onRefused?: (refusal: UpdateRefusal) => void;
		}
	) {}

	async check(document: Document, update: Uint8Array, context: ConnectionContext): Promise<void> {
		const ref = parseDocName(document.name);
		const refuse = (refusal: UpdateRefusal, why: string) => {
			this.deps.onRefused?.(refusal);
			return new UpdateRefusedError(refusal, why);
		};
		if (!ref) throw refuse('outOfScope', 'unknown document');
		let touches;
		try {
			touches = touchesOf(document, update);
		} catch (error) {
			if (error instanceof MissingContentError) throw new DependenciesMissingError(document.name);
			// Like any malformed message: the endpoint closes the socket as it always has.
			throw error;
		}
		if (!touches.length) return;
		if (context.access !== 'write') throw refuse('readOnly', 'your role may only read this document');
		for (const touch of touches) {
			const problem = storageProblem(ref.kind, touch);
			if (problem) throw refuse('invalid', problem);
		}
		const source = this.deps.documents();
		try {
			const problem = await writeProblem(context.member, ref, touches, {
				doc: document,
				root: () => source.open(rootDocName(ref.communityId)),
				period: (key) => source.open(periodDocName(ref.communityId, key))
			});
			if (problem) throw refuse('outOfScope', problem);
		} finally {
			source.release();
		}
	}
}
