import type * as Y from 'yjs';
import { Community, exportFamily } from '../../src/lib/model';
import { StoreDocumentSource } from '../store/source';
import type { Store } from '../store/types';
import { requireMember, type AuthDeps } from './auth';
import { sendJson } from './http';
import type { RouteHandler } from './router';

export interface ExportDeps extends AuthDeps {
	store: Store;
	/** The relay's in-memory copy of a document, when it has one loaded. */
	liveDocument(name: string): Y.Doc | undefined;
}

export function exportJson(deps: ExportDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const id = params.id;
		const { user } = await requireMember(deps, req, id);
		const community = new Community(id, new StoreDocumentSource(deps.store, deps.liveDocument), { userId: user.id });
		try {
			sendJson(res, 200, await exportFamily(community));
		} finally {
			community.close();
		}
	};
}
