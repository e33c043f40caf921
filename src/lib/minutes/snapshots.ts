/**
 * The relay's automatic snapshots of a meeting's minutes (`GET /api/communities/<id>/meetings/
 * <meeting>/snapshots[/<at>]`): when they were taken, and the body at one of them. They live on
 * the relay only, so reading them needs the network; a failure says why in the user's words.
 */
export interface MinutesSnapshot {
	/** When the relay took it (epoch ms, the relay's clock). */
	at: number;
}

/** Why the snapshots could not be read: an i18n key of the history panel. */
export class SnapshotError extends Error {
	constructor(readonly key: 'snapshots.offline' | 'snapshots.expired' | 'snapshots.gone' | 'snapshots.failed') {
		super(key);
	}
}

async function getJson(path: string, token: string): Promise<unknown> {
	let response: Response;
	try {
		response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
	} catch {
		throw new SnapshotError('snapshots.offline');
	}
	if (response.status === 401) throw new SnapshotError('snapshots.expired');
	if (response.status === 410) throw new SnapshotError('snapshots.gone');
	if (!response.ok) throw new SnapshotError('snapshots.failed');
	return response.json();
}

const base = (communityId: string, meetingId: string) =>
	`/api/communities/${encodeURIComponent(communityId)}/meetings/${encodeURIComponent(meetingId)}/snapshots`;

/** Newest first. */
export async function fetchSnapshots(communityId: string, meetingId: string, token: string): Promise<MinutesSnapshot[]> {
	const body = (await getJson(base(communityId, meetingId), token)) as { snapshots: MinutesSnapshot[] };
	return body.snapshots;
}

/** The minutes at one snapshot: the body as a version keeps it (`openBody` reads it), and the Yjs snapshot. */
export interface SnapshotContent {
	body: Uint8Array;
	/** `Y.encodeSnapshot` of the meeting document then; null from a relay older than attribution. */
	snapshot: Uint8Array | null;
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

export async function fetchSnapshotContent(communityId: string, meetingId: string, at: number, token: string): Promise<SnapshotContent> {
	const content = (await getJson(`${base(communityId, meetingId)}/${at}`, token)) as { body: string; snapshot?: string };
	return { body: bytesOf(content.body), snapshot: typeof content.snapshot === 'string' ? bytesOf(content.snapshot) : null };
}
