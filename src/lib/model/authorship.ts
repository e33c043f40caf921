import * as Y from 'yjs';
import { collection } from './community';
import type { Touch } from './touches';

/**
 * Who wrote the minutes, the way Yjs can tell it (the idea of `Y.PermanentUserData`, kept to
 * one map): every character of the body is an item whose id names the Yjs client (one editor
 * session) that wrote it, and the meeting document's `authors` map says which user each client
 * belongs to — `authors[<clientId>] = <userId>`, written once by that client itself. The relay
 * makes this unforgeable (`authorshipProblem`): an entry can only name its own writer, for the
 * client the entry is written with, and nobody writes new content under a client registered to
 * someone else.
 */
function authors(meetingDoc: Y.Doc): Y.Map<unknown> {
	return collection(meetingDoc, 'authors');
}

/** Registers this replica's Yjs client as the user's, once (before or with its first edit). */
export function claimAuthorship(meetingDoc: Y.Doc, userId: string): void {
	const key = String(meetingDoc.clientID);
	if (!authors(meetingDoc).has(key)) meetingDoc.transact(() => authors(meetingDoc).set(key, userId));
}

/** The user behind each Yjs client of the document, as `attributedText` wants it. */
export function authorOf(meetingDoc: Y.Doc): (client: number) => string | null {
	const map = authors(meetingDoc);
	return (client) => {
		const user = map.get(String(client));
		return typeof user === 'string' ? user : null;
	};
}

/**
 * Why `userId`'s update would make authorship lie, or null: it writes under a client registered
 * to another user, registers a client other than the one it writes the entry with, names
 * anyone but itself, or removes an entry. Checked for every writer, managers included.
 */
export function authorshipProblem(userId: string, touches: Touch[], meetingDoc: Y.Doc): string | null {
	const owner = authorOf(meetingDoc);
	for (const touch of touches) {
		const inAuthors = touch.path.length === 1 && touch.path[0] === 'authors';
		if (touch.op === 'delete') {
			if (inAuthors) return 'removes or rewrites who wrote the minutes';
			continue;
		}
		const registered = owner(touch.client);
		if (registered !== null && registered !== userId) return `writes with the editor of ${registered}`;
		if (!inAuthors) continue;
		if (touch.key !== String(touch.client)) return 'registers an editor it does not write with';
		const values = touch.content.kind === 'value' ? touch.content.values : [null];
		if (!values.every((value) => value === userId)) return 'names someone else as the author of its writing';
	}
	return null;
}
