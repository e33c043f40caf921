import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { REFUSALS, communityOfDoc, type Refusal, type Role } from '../../src/lib/model';
import type { Accounts } from '../accounts/accounts';
import type { Tokens } from '../accounts/tokens';
import { connectionLog, log as rootLog, type Logger } from '../log';

/**
 * Hocuspocus sends a thrown error's `reason` to the client as permission-denied. The message
 * stays empty because Hocuspocus prints every non-empty one to the console, and the refusal is
 * already logged, structured, where it is decided.
 */
export class RefusedError extends Error {
	override name = 'RefusedError';
	readonly reason: string;
	constructor(readonly refusal: Refusal) {
		super();
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

	async onAuthenticate({ token, documentName, context }: onAuthenticatePayload): Promise<ConnectionContext> {
		// The upgrade handler puts the socket's id in the context so these lines join its others.
		return this.authorize(token, documentName, connectionLog(context?.connectionId));
	}

	/** Who may open `documentName` with `token`: the relay's rule, shared by /sync and /yws. */
	async authorize(token: string | null | undefined, documentName: string, log: Logger = rootLog): Promise<ConnectionContext> {
		const refuse = (refusal: Refusal, userId?: string) => {
			this.deps.onRefused?.(refusal);
			log.warn({ document: documentName, user: userId, reason: refusal }, 'connection refused');
			return new RefusedError(refusal);
		};
		if (!token) throw refuse('noToken');
		const userId = await this.deps.tokens.verify(token);
		const user = userId ? await this.deps.accounts.getUser(userId) : null;
		if (!user) throw refuse('badToken');
		const communityId = communityOfDoc(documentName);
		if (!communityId) throw refuse('unknownDocument', user.id);
		const role = await this.deps.accounts.roleIn(user.id, communityId);
		if (!role) throw refuse('notMember', user.id);
		log.info({ document: documentName, user: user.id, role }, 'document opened');
		return { user: { id: user.id, name: user.name, username: user.username }, communityId, role };
	}
}
