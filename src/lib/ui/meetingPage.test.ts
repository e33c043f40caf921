import { describe, expect, it } from 'vitest';
import {
	addDecision,
	createMeetingIn,
	dispatchDecisionIn,
	finaliseMeetingIn,
	getMeeting,
	markReviewedIn,
	Community,
	seedDepartments,
	setMeetingStatus
} from '$lib/model';
import { sampleWorkspace } from '$lib/model/test-helpers';
import { mayReview, readMeetingPage } from './meetingPage';

const NOW = Date.UTC(2026, 5, 12, 7);

describe('the meeting page', () => {
	it('reads the header, the reviews of the final version and what the decisions link to', async () => {
		const { community, source, root } = await sampleWorkspace('u-sec', NOW);
		seedDepartments(root);
		const id = await createMeetingIn(community, { title: '停车位议事会', date: NOW, attendees: ['u-sec', 'u-wang'] });
		const decision = addDecision(root, id, { kind: 'action', text: '清理楼道杂物' }, community.context());
		const caseId = await dispatchDecisionIn(community, id, decision, { grid: 'g1', level: 'ordinary', department: 'huanwei' });
		setMeetingStatus(root, id, 'held');
		const version = await finaliseMeetingIn(community, id, { name: '定稿' });
		await markReviewedIn(new Community(community.id, source, { userId: 'u-wang', now: () => NOW + 1 }), id);

		const page = (await readMeetingPage(community, id))!;
		expect(page.meeting.finalVersion).toBe(version);
		expect(page.reviews.map((r) => r.by)).toEqual(['u-wang']);
		expect(page.versions.map((v) => v.name)).toEqual(['定稿']);
		expect(page.links.get(decision)).toMatchObject({ kind: 'case', record: { id: caseId, status: 'dispatched' } });
		expect(await readMeetingPage(community, 'nope')).toBeNull();
	});

	it('offers the sign-off to attendees and the convener whose role writes it, once finalised', async () => {
		const { community, root } = await sampleWorkspace('u-sec', NOW);
		const id = await createMeetingIn(community, { title: '停车位议事会', date: NOW, convener: 'u-sec', attendees: ['u-wang', 'u-li'] });
		const at = (userId: string, role: string) => mayReview(getMeeting(root, id)!, { userId, role }, community.id);
		expect(at('u-wang', 'gridworker')).toBe(false);
		setMeetingStatus(root, id, 'held');
		await finaliseMeetingIn(community, id, { name: '定稿' });
		expect([at('u-wang', 'gridworker'), at('u-li', 'volunteer'), at('u-sec', 'secretary')]).toEqual([true, true, true]);
		// Not a stranger, not an observer (read-only everywhere), not a partner (no minutes at all).
		expect([at('u-zhao', 'gridworker'), at('u-li', 'observer'), at('u-li', 'partner'), at('u-li', '')]).toEqual([false, false, false, false]);
	});
});
