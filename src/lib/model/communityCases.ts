import { isOpenStatus } from './clock1341';
import {
	appendCaseEvent,
	byUrgency,
	caseReportInput,
	listCases,
	listOpenCaseRefs,
	raiseCase,
	syncOpenCaseIndex,
	type Case,
	type CaseReportInput,
	type CaseStep,
	type CaseStepInput,
	type NewCaseInput
} from './cases';
import type { Community } from './family';
import { parseOrThrow } from './schema';
import { periodOf, recentPeriods } from './time';

/**
 * Cases over a `Community`: the caller names a case or a step, and these find the documents —
 * the month a case lives in, the root whose open-case index each change keeps true.
 */

/** Raises a case now, in the period document of this month. */
export async function raiseCaseIn(community: Community, input: NewCaseInput): Promise<string> {
	const context = community.context();
	const [root, period] = await Promise.all([community.root(), community.period(periodOf(context.at))]);
	return raiseCase({ root, period }, input, context);
}

/** Raises a case as the grid worker's report form does: a category from the task list is required. */
export async function reportCaseIn(community: Community, input: CaseReportInput): Promise<string> {
	return raiseCaseIn(community, parseOrThrow(caseReportInput, input, 'case'));
}

/** Appends a step to a case wherever it lives, checking departments, and keeps the index true. */
export async function addCaseEvent<T extends CaseStep>(
	community: Community,
	caseId: string,
	type: T,
	input: CaseStepInput<T>
): Promise<string> {
	const [root, period] = await Promise.all([community.root(), community.periodOfRecord(caseId)]);
	const eventId = appendCaseEvent(period, caseId, type, input, { ...community.context(), root });
	syncOpenCaseIndex(root, period, caseId, { rewrite: type === 'returned' });
	return eventId;
}

/**
 * Every open case, most urgent first: those of the months the index names and every case of the
 * recent months (which a stale index may miss), each checked against its derived status.
 */
export async function openCasesOf(community: Community): Promise<Case[]> {
	const now = community.now();
	const root = await community.root();
	const periods = new Set([...recentPeriods(now), ...listOpenCaseRefs(root).map((ref) => ref.period)]);
	const open: Case[] = [];
	for (const period of [...periods].sort()) {
		const doc = await community.period(period);
		open.push(...listCases(doc, now).filter((c) => isOpenStatus(c.status)));
	}
	return open.sort(byUrgency);
}
