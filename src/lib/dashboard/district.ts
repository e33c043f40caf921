import type { DayRange, DistrictFigures } from '$lib/model';
import type { OfflineDatabase } from '$lib/sync/offline-store';

/** The district figures as the server answers them, with the moment it counted them. */
export interface DistrictAnswer extends DistrictFigures {
	asOf: number;
}

/** Why the district figures could not be fetched: an i18n key of the page. */
export class DistrictError extends Error {
	constructor(
		readonly key: 'dash.district.noCache' | 'dash.district.expired' | 'dash.district.notAdmin' | 'dash.district.failed',
		readonly detail = ''
	) {
		super(detail || key);
	}
}

const CACHE_KEY = 'district:last';

/** What the page shows: fresh from the server, or the last answer kept on the device when it is unreachable. */
export interface DistrictView {
	answer: DistrictAnswer;
	/** Kept from an earlier visit: the server could not be reached now. */
	cached: boolean;
}

/**
 * `GET /api/district/figures` for the range. The answer is kept on the device, so with no
 * network the page shows the last one (saying when it was counted, and for which days).
 */
export async function fetchDistrict(token: string, range: DayRange, db: OfflineDatabase): Promise<DistrictView> {
	let response: Response;
	try {
		response = await fetch(`/api/district/figures?from=${range.from}&to=${range.to}`, { headers: { authorization: `Bearer ${token}` } });
	} catch {
		const kept = await db.getValue<DistrictAnswer>(CACHE_KEY);
		if (!kept) throw new DistrictError('dash.district.noCache');
		return { answer: kept, cached: true };
	}
	if (response.status === 401) throw new DistrictError('dash.district.expired');
	if (response.status === 403) throw new DistrictError('dash.district.notAdmin');
	const body = await response.json().catch(() => ({}));
	if (!response.ok) throw new DistrictError('dash.district.failed', String(body.error ?? response.statusText));
	await db.setValue(CACHE_KEY, body);
	return { answer: body as DistrictAnswer, cached: false };
}
