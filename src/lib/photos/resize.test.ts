import { describe, expect, it } from 'vitest';
import { fitWithin, PHOTO_MAX_SIDE } from './resize';

describe('fitWithin', () => {
	it('scales the long side down to the limit, keeping the proportions', () => {
		expect(fitWithin(4000, 3000)).toEqual({ width: PHOTO_MAX_SIDE, height: 1200 });
		expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: PHOTO_MAX_SIDE });
		expect(fitWithin(5000, 5000, 1000)).toEqual({ width: 1000, height: 1000 });
	});

	it('never enlarges a small photo, and keeps a very thin one at least a pixel wide', () => {
		expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
		expect(fitWithin(1600, 1200)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(100_000, 10)).toEqual({ width: PHOTO_MAX_SIDE, height: 1 });
	});

	it('refuses a size that is no image', () => {
		expect(() => fitWithin(0, 100)).toThrow('not an image size');
		expect(() => fitWithin(Number.NaN, 100)).toThrow('not an image size');
	});
});
