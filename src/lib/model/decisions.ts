import { getCase, type Case } from './cases';
import { addCaseEvent, raiseCaseIn } from './communityCases';
import type { CaseLevel } from './clock1341';
import { addCommitmentIn, getCommitment, type Commitment, type CommitmentSide } from './commitments';
import { ModelError } from './errors';
import { periodOfRecordId, type Community } from './family';
import { getMeeting, updateDecision, type Decision, type DecisionLink, type Meeting } from './meetings';

/**
 * What becomes of a meeting's decisions: where each stands, and its link to the case it
 * dispatched (网格吹哨) or the pairing commitment it became.
 */

/**
 * Where a decision stands at `now`, for the minutes to show beside its passage. A linked case
 * or commitment has its own state, read where it lives.
 */
export function decisionState(decision: Decision, now: number): 'archived' | 'done' | 'overdue' | 'open' {
	if (decision.archived) return 'archived';
	if (decision.done) return 'done';
	if (decision.due !== null && decision.due < now) return 'overdue';
	return 'open';
}

export type LinkedRecord = { kind: 'case'; record: Case } | { kind: 'commitment'; record: Commitment };

/** The case or commitment a decision links to, as it stands now; null when it cannot be found. */
export async function linkedRecordIn(community: Community, link: DecisionLink): Promise<LinkedRecord | null> {
	if (link.kind === 'case') {
		let period: string;
		try {
			period = periodOfRecordId(link.id);
		} catch {
			return null;
		}
		const record = getCase(await community.period(period), link.id, community.now());
		return record ? { kind: 'case', record } : null;
	}
	const record = getCommitment(await community.pairing(link.pairingId), link.id);
	return record ? { kind: 'commitment', record } : null;
}

function liveDecision(meeting: Meeting | null, meetingId: string, decisionId: string): Decision {
	const decision = meeting?.decisions.find((d) => d.id === decisionId);
	if (!meeting || !decision) throw new ModelError('not-found', `decision ${decisionId} of meeting ${meetingId} does not exist`);
	return decision;
}

/**
 * Raises a case from a decision (网格吹哨), dispatches it to a department and links the
 * decision to it. Returns the case id.
 */
export async function dispatchDecisionIn(
	community: Community,
	meetingId: string,
	decisionId: string,
	input: { grid: string; level: CaseLevel; department: string }
): Promise<string> {
	const root = await community.root();
	const decision = liveDecision(getMeeting(root, meetingId), meetingId, decisionId);
	const title = [...decision.text].slice(0, 80).join('');
	const caseId = await raiseCaseIn(community, { grid: input.grid, level: input.level, title, description: decision.text });
	await addCaseEvent(community, caseId, 'dispatched', { department: input.department });
	updateDecision(root, meetingId, decisionId, { link: { kind: 'case', id: caseId } }, community.context());
	return caseId;
}

/**
 * Writes a decision into a pairing agreement as a commitment of one side, with the decision's
 * owner and due date, and links the decision to it. Returns the commitment id.
 */
export async function commitDecisionIn(
	community: Community,
	meetingId: string,
	decisionId: string,
	input: { pairingId: string; side: CommitmentSide }
): Promise<string> {
	const root = await community.root();
	const decision = liveDecision(getMeeting(root, meetingId), meetingId, decisionId);
	if (decision.due === null) throw new ModelError('invalid', 'decision due: a commitment needs a due date', 'due');
	const commitmentId = await addCommitmentIn(community, input.pairingId, {
		text: decision.text,
		side: input.side,
		owner: decision.owner,
		due: decision.due
	});
	const link = { kind: 'commitment' as const, pairingId: input.pairingId, id: commitmentId };
	updateDecision(root, meetingId, decisionId, { link }, community.context());
	return commitmentId;
}
