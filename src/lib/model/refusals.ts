/**
 * Why the relay refuses a document, as the text the provider's `authenticationFailed` event
 * carries. Shared so the app can translate each reason for the user.
 */
export const REFUSALS = {
	noToken: 'no token: sign in first',
	badToken: 'invalid or expired token: sign in again',
	unknownDocument: 'unknown document name',
	notMember: 'not a member of this community',
	notAllowed: 'your role in this community may not open this document'
} as const;
export type Refusal = keyof typeof REFUSALS;

/**
 * How the reason begins when the relay refuses an update on an open connection (out of the
 * writer's scope, or breaking the storage contract); the rest says why.
 */
export const UPDATE_REFUSED = 'update refused: ';

export function refusalOf(reason: string): Refusal | null {
	const found = Object.entries(REFUSALS).find(([, text]) => text === reason);
	return found ? (found[0] as Refusal) : null;
}

/**
 * Why the relay closes a live connection whose sign-in token has expired. Reconnecting with the
 * same token is refused (`badToken`); the member signs in again, and local edits wait meanwhile.
 */
export const SESSION_EXPIRED = 'session expired: sign in again';
