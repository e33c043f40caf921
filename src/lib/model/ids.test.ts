import { describe, expect, it } from 'vitest';
import { ID_PATTERN, newId } from './ids';

describe('newId', () => {
	it('makes 16 lowercase letters and digits that pass ID_PATTERN', () => {
		for (let i = 0; i < 200; i++) {
			const id = newId();
			expect(id).toMatch(/^[0-9a-z]{16}$/);
			expect(ID_PATTERN.test(id)).toBe(true);
		}
	});

	it('does not repeat', () => {
		const ids = new Set(Array.from({ length: 10_000 }, newId));
		expect(ids.size).toBe(10_000);
	});
});

describe('ID_PATTERN', () => {
	it.each(['a', '0', 'g1', 'xinrong-1', 'a_b', 'a--', 'x'.repeat(64)])('accepts %j', (id) => {
		expect(ID_PATTERN.test(id)).toBe(true);
	});

	it.each(['', '-a', '_a', 'A', 'aB', 'a b', 'a:b', 'a/b', 'a.b', 'x'.repeat(65), '网格', 'a\n'])(
		'refuses %j',
		(id) => {
			expect(ID_PATTERN.test(id)).toBe(false);
		}
	);
});
