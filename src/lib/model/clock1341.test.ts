import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CASE_EVENT_TYPES,
	CASE_LEVELS,
	deriveCase,
	isRunningLate,
	type CaseEvent,
	type CaseEventType,
	type CaseLevel
} from './clock1341';

const MIN = 60_000;
const T0 = Date.UTC(2026, 4, 10, 2, 0); // 10:00 China time

/** A log written step by step: each event `minutes` after T0, ids in writing order. */
function log(...steps: [CaseEventType, number, Partial<CaseEvent>?][]): CaseEvent[] {
	return steps.map(([type, minutes, extra], i) => ({
		id: `e${String(i).padStart(2, '0')}`,
		type,
		at: T0 + minutes * MIN,
		by: 'u-wang',
		...(type === 'dispatched' ? { department: 'chengguan' } : {}),
		...extra
	}));
}

const at = (minutes: number) => T0 + minutes * MIN;

describe('deadlines by level', () => {
	it.each([
		['ordinary', 'resolve', 30],
		['complex', 'resolve', 240],
		['major', 'plan', 1440]
	] as const)('%s: on site in 15 minutes, %s in %i minutes from the report', (level, kind, minutes) => {
		const derived = deriveCase(level, log(['reported', 0]), at(1));
		expect(derived.reportedAt).toBe(T0);
		expect(derived.deadlines).toEqual({ onSite: at(15), [kind]: at(minutes) });
		expect(Object.keys(derived.met).sort()).toEqual(['onSite', kind].sort());
		expect(derived.status).toBe('reported');
		expect(derived.anomalies).toEqual([]);
	});

	it('reports nothing overdue before the deadlines and each one after it', () => {
		const events = log(['reported', 0], ['dispatched', 2]);
		expect(deriveCase('ordinary', events, at(15)).overdue).toEqual({ onSite: false, resolve: false });
		expect(deriveCase('ordinary', events, at(16)).overdue).toEqual({ onSite: true, resolve: false });
		expect(deriveCase('ordinary', events, at(31)).overdue).toEqual({ onSite: true, resolve: true });
		expect(deriveCase('complex', events, at(239)).overdue).toEqual({ onSite: true, resolve: false });
		expect(deriveCase('complex', events, at(241)).overdue).toEqual({ onSite: true, resolve: true });
		expect(deriveCase('major', events, at(1439)).overdue).toEqual({ onSite: true, plan: false });
		expect(deriveCase('major', events, at(1441)).overdue).toEqual({ onSite: true, plan: true });
	});

	it('gives the earliest deadline still to come, and flags it due within five minutes', () => {
		const events = log(['reported', 0]);
		expect(deriveCase('ordinary', events, at(9))).toMatchObject({ nextDeadline: at(15), dueSoon: false });
		expect(deriveCase('ordinary', events, at(10))).toMatchObject({ nextDeadline: at(15), dueSoon: true });
		// Overdue is past "soon": still the next deadline, for sorting, but no longer due soon.
		expect(deriveCase('ordinary', events, at(20))).toMatchObject({ nextDeadline: at(15), dueSoon: false });
		const onSite = log(['reported', 0], ['dispatched', 1], ['on-site', 8]);
		expect(deriveCase('ordinary', onSite, at(26))).toMatchObject({ nextDeadline: at(30), dueSoon: true });
		expect(deriveCase('major', onSite, at(26))).toMatchObject({ nextDeadline: at(1440), dueSoon: false });
	});
});

