import { describe, expect, it } from 'vitest';
import { ROLES, canReportCases, isManager } from './roles';

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
