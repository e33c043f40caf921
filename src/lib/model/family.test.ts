import { describe, expect, it } from 'vitest';
import { Community, MemoryDocumentSource, newPeriodRecordId, periodOfRecordId } from './family';
import { ModelError } from './errors';

const NOV_26_2026 = Date.UTC(2026, 10, 26, 4, 0);

describe('Community', () => {
	it('opens the working set: root and the current and previous two months', () => {
		const community = new Community('wenyuan', new MemoryDocumentSource(), { userId: 'u1', now: () => NOV_26_2026 });
		expect(community.workingSet()).toEqual([
			'community:wenyuan',
			'community:wenyuan:period:2026-11',
			'community:wenyuan:period:2026-10',
			'community:wenyuan:period:2026-09'
		]);
	});

	it('stamps writes with the actor and its clock', () => {
		const community = new Community('wenyuan', new MemoryDocumentSource(), { userId: 'u1', now: () => 42 });
		expect(community.context()).toEqual({ by: 'u1', at: 42 });
	});

	it('finds the document of a record kept by month from its id, and the same doc each time', async () => {
		const source = new MemoryDocumentSource();
		const community = new Community('wenyuan', source, { userId: 'u1' });
		const id = newPeriodRecordId(NOV_26_2026);
		expect(id).toMatch(/^2026-11-[0-9a-z]{16}$/);
		expect(await community.periodOfRecord(id)).toBe(await community.period('2026-11'));
		expect(await community.documents()).toEqual(['community:wenyuan', 'community:wenyuan:period:2026-11']);
	});

	it('lists every document the source knows, root first, and only this community', async () => {
		const source = new MemoryDocumentSource();
		const community = new Community('a', source, { userId: 'u1' });
		await community.pairing('p1');
		await community.meeting('m1');
		await new Community('ab', source, { userId: 'u1' }).root();
		await community.root();
		expect(await community.documents()).toEqual(['community:a', 'community:a:meeting:m1', 'community:a:pairing:p1']);
	});

	it('refuses a bad community id and a record id that names no month', () => {
		expect(() => new Community('A B', new MemoryDocumentSource(), { userId: 'u' })).toThrow(ModelError);
		expect(() => periodOfRecordId('g01')).toThrow(ModelError);
		expect(() => periodOfRecordId('2026-13-abc')).toThrow(ModelError);
	});

	it('puts a record reported late on the last day of a month in that month, China time', () => {
		// 31 May 2026 23:30 in Beijing is 15:30 UTC.
		expect(periodOfRecordId(newPeriodRecordId(Date.UTC(2026, 4, 31, 15, 30)))).toBe('2026-05');
		expect(periodOfRecordId(newPeriodRecordId(Date.UTC(2026, 4, 31, 16, 30)))).toBe('2026-06');
	});
});
