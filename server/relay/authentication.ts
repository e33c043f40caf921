import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { REFUSALS, communityOfDoc, type Refusal, type Role } from '../../src/lib/model';
import type { Accounts } from '../accounts/accounts';
import type { Tokens } from '../accounts/tokens';

/**
 * Hocuspocus sends a thrown error's `reason` to the client as permission-denied (and logs its
 * `message`), so one object carries both.
 */
export class RefusedError extends Error {
	override name = 'RefusedError';
	readonly reason: string;
	constructor(readonly refusal: Refusal, documentName: string) {
		super(`refused ${JSON.stringify(documentName)}: ${REFUSALS[refusal]}`);
		this.reason = REFUSALS[refusal];
	}
}

export interface ConnectionContext {
	user: { id: string; name: string; username: string };
	communityId: string;
	role: Role;
}

export class Authentication implements Extension {
	extensionName = 'authentication';

	constructor(
		private readonly deps: {
			tokens: Tokens;
			accounts: Accounts;
			onRefused?: (refusal: Refusal) => void;
		}
	) {}

	async onAuthenticate({ token, documentName }: onAuthenticatePayload): Promise<ConnectionContext> {
		const refuse = (refusal: Refusal) => {
			this.deps.onRefused?.(refusal);
			return new RefusedError(refusal, documentName);
		};
		if (!token) throw refuse('noToken');
		const userId = await this.deps.tokens.verify(token);
		const user = userId ? this.deps.accounts.getUser(userId) : null;
		if (!user) throw refuse('badToken');
		const communityId = communityOfDoc(documentName);
		if (!communityId) throw refuse('unknownDocument');
		const role = this.deps.accounts.roleIn(user.id, communityId);
		if (!role) throw refuse('notMember');
		return { user: { id: user.id, name: user.name, username: user.username }, communityId, role };
	}
}
