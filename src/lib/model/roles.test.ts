import { describe, expect, it } from 'vitest';
import { ROLES, canReportCases, isManager, rolesAssignableBy } from './roles';

describe('isManager', () => {
	it('is true for the secretary and the district admin only', () => {
		expect(ROLES.filter(isManager)).toEqual(['district-admin', 'secretary']);
		expect(isManager('admin')).toBe(false);
		expect(isManager(undefined)).toBe(false);
	});
});

describe('canReportCases', () => {
	it('is true for grid workers and managers only', () => {
		expect(ROLES.filter(canReportCases)).toEqual(['district-admin', 'secretary', 'gridworker']);
		expect(canReportCases('')).toBe(false);
	});
});

describe('rolesAssignableBy', () => {
	it('lets a district admin give any role, a secretary any but district admin, and nobody else any', () => {
		expect(rolesAssignableBy('district-admin')).toEqual(ROLES);
		expect(rolesAssignableBy('secretary')).toEqual(ROLES.filter((role) => role !== 'district-admin'));
		for (const role of ['gridworker', 'liaison', 'volunteer', 'partner', 'observer', 'nobody', undefined]) {
			expect(rolesAssignableBy(role)).toEqual([]);
		}
	});
});
