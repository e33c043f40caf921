import { communityFigures, dayRangeShape, districtFigures } from '../../src/lib/model';
import type { CommunitySummaries } from '../figures/summaries';
import { requireUser, type AuthDeps } from './auth';
import { HttpError, sendJson } from './http';
import type { RouteHandler } from './router';

export interface DistrictDeps extends AuthDeps {
	summaries: CommunitySummaries;
	now?: () => number;
}

/**
 * `GET /api/district/figures?from=YYYY-MM-DD&to=YYYY-MM-DD`: the figures of every community the
 * user is a district admin of, side by side, and their total — from the kept summaries of
 * every community's documents, months and agreements included (server/figures/summaries.ts).
 */
export function districtFiguresRoute(deps: DistrictDeps): RouteHandler {
	return async ({ req, res }) => {
		const user = await requireUser(deps, req);
		const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
		const parsed = dayRangeShape.safeParse({ from: query.get('from') ?? undefined, to: query.get('to') ?? undefined });
		if (!parsed.success) throw new HttpError(400, parsed.error.issues[0].message);
		const range = parsed.data;
		const administered = (await deps.accounts.membershipsOf(user.id)).filter((m) => m.role === 'district-admin');
		if (!administered.length) throw new HttpError(403, 'only a district admin may read the district figures');
		const communities = await Promise.all(
			administered
				.map((m) => m.communityId)
				.sort()
				.map(async (id) => ({ id, figures: communityFigures(await deps.summaries.parts(id), range) }))
		);
		sendJson(res, 200, { asOf: (deps.now ?? Date.now)(), ...districtFigures(range, communities) });
	};
}
