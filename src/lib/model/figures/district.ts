import { addSharedFigures, type CommunityFigures, type SharedFigures } from './community';
import type { DayRange } from './range';

/** Every community's figures side by side, and the district's total. */
export interface DistrictFigures {
	range: DayRange;
	communities: { id: string; figures: CommunityFigures }[];
	total: SharedFigures;
}

export function districtFigures(range: DayRange, communities: { id: string; figures: CommunityFigures }[]): DistrictFigures {
	return { range, communities, total: addSharedFigures(range, communities.map((c) => c.figures)) };
}
