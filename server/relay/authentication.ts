import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import {
	REFUSALS,
	parseDocName,
	type Access,
	type DocumentRef,
	type Member,
	type Refusal,
	type Role
} from '../../src/lib/model';
import type { Accounts } from '../accounts/accounts';
import type { Tokens } from '../accounts/tokens';
import { connectionLog, log as rootLog, type Logger } from '../log';
import type { AccessOf } from './scoped-access';

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
	/** The document the connection opened. */
	document: DocumentRef;
	role: Role;
	/** The member as the access policy sees it (role and scope). */
	member: Member;
	/** Read-only connections get no write through (docs/access.md). */
	access: Exclude<Access, 'none'>;
	/** When the sign-in token the connection opened with expires (epoch ms): the connection ends then. */
	sessionExpiresAt: number;
}

export class Authentication implements Extension {
	extensionName = 'authentication';

	constructor(
		private readonly deps: {
			tokens: Tokens;
			accounts: Accounts;
			/** What the member may do with the document, its scope read from the documents (scoped-access.ts). */
			accessOf: AccessOf;
			onRefused?: (refusal: Refusal) => void;
		}
	) {}

	async onAuthenticate({ token, documentName, context, connectionConfig }: onAuthenticatePayload): Promise<ConnectionContext> {
		// The upgrade handler puts the socket's id in the context so these lines join its others.
		const authorized = await this.authorize(token, documentName, connectionLog(context?.connectionId));
		// Hocuspocus then answers every update with "not saved" and drops it.
		if (authorized.access === 'read') connectionConfig.readOnly = true;
		return authorized;
	}

	/** Who may open `documentName` with `token`: the relay's rule, shared by /sync and /yws. */
	async authorize(token: string | null | undefined, documentName: string, log: Logger = rootLog): Promise<ConnectionContext> {
		const refuse = (refusal: Refusal, userId?: string) => {
			this.deps.onRefused?.(refusal);
			log.warn({ document: documentName, user: userId, reason: refusal }, 'connection refused');
			return new RefusedError(refusal);
		};
		if (!token) throw refuse('noToken');
		const verified = await this.deps.tokens.verify(token);
		const user = verified ? await this.deps.accounts.getUser(verified.userId) : null;
		if (!user) throw refuse('badToken');
		const ref = parseDocName(documentName);
		if (!ref) throw refuse('unknownDocument', user.id);
		const membership = await this.deps.accounts.memberOf(user.id, ref.communityId);
		if (!membership) throw refuse('notMember', user.id);
		const member = { userId: user.id, role: membership.role };
		const access = await this.deps.accessOf(member, ref);
		if (access === 'none') throw refuse('notAllowed', user.id);
		const { role } = membership;
		log.info({ document: documentName, user: user.id, role, access }, 'document opened');
		return {
			user: { id: user.id, name: user.name, username: user.username },
			communityId: ref.communityId,
			document: ref,
			role,
			member,
			access,
			sessionExpiresAt: verified!.expiresAt
		};
	}
}
