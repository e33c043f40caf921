import { z } from 'zod';
import { careDocName, listGrids, parseDocName, recordId, rootDocName } from '../../src/lib/model';
import type { AccessOf } from '../relay/scoped-access';
import { StoreDocumentSource } from '../store/source';
import type { CareOpenRow } from '../store/types';
import { requireMember } from './auth';
import type { ExportDeps } from './export';
import { HttpError, readJson, sendJson, validate } from './http';
import type { RouteHandler } from './router';

export interface CareDeps extends ExportDeps {
	/** The relay's own answer to who may open a grid's care records. */
	accessOf: AccessOf;
}

/** Openings one request may carry: a device's queue sends them in batches of this many. */
export const CARE_OPENS_PER_REQUEST = 100;
const AUDIT_PAGE = 200;

const openingsBody = z.object({
	opens: z
		.array(
			z
				.object({
					grid: recordId,
					household: z.string().regex(/^[0-9a-z]{1,64}$/, 'household must be a record id'),
					at: z.number().int('at must be a whole number').min(0, 'at must not be negative')
				})
				.strict()
		)
		.min(1, 'opens must not be empty')
		.max(CARE_OPENS_PER_REQUEST, `opens must hold at most ${CARE_OPENS_PER_REQUEST} entries`)
});

/** The grids of the community whose care records the member may open, and how. */
async function openableGrids(deps: CareDeps, communityId: string, member: Parameters<AccessOf>[0]) {
	const source = new StoreDocumentSource(deps.store, deps.liveDocument);
	let grids;
	try {
		grids = listGrids(await source.open(rootDocName(communityId)));
	} finally {
		source.release();
	}
	const out: { grid: string; access: 'read' | 'write' }[] = [];
	for (const grid of grids) {
		const access = await deps.accessOf(member, parseDocName(careDocName(communityId, grid.id))!);
		if (access !== 'none') out.push({ grid: grid.id, access });
	}
	return out;
}

/**
 * `GET /api/communities/:id/care/grids`: the grids whose care records the signed-in member may
 * open (`{grids: [{grid, access}]}`); the app opens those, so a care team member's device
 * knows them offline.
 */
export function careGrids(deps: CareDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const { user, role } = await requireMember(deps, req, params.id);
		sendJson(res, 200, { grids: await openableGrids(deps, params.id, { userId: user.id, role }) });
	};
}

/**
 * `POST /api/communities/:id/care/opens` `{opens: [{grid, household, at}]}`: the app records each
 * opening of a household's care record, queued on the device while offline. Only ids and times
 * are kept, with the member and the server's receive time; refused (403) for a grid whose
 * records the member may not open.
 */
export function recordCareOpens(deps: CareDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const { user, role } = await requireMember(deps, req, params.id);
		const { opens } = validate(openingsBody, await readJson(req));
		const allowed = new Set((await openableGrids(deps, params.id, { userId: user.id, role })).map((g) => g.grid));
		if (opens.some((open) => !allowed.has(open.grid))) {
			throw new HttpError(403, "your role in this community may not open this grid's care records");
		}
		await deps.store.recordCareOpens(
			opens.map((open) => ({ communityId: params.id, grid: open.grid, household: open.household, userId: user.id, openedAt: open.at })),
			Date.now()
		);
		sendJson(res, 200, { recorded: opens.length });
	};
}

const auditQuery = z.object({
	grid: recordId.optional(),
	household: z.string().regex(/^[0-9a-z]{1,64}$/, 'household must be a record id').optional(),
	before: z.coerce.number().int('before must be a whole number').positive('before must be positive').optional()
});

/**
 * `GET /api/communities/:id/care/opens[?grid=&household=&before=]`: who opened which household's
 * record, newest first, 200 a page (`{opens: [...], next}`, `next` the `before` of the following
 * page or null). The secretary's only: 403 for everyone else.
 */
export function listCareOpens(deps: CareDeps): RouteHandler {
	return async ({ req, res, params }) => {
		const { role } = await requireMember(deps, req, params.id);
		if (role !== 'secretary') throw new HttpError(403, "only the community's secretary reads who opened the care records");
		const url = new URL(req.url ?? '/', 'http://localhost');
		const query = validate(auditQuery, Object.fromEntries(url.searchParams));
		const rows: CareOpenRow[] = await deps.store.careOpens(params.id, {
			grid: query.grid,
			household: query.household,
			beforeId: query.before,
			limit: AUDIT_PAGE
		});
		const opens = rows.map(({ id, grid, household, userId, openedAt, receivedAt }) => ({ id, grid, household, userId, openedAt, receivedAt }));
		sendJson(res, 200, { opens, next: rows.length === AUDIT_PAGE ? rows[rows.length - 1].id : null });
	};
}