describe('met and missed', () => {
	it('meets the on-site deadline up to the minute, misses it after', () => {
		for (const [minutes, met] of [
			[10, true],
			[15, true],
			[16, false]
		] as const) {
			const derived = deriveCase('ordinary', log(['reported', 0], ['dispatched', 1], ['on-site', minutes]), at(60));
			expect(derived.met.onSite).toBe(met);
			expect(derived.overdue.onSite).toBe(!met);
		}
	});

	it('tells a step still to come from one done late or skipped', () => {
		const late = deriveCase('ordinary', log(['reported', 0], ['dispatched', 1], ['on-site', 20]), at(40));
		expect(late).toMatchObject({ pending: { onSite: false, resolve: true }, overdue: { onSite: true, resolve: true } });
		const waiting = deriveCase('ordinary', log(['reported', 0], ['dispatched', 1]), at(20));
		expect(waiting).toMatchObject({ pending: { onSite: true, resolve: true }, overdue: { onSite: true, resolve: false } });
		expect([isRunningLate(late), isRunningLate(waiting)]).toEqual([true, true]);
		expect(isRunningLate(deriveCase('ordinary', log(['reported', 0], ['dispatched', 1], ['on-site', 20], ['resolved', 25]), at(40)))).toBe(false);
		const skipped = deriveCase('major', log(['reported', 0], ['dispatched', 1], ['planned', 5]), at(20));
		expect(skipped).toMatchObject({ pending: { onSite: false, plan: false }, met: { onSite: false, plan: true } });
	});

	it('counts the first on-site event when two people record one', () => {
		const events = log(['reported', 0], ['dispatched', 1], ['on-site', 20], ['on-site', 12]);
		const derived = deriveCase('ordinary', events, at(25));
		expect(derived).toMatchObject({ status: 'on-site', met: { onSite: true }, anomalies: [] });
	});

	it('meets the resolution and has no deadline left once resolved, verified and closed', () => {
		const events = log(['reported', 0], ['dispatched', 1], ['accepted', 2], ['on-site', 9], ['resolved', 25]);
		expect(deriveCase('ordinary', events, at(60))).toMatchObject({
			status: 'resolved',
			met: { onSite: true, resolve: true },
			overdue: { onSite: false, resolve: false },
			nextDeadline: null,
			dueSoon: false
		});
		const closed = [...events, ...log(['verified', 40], ['closed', 41]).map((e) => ({ ...e, id: `z${e.id}` }))];
		expect(deriveCase('ordinary', closed, at(90))).toMatchObject({ status: 'closed', nextDeadline: null, anomalies: [] });
	});

	it('keeps a step done late as missed and overdue', () => {
		const events = log(['reported', 0], ['dispatched', 1], ['on-site', 9], ['resolved', 45]);
		expect(deriveCase('ordinary', events, at(50))).toMatchObject({
			met: { onSite: true, resolve: false },
			overdue: { onSite: false, resolve: true },
			nextDeadline: null
		});
	});

	it('meets a major case plan within a day', () => {
		const events = log(['reported', 0], ['dispatched', 1], ['on-site', 14], ['planned', 1000]);
		expect(deriveCase('major', events, at(2000))).toMatchObject({
			status: 'planned',
			met: { onSite: true, plan: true },
			overdue: { onSite: false, plan: false },
			anomalies: []
		});
	});
});

describe('extensions', () => {
	it('moves the resolution deadline and not the on-site one', () => {
		const newDeadline = at(480);
		const events = log(['reported', 0], ['dispatched', 1], ['on-site', 10], [
			'extended',
			180,
			{ reason: '需要更换管道', deadline: newDeadline }
		]);
		const derived = deriveCase('complex', events, at(300));
		expect(derived.deadlines).toEqual({ onSite: at(15), resolve: newDeadline });
		expect(derived.overdue.resolve).toBe(false);
		expect(derived.nextDeadline).toBe(newDeadline);
		expect(derived.status).toBe('on-site');
		const resolved = [...events, ...log(['resolved', 400]).map((e) => ({ ...e, id: 'z' }))];
		expect(deriveCase('complex', resolved, at(500)).met.resolve).toBe(true);
	});

	it('uses the latest extension, and moves a major case plan', () => {
		const events = log(
			['reported', 0],
			['extended', 60, { reason: 'a', deadline: at(3000) }],
			['extended', 90, { reason: 'b', deadline: at(2000) }]
		);
		expect(deriveCase('major', events, at(100)).deadlines).toEqual({ onSite: at(15), plan: at(2000) });
	});

	it('flags an extension without a deadline and keeps the clock', () => {
		const derived = deriveCase('ordinary', log(['reported', 0], ['extended', 5, { reason: 'x' }]), at(6));
		expect(derived.deadlines.resolve).toBe(at(30));
		expect(derived.anomalies).toEqual(['event e01: extended without a new deadline']);
	});
});

