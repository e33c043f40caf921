import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle';

describe('sign-in throttle', () => {
	it('lets a few failures through, then doubles the wait up to a ceiling, and forgets in time', () => {
		let now = 0;
		const throttle = new Throttle({ free: 3, maxWaitMs: 8000, forgetMs: 60_000 }, () => now);
		for (let i = 0; i < 3; i++) {
			expect(throttle.waitFor('li')).toBe(0);
			throttle.fail('li');
		}
		expect(throttle.waitFor('li')).toBe(1000);
		now += 1000;
		throttle.fail('li');
		expect(throttle.waitFor('li')).toBe(2000);
		for (let i = 0; i < 5; i++) throttle.fail('li');
		expect(throttle.waitFor('li')).toBe(8000);
		expect(throttle.waitFor('wang')).toBe(0);
		now += 60_001;
		expect(throttle.waitFor('li')).toBe(0);
	});

	it('clears a key on success', () => {
		const throttle = new Throttle({ free: 1, maxWaitMs: 8000, forgetMs: 60_000 }, () => 0);
		throttle.fail('li');
		throttle.fail('li');
		expect(throttle.waitFor('li')).toBeGreaterThan(0);
		throttle.succeed('li');
		expect(throttle.waitFor('li')).toBe(0);
	});
});
