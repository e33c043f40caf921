/**
 * Why the relay refuses a document, as the text the provider's `authenticationFailed` event
 * carries. Shared so the app can translate each reason for the user.
 */
export const REFUSALS = {
	noToken: 'no token: sign in first',
	badToken: 'invalid or expired token: sign in again',
	unknownDocument: 'unknown document name',
	notMember: 'not a member of this community'
} as const;
export type Refusal = keyof typeof REFUSALS;

export function refusalOf(reason: string): Refusal | null {
	const found = Object.entries(REFUSALS).find(([, text]) => text === reason);
	return found ? (found[0] as Refusal) : null;
}
