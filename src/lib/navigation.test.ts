import { describe, expect, it } from 'vitest';
import { landingPath, recordPath, searchKindsFor, sectionOf, sectionsFor } from './navigation';

const paths = (role: string) => sectionsFor(role).map((s) => s.path);

describe('sections', () => {
	it('shows each role what concerns it, each section once, its home first', () => {
		const working = ['grids', 'cases', 'cases/new', 'patrol', 'activities', 'meetings', 'volunteers', 'pairings', 'departments', 'dashboard'];
		const withCare = ['grids', 'cases', 'cases/new', 'patrol', 'care', 'activities', 'meetings', 'volunteers', 'pairings', 'departments', 'dashboard'];
		expect(paths('secretary')).toEqual([...withCare, 'members']);
		expect(paths('district-admin')).toEqual([...working, 'members']);
		expect(paths('gridworker')).toEqual(withCare);
		expect(paths('liaison')).toEqual(['cases', 'grids', 'activities', 'meetings', 'pairings', 'departments']);
		expect(paths('observer')).toEqual(['grids', 'cases', 'activities', 'meetings', 'volunteers', 'pairings', 'departments', 'dashboard']);
		expect(paths('volunteer')).toEqual(['me', 'grids', 'activities', 'meetings']);
		expect(paths('partner')).toEqual(['pairings']);
		expect(sectionsFor('stranger')).toEqual([]);
	});

	it('shows the care records to a member on a care team, whatever the role, but never to the district', () => {
		const care = (role: string) => sectionsFor(role, { careTeam: true }).map((s) => s.path);
		expect(care('volunteer')).toEqual(['me', 'grids', 'care', 'activities', 'meetings']);
		expect(care('partner')).toEqual(['pairings', 'care']);
		expect(care('district-admin')).not.toContain('care');
	});

	it('lands a role on its first section', () => {
		expect(landingPath('wenyuan', 'partner')).toBe('/c/wenyuan/pairings');
		expect(landingPath('wenyuan', 'volunteer')).toBe('/c/wenyuan/me');
		expect(landingPath('wenyuan', 'liaison')).toBe('/c/wenyuan/cases');
		expect(landingPath('wenyuan', 'gridworker')).toBe('/c/wenyuan/grids');
		expect(landingPath('wenyuan', 'secretary')).toBe('/c/wenyuan/grids');
		expect(landingPath('wenyuan', '')).toBe('/c/wenyuan/grids');
	});

	it('finds the section a page is in, the most specific first', () => {
		const sections = sectionsFor('gridworker');
		expect(sectionOf(sections, 'cases/new')?.path).toBe('cases/new');
		expect(sectionOf(sections, 'cases/2026-05-abc')?.path).toBe('cases');
		expect(sectionOf(sections, 'cases')?.path).toBe('cases');
		expect(sectionOf(sections, 'activities/x1')?.path).toBe('activities');
		expect(sectionOf(sections, 'casesx')).toBeUndefined();
		expect(sectionOf(sections, '')).toBeUndefined();
	});
});

describe('search', () => {
	it('finds for a role only the kinds of record its sections show', () => {
		expect(searchKindsFor('secretary')).toEqual(['grid', 'case', 'activity', 'meeting', 'volunteer', 'pairing']);
		expect(searchKindsFor('volunteer')).toEqual(['grid', 'activity', 'meeting']);
		expect(searchKindsFor('liaison')).toEqual(['grid', 'case', 'activity', 'meeting', 'pairing']);
		expect(searchKindsFor('partner')).toEqual(['pairing']);
		expect(searchKindsFor('stranger')).toEqual([]);
	});

	it("links a record to its page, or to its card on the section's list", () => {
		expect(recordPath('wenyuan', 'case', '2026-05-abc')).toBe('/c/wenyuan/cases/2026-05-abc');
		expect(recordPath('wenyuan', 'meeting', 'm1')).toBe('/c/wenyuan/meetings/m1');
		expect(recordPath('wenyuan', 'grid', 'g1')).toBe('/c/wenyuan/grids#grid-g1');
		expect(recordPath('wenyuan', 'volunteer', 'v1')).toBe('/c/wenyuan/volunteers#volunteer-v1');
	});
});
