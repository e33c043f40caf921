import { caseAt, type Case } from './cases';
import type { DeadlineKind } from './clock1341';
import { chinaDayStart, DAY_MS } from './time';

/** A case in the digest, with the deadlines it missed and how late the first of them is. */
export interface DigestEntry {
	case: Case;
	missed: DeadlineKind[];
	/** The earliest missed deadline, epoch ms. */
	firstMissed: number;
	/** How far past that deadline the digest's moment is. */
	lateMs: number;
}

export interface OverdueDigest {
	/** Start of the China day the digest covers. */
	day: number;
	/** The moment the cases are judged at: the end of the day, or now for today. */
	asOf: number;
	/** Deadlines that fell due during the day and were missed (done late, or not yet done). */
	fellDue: DigestEntry[];
	/** Open cases whose deadline passed before the day and whose step is still to come. */
	carriedOver: DigestEntry[];
}

function entry(c: Case, kinds: DeadlineKind[], asOf: number): DigestEntry | null {
	if (kinds.length === 0) return null;
	const firstMissed = Math.min(...kinds.map((kind) => c.deadlines[kind] as number));
	return { case: c, missed: kinds, firstMissed, lateMs: asOf - firstMissed };
}

const byFirstMissed = (a: DigestEntry, b: DigestEntry) =>
	a.firstMissed - b.firstMissed || (a.case.id < b.case.id ? -1 : a.case.id > b.case.id ? 1 : 0);

/**
 * The daily digest of overdue cases (超时日报) for the China day holding `day`, judged at the
 * end of that day (or `now`, if earlier): what fell due that day and was missed, and what was
 * already overdue before it and is still waiting. Archived cases are left out.
 */
export function overdueDigest(cases: readonly Case[], day: number, now: number): OverdueDigest {
	const start = chinaDayStart(day);
	const asOf = Math.min(now, start + DAY_MS);
	const fellDue: DigestEntry[] = [];
	const carriedOver: DigestEntry[] = [];
	for (const stored of cases) {
		if (stored.archived || stored.reportedAt >= asOf) continue;
		const c = caseAt(stored, asOf);
		const kinds = (Object.keys(c.deadlines) as DeadlineKind[]).filter((kind) => c.overdue[kind]);
		const today = entry(c, kinds.filter((kind) => (c.deadlines[kind] as number) >= start), asOf);
		if (today) fellDue.push(today);
		const waiting = c.nextDeadline !== null && c.nextDeadline < start;
		const earlier = waiting ? entry(c, kinds.filter((kind) => (c.deadlines[kind] as number) < start), asOf) : null;
		if (earlier) carriedOver.push(earlier);
	}
	return { day: start, asOf, fellDue: fellDue.sort(byFirstMissed), carriedOver: carriedOver.sort(byFirstMissed) };
}
