import * as Y from 'yjs';
import {
	ID_PATTERN,
	collection,
	documentAccess,
	frozenCopy,
	meetingDocName,
	minutesBody,
	parseDocName,
	rootDocName,
	type DocumentRef
} from '../../src/lib/model';
import { docOf } from '../store/documents';
import { StoreDocumentSource } from '../store/source';
import { StoreError } from '../store/types';
import { requireUser } from './auth';
import type { ExportDeps } from './export';
import { HttpError, sendJson } from './http';
import type { RouteContext, RouteHandler } from './router';

/** Newest first; a document keeps its newest snapshot and about one a day, so this is 100 days. */
export const MAX_SNAPSHOTS_LISTED = 100;

/**
 * The meeting document a request names, once the user is known to be a member whose role may
 * open it (the same policy as the relay's, docs/access.md) and the meeting exists.
 */
async function readableMeeting(deps: ExportDeps, { req, params }: RouteContext): Promise<{ name: string; ref: DocumentRef }> {
	const user = await requireUser(deps, req);
	const { id, meeting } = params;
	if (!ID_PATTERN.test(id) || !(await deps.accounts.getCommunity(id))) {
		throw new HttpError(404, `community ${JSON.stringify(id)} does not exist`);
	}
	const role = await deps.accounts.roleIn(user.id, id);
	if (!role) throw new HttpError(403, 'not a member of this community');
	const ref = ID_PATTERN.test(meeting) ? parseDocName(meetingDocName(id, meeting)) : null;
	if (!ref) throw new HttpError(404, `meeting ${JSON.stringify(meeting)} does not exist`);
	if (documentAccess({ userId: user.id, role }, ref) === 'none') {
		throw new HttpError(403, 'your role in this community may not open these minutes');
	}
	const source = new StoreDocumentSource(deps.store, deps.liveDocument);
	try {
		if (!collection(await source.open(rootDocName(id)), 'meetings').has(meeting)) {
			throw new HttpError(404, `meeting ${JSON.stringify(meeting)} does not exist`);
		}
	} finally {
		source.release();
	}
	return { name: meetingDocName(id, meeting), ref };
}

/** `GET …/meetings/:meeting/snapshots`: when the relay's kept snapshots of the minutes were taken. */
export function listMinutesSnapshots(deps: ExportDeps): RouteHandler {
	return async (context) => {
		const { name } = await readableMeeting(deps, context);
		const times = await deps.store.listSnapshots(name);
		sendJson(context.res, 200, {
			historyStart: await deps.store.historyStart(),
			snapshots: times.slice(0, MAX_SNAPSHOTS_LISTED).map((at) => ({ at }))
		});
	};
}

/**
 * `GET …/meetings/:meeting/snapshots/:at`: the minutes body as the relay held it at `at` (epoch
 * ms, within the kept history), as a version keeps its body: `body` is the base64 of the update
 * of a fresh document holding only the body; `snapshot` the base64 of the Yjs snapshot of the
 * meeting document then (`Y.encodeSnapshot`), for comparisons that name who changed what.
 */
export function readMinutesSnapshot(deps: ExportDeps): RouteHandler {
	return async (context) => {
		const { name } = await readableMeeting(deps, context);
		const raw = context.params.at;
		const at = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
		if (!Number.isSafeInteger(at)) throw new HttpError(400, 'at must be a time in epoch milliseconds');
		if (at > Date.now()) throw new HttpError(400, 'at is in the future');
		let doc: Y.Doc;
		try {
			doc = docOf(name, await deps.store.loadDocumentAt(name, at));
		} catch (error) {
			if (error instanceof StoreError && error.code === 'beyondRetention') throw new HttpError(410, error.message);
			throw error;
		}
		try {
			const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
			sendJson(context.res, 200, { at, body: base64(frozenCopy(minutesBody(doc))), snapshot: base64(Y.encodeSnapshot(Y.snapshot(doc))) });
		} finally {
			doc.destroy();
		}
	};
}
