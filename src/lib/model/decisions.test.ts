import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import { commitDecisionIn, decisionState, dispatchDecisionIn, linkedRecordIn } from './decisions';
import { seedDepartments } from './departments';
import { addDecision, addMeeting, createMeetingIn, getMeeting, setDecisionArchived, setMeetingStatus, updateDecision } from './meetings';
import { createPairingIn } from './pairings';
import { expectRefused, sampleCommunity, sampleWorkspace } from './test-helpers';

const JUNE_12 = Date.UTC(2026, 5, 12, 7);
const header = { title: '加装电梯议事会', date: JUNE_12, place: '第1网格党群服务站', convener: 'u-sec' };

describe('decision links', () => {
	it('dispatches a decision as a case and writes another into a pairing, linking both', async () => {
		const { community, root } = await sampleWorkspace('u-sec', JUNE_12);
		seedDepartments(root);
		const id = await createMeetingIn(community, header);
		const fix = addDecision(root, id, { kind: 'action', text: '清理3号楼楼道杂物', owner: '王建国' });
		const caseId = await dispatchDecisionIn(community, id, fix, { grid: 'g1', level: 'ordinary', department: 'huanwei' });
		const linked = await linkedRecordIn(community, getMeeting(root, id)!.decisions[0].link!);
		expect(linked).toMatchObject({ kind: 'case', record: { id: caseId, title: '清理3号楼楼道杂物', status: 'dispatched', grid: 'g1' } });

		const pairingId = await createPairingIn(community, { partner: '恒安物业', kind: 'property-company', signedAt: 0, termStart: 0, termEnd: JUNE_12 * 2 });
		const pledge = addDecision(root, id, { text: '物业安装充电桩20个', owner: '物业' });
		await expect(commitDecisionIn(community, id, pledge, { pairingId, side: 'partner' })).rejects.toMatchObject({ field: 'due' });
		updateDecision(root, id, pledge, { due: JUNE_12 + 30 * 86_400_000 });
		await commitDecisionIn(community, id, pledge, { pairingId, side: 'partner' });
		const link = getMeeting(root, id)!.decisions[1].link!;
		expect(await linkedRecordIn(community, link)).toMatchObject({
			kind: 'commitment',
			record: { text: '物业安装充电桩20个', side: 'partner', owner: '物业', percent: 0, done: false }
		});
		await expect(dispatchDecisionIn(community, id, 'nope', { grid: 'g1', level: 'ordinary', department: 'huanwei' })).rejects.toMatchObject({ code: 'not-found' });
		expect(await linkedRecordIn(community, { kind: 'case', id: 'not-a-period-id' })).toBeNull();
	});
});

describe('decision state and action items', () => {
	it('derives open, overdue, done and archived, and keeps following up after finalising', () => {
		const doc = sampleCommunity();
		const id = addMeeting(doc, header);
		const day = 86_400_000;
		const action = addDecision(doc, id, { kind: 'action', text: '张贴公示', owner: '王建国', due: JUNE_12 + day });
		const stateAt = (now: number) => decisionState(getMeeting(doc, id)!.decisions[0], now);
		expect(getMeeting(doc, id)!.decisions[0]).toMatchObject({ kind: 'action', done: false });
		expect(stateAt(JUNE_12)).toBe('open');
		expect(stateAt(JUNE_12 + 2 * day)).toBe('overdue');
		setMeetingStatus(doc, id, 'held');
		setMeetingStatus(doc, id, 'finalised');
		updateDecision(doc, id, action, { done: true });
		expect(stateAt(JUNE_12 + 2 * day)).toBe('done');
		setDecisionArchived(doc, id, action, true);
		expect(stateAt(JUNE_12)).toBe('archived');
		expect(expectRefused(doc, () => updateDecision(doc, id, action, { kind: 'task' } as never)).field).toBe('kind');
	});

	it('reads an unknown kind as a decision and reports it', () => {
		const doc = sampleCommunity();
		const id = addMeeting(doc, header);
		const decision = addDecision(doc, id, { text: '成立小组' });
		const decisions = (collection(doc, 'meetings').get(id) as Y.Map<unknown>).get('decisions') as Y.Map<unknown>;
		(decisions.get(decision) as Y.Map<unknown>).set('kind', 'wish');
		const meeting = getMeeting(doc, id)!;
		expect(meeting.decisions[0].kind).toBe('decision');
		expect(meeting.problems).toContain(`meetings.${id}.decisions.${decision}.kind wish is unknown`);
	});
});