describe('returned and re-dispatched', () => {
	it('waits at the grid until dispatched again, to the new department', () => {
		const returned = log(
			['reported', 0],
			['dispatched', 1, { department: 'chengguan' }],
			['returned', 5, { reason: '不属于城管职责' }]
		);
		expect(deriveCase('ordinary', returned, at(6))).toMatchObject({ status: 'returned', department: '', anomalies: [] });
		const again = [...returned, ...log(['dispatched', 7, { department: 'zhujian' }]).map((e) => ({ ...e, id: 'z1' }))];
		expect(deriveCase('ordinary', again, at(8))).toMatchObject({
			status: 'dispatched',
			department: 'zhujian',
			anomalies: []
		});
	});

	it('reopens a resolution that was returned: the resolve deadline is pending again', () => {
		const events = log(
			['reported', 0],
			['dispatched', 1],
			['on-site', 5],
			['resolved', 20],
			['returned', 25, { reason: '居民反映仍漏水' }]
		);
		expect(deriveCase('ordinary', events, at(26))).toMatchObject({
			status: 'returned',
			met: { onSite: true, resolve: false },
			nextDeadline: at(30)
		});
	});

	it('lets a department hand an accepted case to another', () => {
		const events = log(['reported', 0], ['dispatched', 1], ['accepted', 2], ['dispatched', 3, { department: 'dianli' }]);
		expect(deriveCase('ordinary', events, at(4))).toMatchObject({ status: 'dispatched', department: 'dianli', anomalies: [] });
	});
});

describe('anomalies are flagged, never thrown', () => {
	it.each([
		[
			'closed without verification',
			'ordinary',
			log(['reported', 0], ['dispatched', 1], ['on-site', 5], ['resolved', 20], ['closed', 21]),
			'closed',
			['event e04: closed before verified']
		],
		['resolved before dispatched', 'ordinary', log(['reported', 0], ['resolved', 3]), 'resolved', ['event e01: resolved before dispatched']],
		[
			'a plan for a case that is not major',
			'complex',
			log(['reported', 0], ['dispatched', 1], ['on-site', 5], ['planned', 20]),
			'planned',
			['event e03: planned on a case of level complex (only a major case is planned)']
		],
		[
			'a resolution of a major case',
			'major',
			log(['reported', 0], ['dispatched', 1], ['on-site', 5], ['resolved', 20]),
			'resolved',
			['event e03: resolved on a major case (a major case is planned)']
		],
		[
			'a step backwards, which does not move the status',
			'ordinary',
			log(['reported', 0], ['dispatched', 1], ['on-site', 5], ['resolved', 9], ['verified', 10], ['on-site', 12]),
			'verified',
			['event e05: on-site after verified']
		],
		[
			'a dispatch without a department, which is not taken',
			'ordinary',
			log(['reported', 0], ['dispatched', 1, { department: undefined }]),
			'reported',
			['event e01: dispatched without a department']
		],
		['no report at all', 'ordinary', log(['dispatched', 1]), 'dispatched', ['no reported event']],
		['a second report', 'ordinary', log(['reported', 0], ['reported', 1]), 'reported', ['event e01: reported twice']],
		['returned before dispatched', 'ordinary', log(['reported', 0], ['returned', 1, { reason: 'x' }]), 'returned', ['event e01: returned before dispatched']]
	] as const)('%s', (_label, level, events, status, anomalies) => {
		const derived = deriveCase(level as CaseLevel, events, at(60));
		expect(derived.status).toBe(status);
		expect(derived.anomalies).toEqual(anomalies);
	});

	it('has no anomaly on the full paths, with or without accepting, and takes no note of comments', () => {
		const ordinary = log(['reported', 0], ['commented', 1, { note: '已拍照' }], ['dispatched', 2], ['on-site', 9], ['resolved', 20], ['verified', 30], ['closed', 31]);
		expect(deriveCase('ordinary', ordinary, at(40))).toMatchObject({ status: 'closed', anomalies: [] });
		const major = log(['reported', 0], ['dispatched', 2], ['accepted', 3], ['on-site', 9], ['planned', 600], ['verified', 700], ['closed', 701]);
		expect(deriveCase('major', major, at(800))).toMatchObject({ status: 'closed', anomalies: [] });
	});

	it('reads the start of the clock from the first event when there is no report', () => {
		expect(deriveCase('ordinary', log(['dispatched', 3]), at(4)).reportedAt).toBe(at(3));
		expect(deriveCase('ordinary', [], at(4))).toMatchObject({ reportedAt: at(4), status: 'reported' });
	});
});

