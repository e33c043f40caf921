import {
	bodyText,
	documentAccess,
	getMeeting,
	isRole,
	linkedRecordIn,
	listDepartments,
	listGrids,
	listPairings,
	listReviews,
	listVersions,
	type Community,
	type LinkedRecord,
	type Meeting
} from '$lib/model';

/**
 * One meeting as its page shows it, read live: the header from the root, the minutes' text,
 * versions and reviews of the final version, and what each decision links to (a case or a
 * commitment, read where it lives, so its state follows). Null when the meeting is unknown here.
 */
export async function readMeetingPage(community: Community, meetingId: string) {
	const now = community.now();
	const root = await community.root();
	const meeting = getMeeting(root, meetingId);
	if (!meeting) return null;
	const minutes = await community.meeting(meetingId);
	const links = new Map<string, LinkedRecord | null>();
	for (const decision of meeting.decisions) {
		// A link this member may not follow (another month, a pairing it cannot open) reads as missing.
		if (decision.link) links.set(decision.id, await linkedRecordIn(community, decision.link).catch(() => null));
	}
	return {
		now,
		root,
		meeting,
		text: bodyText(minutes),
		versions: listVersions(minutes),
		reviews: meeting.finalVersion ? listReviews(minutes, meeting.finalVersion) : [],
		links,
		grids: listGrids(root),
		departments: listDepartments(root),
		pairings: listPairings(root)
	};
}

export type MeetingPage = NonNullable<Awaited<ReturnType<typeof readMeetingPage>>>;

/**
 * Whether the viewer signs off (审阅) the finalised minutes: an attendee or the convener whose
 * role may write its review to the meeting's document (not an observer, docs/access.md).
 */
export function mayReview(meeting: Meeting, viewer: { userId: string; role: string }, communityId: string): boolean {
	if (meeting.status !== 'finalised' || !isRole(viewer.role)) return false;
	if (!meeting.attendees.includes(viewer.userId) && meeting.convener !== viewer.userId) return false;
	const ref = { communityId, kind: 'meeting' as const, key: meeting.id };
	return documentAccess({ userId: viewer.userId, role: viewer.role }, ref) === 'write';
}
