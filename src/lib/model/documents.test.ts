import { describe, expect, it } from 'vitest';
import {
	careDocName,
	communityOfDoc,
	isPrivateKind,
	meetingDocName,
	pairingDocName,
	parseDocName,
	periodDocName,
	privateDocName,
	rootDocName
} from './documents';
import { thrownModelError } from './test-helpers';

describe('document names', () => {
	it.each(['xinrong-1', 'a', 'a_b-c', '0', 'x'.repeat(64)])('round-trips community id %s', (id) => {
		expect(rootDocName(id)).toBe(`community:${id}`);
		expect(communityOfDoc(rootDocName(id))).toBe(id);
	});

	it.each(['', 'Xinrong', 'a b', '-a', '_a', 'a:private', 'a/b', 'x'.repeat(65), '社区'])(
		'rootDocName refuses id %j',
		(id) => {
			const error = thrownModelError(() => rootDocName(id));
			expect([error.code, error.field]).toEqual(['invalid', 'id']);
		}
	);

	it.each([
		['community:xinrong-1', 'xinrong-1'],
		['community:xinrong-1:period:2024-05', 'xinrong-1'],
		['community:xinrong-1:meeting:m1', 'xinrong-1'],
		['community:xinrong-1:pairing:p1', 'xinrong-1'],
		['community:xinrong-1:private', 'xinrong-1']
	])('communityOfDoc(%j) is %j', (name, id) => {
		expect(communityOfDoc(name)).toBe(id);
	});

	it.each([
		'',
		'community:',
		'community',
		'community::private',
		'community:Xinrong',
		'community:-a',
		'community:a b',
		`community:${'x'.repeat(65)}`,
		'Community:a',
		' community:a',
		'space:a',
		'community/a',
		'community:a\n'
	])('communityOfDoc(%j) is null', (name) => {
		expect(communityOfDoc(name)).toBeNull();
	});
});

describe('the document family', () => {
	it('names and parses every kind of document', () => {
		expect(parseDocName(rootDocName('wenyuan'))).toEqual({ communityId: 'wenyuan', kind: 'root', key: '' });
		expect(parseDocName(periodDocName('wenyuan', '2026-11'))).toEqual({
			communityId: 'wenyuan',
			kind: 'period',
			key: '2026-11'
		});
		expect(parseDocName(meetingDocName('wenyuan', 'm1'))).toEqual({ communityId: 'wenyuan', kind: 'meeting', key: 'm1' });
		expect(parseDocName(pairingDocName('wenyuan', 'p1'))).toEqual({ communityId: 'wenyuan', kind: 'pairing', key: 'p1' });
		expect(parseDocName(privateDocName('wenyuan'))).toEqual({ communityId: 'wenyuan', kind: 'private', key: '' });
		expect(careDocName('wenyuan', 'g01')).toBe('community:wenyuan:private:grid:g01');
		expect(parseDocName(careDocName('wenyuan', 'g01'))).toEqual({ communityId: 'wenyuan', kind: 'care', key: 'g01' });
		expect(communityOfDoc('community:wenyuan:private:grid:g01')).toBe('wenyuan');
	});

	it('marks the private kinds: sealed at rest and never exported', () => {
		expect(['root', 'period', 'meeting', 'pairing', 'private', 'care'].filter((k) => isPrivateKind(k as never))).toEqual(['private', 'care']);
	});

	it.each([
		'community:a:period',
		'community:a:period:2026-13',
		'community:a:period:26-01',
		'community:a:meeting',
		'community:a:meeting:M1',
		'community:a:private:x',
		'community:a:private:grid',
		'community:a:private:grid:G1',
		'community:a:private:grid:g1:x',
		'community:a:period:2026-11:grid:g1',
		'community:a:other:x'
	])('parseDocName(%j) is null', (name) => {
		expect(parseDocName(name)).toBeNull();
	});

	it('refuses names built from bad parts', () => {
		expect(thrownModelError(() => periodDocName('a', '2026-1')).field).toBe('period');
		expect(thrownModelError(() => meetingDocName('a', 'x:private')).field).toBe('id');
		expect(thrownModelError(() => pairingDocName('a', '')).field).toBe('id');
		expect(thrownModelError(() => careDocName('a', 'g1:x')).field).toBe('id');
	});
});
