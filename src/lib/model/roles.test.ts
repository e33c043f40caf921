import { describe, expect, it } from 'vitest';
import { ROLES, isManager } from './roles';

describe('isManager', () => {
	it('is true for the secretary and the district admin only', () => {
		expect(ROLES.filter(isManager)).toEqual(['district-admin', 'secretary']);
		expect(isManager('admin')).toBe(false);
		expect(isManager(undefined)).toBe(false);
	});
});
