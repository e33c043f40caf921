import type * as Y from 'yjs';
import { Community, ID_PATTERN, exportFamily } from '../../src/lib/model';
import { StoreDocumentSource } from '../store/source';
import type { Store } from '../store/types';
import { requireUser, type AuthDeps } from './auth';
import { HttpError, sendJson } from './http';
import type { RouteHandler } from './router';

export interface ExportDeps extends AuthDeps {
	store: Store;
	/** The relay's in-memory copy of a document, when it has one loaded. */
	liveDocument(name: string): Y.Doc | undefined;
}

export function exportJson(deps: ExportDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const user = await requireUser(deps, req);
		const id = params.id;
		if (!ID_PATTERN.test(id) || !(await deps.accounts.getCommunity(id))) {
			throw new HttpError(404, `community ${JSON.stringify(id)} does not exist`);
		}
		if (!(await deps.accounts.roleIn(user.id, id))) throw new HttpError(403, 'not a member of this community');
		const community = new Community(id, new StoreDocumentSource(deps.store, deps.liveDocument), { userId: user.id });
		try {
			sendJson(res, 200, await exportFamily(community));
		} finally {
			community.close();
		}
	};
}
