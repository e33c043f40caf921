import * as Y from 'yjs';
import { ID_PATTERN, exportCommunity, rootDocName } from '../../src/lib/model';
import { applyStored } from '../store/documents';
import type { Store } from '../store/types';
import { requireUser, type AuthDeps } from './auth';
import { HttpError, sendJson } from './http';
import type { RouteHandler } from './router';

export interface ExportDeps extends AuthDeps {
	store: Store;
	/** The relay's in-memory copy of a document, when it has one loaded. */
	liveDocument(name: string): Y.Doc | undefined;
}

/** The stored state: every logged update is on disk, so this is as current as the relay's copy. */
function loadStored(store: Store, name: string): Y.Doc {
	const doc = new Y.Doc();
	applyStored(doc, store.loadDocument(name));
	return doc;
}

export function exportJson(deps: ExportDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const user = await requireUser(deps, req);
		const id = params.id;
		if (!ID_PATTERN.test(id) || !deps.accounts.getCommunity(id)) {
			throw new HttpError(404, `community ${JSON.stringify(id)} does not exist`);
		}
		if (!deps.accounts.roleIn(user.id, id)) throw new HttpError(403, 'not a member of this community');
		const name = rootDocName(id);
		const live = deps.liveDocument(name);
		const doc = live ?? loadStored(deps.store, name);
		try {
			sendJson(res, 200, exportCommunity(doc));
		} finally {
			if (!live) doc.destroy();
		}
	};
}
