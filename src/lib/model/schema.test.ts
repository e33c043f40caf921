import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelError } from './errors';
import { LIMITS, gridFields, gridPatch, metaInput, newGridInput, parseOrThrow } from './schema';
import { thrownModelError } from './test-helpers';

function refusal(schema: z.ZodType, input: unknown, what = 'grid'): ModelError {
	return thrownModelError(() => parseOrThrow(schema, input, what));
}

describe('parseOrThrow', () => {
	it('returns the parsed, trimmed value', () => {
		expect(parseOrThrow(newGridInput, { name: ' 第1网格 ', households: 3, boundary: ' 东 ' }, 'grid')).toEqual({
			name: '第1网格',
			households: 3,
			boundary: '东'
		});
	});

	it('names the field and the record in the error', () => {
		const error = refusal(gridPatch, { households: -1 });
		expect(error.code).toBe('invalid');
		expect(error.field).toBe('households');
		expect(error.message).toBe('grid households: must not be negative');
		expect(error.name).toBe('ModelError');
	});

	it('names a nested field by its path', () => {
		expect(refusal(newGridInput, { name: 'n', households: 1, workers: ['a', 5] }).field).toBe('workers.1');
	});

	it('names an unknown key as the field', () => {
		const error = refusal(gridPatch.strict(), { households: 1, colour: 'red' });
		expect(error.field).toBe('colour');
		expect(error.message).toMatch(/^grid colour: /);
	});

	it('leaves the field out when the whole input is wrong', () => {
		for (const input of [null, 'grid', 42, []]) {
			const error = refusal(gridPatch, input);
			expect(error.field).toBeUndefined();
			expect(error.message).toMatch(/^grid: /);
		}
	});
});

describe('limits', () => {
	const base = { name: 'n', households: 0, boundary: '', station: '', buildings: 0, specialNeedsHouseholds: 0 };

	it.each([
		['name', 'n'.repeat(LIMITS.name), 'n'.repeat(LIMITS.name + 1)],
		['boundary', 'b'.repeat(LIMITS.boundary), 'b'.repeat(LIMITS.boundary + 1)],
		['households', LIMITS.households, LIMITS.households + 1],
		['buildings', LIMITS.buildings, LIMITS.buildings + 1],
		['specialNeedsHouseholds', LIMITS.households, LIMITS.households + 1]
	])('%s: accepts the limit, refuses one more', (field, atLimit, overLimit) => {
		expect(gridFields.safeParse({ ...base, [field]: atLimit }).success).toBe(true);
		expect(refusal(gridFields, { ...base, [field]: overLimit }).field).toBe(field);
	});

	it('measures text after trimming', () => {
		const padded = `  ${'n'.repeat(LIMITS.name)}  `;
		expect(gridFields.parse({ ...base, name: padded }).name).toBe('n'.repeat(LIMITS.name));
	});

	it('limits the workers given to a new grid', () => {
		const workers = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
		expect(newGridInput.safeParse({ name: 'n', households: 1, workers: workers(LIMITS.workersPerGrid) }).success).toBe(
			true
		);
		expect(refusal(newGridInput, { name: 'n', households: 1, workers: workers(LIMITS.workersPerGrid + 1) }).field).toBe(
			'workers'
		);
	});

	it('checks community ids against the id pattern', () => {
		expect(metaInput.safeParse({ id: 'xinrong-1', name: 'n' }).success).toBe(true);
		expect(refusal(metaInput, { id: 'Xinrong', name: 'n' }, 'community').field).toBe('id');
	});
});
