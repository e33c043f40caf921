import type { Extension, Hocuspocus, onConfigurePayload } from '@hocuspocus/server';
import type { Accounts } from '../accounts/accounts';
import { SESSION_EXPIRED, type Access } from '../../src/lib/model';
import type { ConnectionContext } from './authentication';
import type { AccessOf } from './scoped-access';

/** The socket closes with this; the client reconnects and is authorised afresh (or refused). */
export const MEMBERSHIP_CHANGED = { code: 4001, reason: 'membership changed' } as const;
/** The sign-in token a connection opened with has expired; reconnecting with it is refused. */
export const SESSION_ENDED = { code: 4401, reason: SESSION_EXPIRED } as const;

type OpenConnection = { context: unknown; webSocket: { close(code: number, reason: string): void } };

/** A member's open connection that did not come through Hocuspocus's own sockets (`/yws`). */
export interface LiveConnection {
	context: ConnectionContext;
	close(code: number, reason: string): void;
}

/**
 * Takes away, within about `intervalMs`, the connections of members whose role in the community
 * changed or was revoked (from the admin CLI, another process, another relay): a relay only
 * checks membership when a document is opened, so without this a revoked member would keep
 * reading and writing until they reconnected. Their socket is closed; reconnecting, they get
 * what their role now allows, or a refusal. Likewise a connection outliving its sign-in token
 * (checked when the document was opened) is closed once the token expires, and one to a grid's
 * care records whose scope changed (the worker was taken off the grid, the care team member off
 * its list): those are the residents' personal data.
 */
export class Revocation implements Extension {
	extensionName = 'revocation';
	private instance: Hocuspocus | null = null;
	private timer: NodeJS.Timeout | undefined;
	private checking = false;
	private readonly sources: (() => Iterable<LiveConnection>)[] = [];

	constructor(
		private readonly deps: {
			accounts: Accounts;
			/** Re-reads the scope of connections to care records; without it only memberships are checked. */
			accessOf?: AccessOf;
			intervalMs?: number;
			warn?: (message: string) => void;
			onRevoked?: (context: ConnectionContext) => void;
		}
	) {}

	async onConfigure({ instance }: onConfigurePayload): Promise<void> {
		this.instance = instance;
		this.timer = setInterval(() => void this.check(), this.deps.intervalMs ?? 500);
		this.timer.unref();
	}

	async onDestroy(): Promise<void> {
		clearInterval(this.timer);
	}

	/** Checks these connections too: another endpoint's, held open on the same documents. */
	watch(source: () => Iterable<LiveConnection>): void {
		this.sources.push(source);
	}

	private openConnections(): LiveConnection[] {
		const open: LiveConnection[] = [];
		for (const document of this.instance?.documents.values() ?? []) {
			for (const connection of document.getConnections() as unknown as OpenConnection[]) {
				const context = connection.context as ConnectionContext | undefined;
				if (context?.member) open.push({ context, close: (code, reason) => connection.webSocket.close(code, reason) });
			}
		}
		for (const source of this.sources) open.push(...source());
		return open;
	}

	private async check(): Promise<void> {
		if (this.checking || !this.instance) return;
		this.checking = true;
		try {
			const open = this.openConnections();
			const roles = new Map<string, string | null>();
			for (const { context } of open) {
				const key = `${context.user.id}\n${context.communityId}`;
				if (!roles.has(key)) roles.set(key, await this.deps.accounts.roleIn(context.user.id, context.communityId));
			}
			const scopes = new Map<string, Access>();
			const accessOf = this.deps.accessOf;
			for (const { context } of open) {
				const key = `${context.user.id}\n${context.document.communityId}\n${context.document.key}`;
				if (accessOf && context.document.kind === 'care' && !scopes.has(key)) {
					scopes.set(key, await accessOf(context.member, context.document));
				}
			}
			const now = Date.now();
			for (const connection of open) {
				const { context } = connection;
				if (context.sessionExpiresAt <= now) {
					connection.close(SESSION_ENDED.code, SESSION_ENDED.reason);
					continue;
				}
				const scope = scopes.get(`${context.user.id}\n${context.document.communityId}\n${context.document.key}`);
				const sameRole = roles.get(`${context.user.id}\n${context.communityId}`) === context.role;
				if (sameRole && (scope === undefined || scope === context.access)) continue;
				this.deps.onRevoked?.(context);
				connection.close(MEMBERSHIP_CHANGED.code, MEMBERSHIP_CHANGED.reason);
			}
		} catch (error) {
			this.deps.warn?.(`cannot check memberships: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			this.checking = false;
		}
	}
}
