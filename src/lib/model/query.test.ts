import { describe, expect, it } from 'vitest';
import { matchesQuery, QUERY_LIMITS, searchTerms } from './query';

describe('searchTerms', () => {
	it('folds full-width forms and case, splits on spaces and Chinese punctuation, drops repeats', () => {
		expect(searchTerms('  楼道，ＡＢＣ  abc　１２３、楼道 ')).toEqual(['楼道', 'abc', '123']);
	});

	it('bounds the query and the number of terms', () => {
		expect(searchTerms('x'.repeat(500))[0]).toHaveLength(QUERY_LIMITS.length);
		expect(searchTerms('a b c d e f g h i j k')).toHaveLength(QUERY_LIMITS.terms);
		expect(searchTerms(' ，、 ')).toEqual([]);
	});
});

describe('matchesQuery', () => {
	it('needs every term somewhere in the texts, and matches everything when empty', () => {
		expect(matchesQuery(['张秀兰', '退休教师'], '张 教师')).toBe(true);
		expect(matchesQuery(['张秀兰', '退休教师'], '张 医生')).toBe(false);
		expect(matchesQuery(['Zhang Xiulan'], 'ZHANG')).toBe(true);
		expect(matchesQuery([], '  ')).toBe(true);
	});
});
