import { describe, expect, it } from 'vitest';
import { landingPath, sectionsFor } from './navigation';

describe('sections', () => {
	it('shows each role what concerns it, each section once', () => {
		expect(sectionsFor('secretary').map((s) => s.path)).toEqual(['grids', 'activities', 'volunteers', 'pairings']);
		expect(sectionsFor('volunteer').map((s) => s.path)).toEqual(['me', 'grids', 'activities']);
		expect(sectionsFor('partner').map((s) => s.path)).toEqual(['pairings']);
		expect(sectionsFor('liaison').map((s) => s.path)).toEqual(['grids', 'activities', 'pairings']);
		expect(sectionsFor('stranger')).toEqual([]);
	});

	it('lands a role on its first section', () => {
		expect(landingPath('wenyuan', 'partner')).toBe('/c/wenyuan/pairings');
		expect(landingPath('wenyuan', 'volunteer')).toBe('/c/wenyuan/me');
		expect(landingPath('wenyuan', 'gridworker')).toBe('/c/wenyuan/grids');
		expect(landingPath('wenyuan', '')).toBe('/c/wenyuan/grids');
	});
});