describe('the relay clock', () => {
	it('starts the clock at the relay time when the writer clock is off by more than a minute', () => {
		const slow = log(['reported', 0, { relayAt: at(120) }]);
		expect(deriveCase('ordinary', slow, at(121))).toMatchObject({ reportedAt: at(120), deadlines: { onSite: at(135) } });
		const fast = log(['reported', 0, { relayAt: at(-90) }]);
		expect(deriveCase('ordinary', fast, at(0)).reportedAt).toBe(at(-90));
	});

	it('keeps the writer time within a minute of the relay', () => {
		const events = log(['reported', 0, { relayAt: T0 + 59_000 }]);
		expect(deriveCase('ordinary', events, at(1)).reportedAt).toBe(T0);
	});

	it('trusts an offline worker on site, but never later than the relay received it', () => {
		const offline = log(['reported', 0], ['dispatched', 1], ['on-site', 10, { relayAt: at(50) }]);
		expect(deriveCase('ordinary', offline, at(60)).met.onSite).toBe(true);
		const clockAhead = log(['reported', 0], ['dispatched', 1], ['on-site', 30, { relayAt: at(12) }]);
		expect(deriveCase('ordinary', clockAhead, at(60)).met.onSite).toBe(true);
		const noRelay = log(['reported', 0], ['dispatched', 1], ['on-site', 30]);
		expect(deriveCase('ordinary', noRelay, at(60)).met.onSite).toBe(false);
	});
});

describe('order independence', () => {
	const eventArb = fc.record({
		id: fc.string({ minLength: 1, maxLength: 4 }),
		type: fc.constantFrom(...CASE_EVENT_TYPES),
		// A narrow range, so many events share a time and the id decides.
		at: fc.integer({ min: 0, max: 20 }).map(at),
		by: fc.constantFrom('u-a', 'u-b'),
		department: fc.option(fc.constantFrom('chengguan', 'dianli'), { nil: undefined }),
		deadline: fc.option(fc.integer({ min: 0, max: 2000 }).map(at), { nil: undefined }),
		relayAt: fc.option(fc.integer({ min: -5, max: 200 }).map(at), { nil: undefined })
	});
	const logs = fc
		.uniqueArray(eventArb, { selector: (e) => e.id, maxLength: 14 })
		.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })));

	it('derives the same from any permutation of the same events', () => {
		fc.assert(
			fc.property(fc.constantFrom(...CASE_LEVELS), logs, fc.integer({ min: 0, max: 3000 }), (level, [events, shuffled], now) => {
				expect(deriveCase(level, shuffled, at(now))).toEqual(deriveCase(level, events, at(now)));
			}),
			{ numRuns: 500 }
		);
	});

	it('never throws and always yields a known status', () => {
		fc.assert(
			fc.property(fc.constantFrom(...CASE_LEVELS), logs, (level, [events]) => {
				const derived = deriveCase(level, events, at(100));
				expect(CASE_EVENT_TYPES).toContain(derived.status);
				expect(['extended', 'commented']).not.toContain(derived.status);
			})
		);
	});
});
