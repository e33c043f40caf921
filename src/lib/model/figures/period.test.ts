import { describe, expect, it } from 'vitest';
import { summarisePeriod } from './period';
import { buildFixture, cst, NOW } from './test-fixture';

// Every expected number below is counted by hand from the fixture's cases (test-fixture.ts).
describe('a month summed up', () => {
	it('counts the cases of each day by grid, category and level, archived ones left out', async () => {
		const { may } = await buildFixture();
		const { days } = summarisePeriod('2026-05', may, NOW);
		// A, B on the 18th; C, D on the 19th; E, F on the 20th; G (17th) is archived.
		expect(Object.keys(days)).toEqual(['2026-05-16', '2026-05-18', '2026-05-19', '2026-05-20']);
		expect(days['2026-05-18']).toMatchObject({ reported: 2, byGrid: { g1: 2 }, byCategory: { 'patrol-1': 1, 'patrol-2': 1 } });
		expect(days['2026-05-18'].byLevel).toEqual({ ordinary: 2, complex: 0, major: 0 });
		expect(days['2026-05-19']).toMatchObject({ reported: 2, byGrid: { g1: 1, g2: 1 }, byCategory: { 'visit-1': 1, 'mediation-1': 1 } });
		expect(days['2026-05-19'].byLevel).toEqual({ ordinary: 0, complex: 1, major: 1 });
		expect(days['2026-05-20']).toMatchObject({ reported: 2, byGrid: { g1: 2 }, byCategory: { service: 1, '': 1 } });
		// The 16th only has an activity.
		expect(days['2026-05-16'].reported).toBe(0);
	});

	it('tells met, missed and still-open 1341 deadlines apart at the moment asked', async () => {
		const { may } = await buildFixture();
		const { days } = summarisePeriod('2026-05', may, NOW);
		const rate = (met: number, missed: number, pending: number) => ({ met, missed, pending, share: met + missed ? met / (met + missed) : null });
		// 18th: A on site at 09:10 (due 09:15) and resolved 09:25 (due 09:30); B on site 10:20 (due 10:15), resolved 10:50 (due 10:30).
		expect(days['2026-05-18'].clock).toEqual({ onSite: rate(1, 1, 0), ordinary: rate(1, 1, 0), complex: rate(0, 0, 0), major: rate(0, 0, 0) });
		// 19th: C on site 08:12 (due 08:15), resolved 11:00 (due 12:00); D on site 14:30 (due 14:15), planned 10:00 next day (due 14:00).
		expect(days['2026-05-19'].clock).toEqual({ onSite: rate(1, 1, 0), ordinary: rate(0, 0, 0), complex: rate(1, 0, 0), major: rate(1, 0, 0) });
		// 20th at 12:00: E nobody on site by 11:55, resolve due 12:10; F on site due 12:05, resolve due 15:50.
		expect(days['2026-05-20'].clock).toEqual({ onSite: rate(0, 1, 1), ordinary: rate(0, 0, 1), complex: rate(0, 0, 1), major: rate(0, 0, 0) });
		// An hour later E and F are late on site; E missed its 30 minutes; F still has until 15:50.
		const later = summarisePeriod('2026-05', may, cst('2026-05-20 13:00')).days['2026-05-20'].clock;
		expect(later).toEqual({ onSite: rate(0, 2, 0), ordinary: rate(0, 1, 0), complex: rate(0, 0, 1), major: rate(0, 0, 0) });
	});

	it('adds services by kind and volunteer time from the log and attendance, archived entries and activities left out', async () => {
		const { may } = await buildFixture();
		const { days } = summarisePeriod('2026-05', may, NOW);
		expect(days['2026-05-18'].services['home-visit']).toEqual({ count: 1, minutes: 40, hours: 0.67 });
		expect(days['2026-05-19'].services['elder-care']).toEqual({ count: 1, minutes: 60, hours: 1 });
		expect(days['2026-05-19'].services['micro-service']).toEqual({ count: 1, minutes: 30, hours: 0.5 });
		// The 35-minute home visit of the 20th was archived as a mistake.
		expect(days['2026-05-20'].services['home-visit']).toEqual({ count: 0, minutes: 0, hours: 0 });
		expect(days['2026-05-20'].services.mediation).toEqual({ count: 1, minutes: 75, hours: 1.25 });
		// Volunteer minutes: the elder care (60) and micro service (30) were logged for volunteers.
		expect(days['2026-05-19'].volunteerMinutes).toBe(90);
		expect(days['2026-05-18'].volunteerMinutes).toBe(0);
		// 3 + 2.5 hours attended on the 16th; the cancelled activity of the 10th counts nothing.
		expect(days['2026-05-16'].activityHours).toBe(5.5);
		expect(days['2026-05-10']).toBeUndefined();
	});

	it('counts the open cases of the month by department and level, and those running late', async () => {
		const { may, april } = await buildFixture();
		// May: B (resolved, 环卫), D (planned, 住建), E (dispatched to 城管, late on site), F (not dispatched).
		expect(summarisePeriod('2026-05', may, NOW).open).toEqual({
			total: 4,
			late: 1,
			byDepartment: {
				'': { ordinary: 0, complex: 1, major: 0 },
				chengguan: { ordinary: 1, complex: 0, major: 0 },
				huanwei: { ordinary: 1, complex: 0, major: 0 },
				zhujian: { ordinary: 0, complex: 0, major: 1 }
			}
		});
		// April: J (accepted by 公安, never on site) and K (never dispatched), both late; H is closed.
		expect(summarisePeriod('2026-04', april, NOW).open).toEqual({
			total: 2,
			late: 2,
			byDepartment: { '': { ordinary: 1, complex: 0, major: 0 }, gongan: { ordinary: 0, complex: 1, major: 0 } }
		});
	});

	it('files a case under the day its clock starts: the relay time when the writer clock was off', async () => {
		const { april } = await buildFixture();
		const { days } = summarisePeriod('2026-04', april, NOW);
		// K is in April's document (its writer's clock) but counts on 1 May (the relay's).
		expect(days['2026-05-01']).toMatchObject({ reported: 1, byGrid: { g2: 1 } });
		expect(days['2026-04-30']).toMatchObject({ reported: 1, byGrid: { g1: 1 } });
		expect(days['2026-04-10']).toMatchObject({ reported: 1, byGrid: { g3: 1 } });
		expect(days['2026-04-29'].services.patrol).toEqual({ count: 1, minutes: 90, hours: 1.5 });
	});

	it('says when it goes stale: at the earliest deadline still undecided, never for a month all decided', async () => {
		const { may, april } = await buildFixture();
		// F's on-site deadline, 12:05, is the first to fall; from then on it counts as missed.
		expect(summarisePeriod('2026-05', may, NOW).validUntil).toBe(cst('2026-05-20 12:05') + 1);
		expect(summarisePeriod('2026-04', april, NOW).validUntil).toBeNull();
		// Once F's last deadline (15:50) has passed, May is all decided too.
		expect(summarisePeriod('2026-05', may, cst('2026-05-20 16:00')).validUntil).toBeNull();
	});
});
