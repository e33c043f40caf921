import { writable, get } from 'svelte/store';

export interface Member {
	id: string;
	name: string;
	role: string;
}

export interface CommunitySummary {
	id: string;
	name: string;
	role: string;
	members: Member[];
}

/** What the browser keeps of a signed-in user, so the app opens with no network. */
export interface Account {
	token: string;
	user: { id: string; name: string; username?: string };
	memberships: { communityId: string; role: string }[];
	communities: CommunitySummary[];
}

/** The role the account holds in a community, '' when not a member. */
export function roleIn(account: Account | null, communityId: string): string {
	return account?.memberships.find((m) => m.communityId === communityId)?.role ?? '';
}

/** A member's display name, from the member list kept for offline use; the id when unknown. */
export function memberName(account: Account, communityId: string, userId: string): string {
	if (userId === account.user.id) return account.user.name;
	const members = account.communities.find((c) => c.id === communityId)?.members ?? [];
	return members.find((m) => m.id === userId)?.name ?? userId;
}

const STORAGE_KEY = 'gongzhi.account';

function load(): Account | null {
	if (typeof localStorage === 'undefined') return null;
	try {
		const raw = localStorage.getItem(STORAGE_KEY);
		return raw ? (JSON.parse(raw) as Account) : null;
	} catch {
		return null;
	}
}

export const account = writable<Account | null>(load());

account.subscribe((value) => {
	if (typeof localStorage === 'undefined') return;
	if (value) localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
	else localStorage.removeItem(STORAGE_KEY);
});

/** A failure the user should read: `key` names an i18n message. */
export class AccountError extends Error {
	constructor(
		readonly key: 'login.wrong' | 'login.network' | 'login.server' | 'login.throttled',
		detail?: string
	) {
		super(detail ?? key);
	}
}

export async function login(username: string, password: string): Promise<Account> {
	let response: Response;
	try {
		response = await fetch('/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password })
		});
	} catch {
		throw new AccountError('login.network');
	}
	if (response.status === 401) throw new AccountError('login.wrong');
	if (response.status === 429) throw new AccountError('login.throttled', response.headers.get('retry-after') ?? '60');
	if (!response.ok) {
		const body = await response.json().catch(() => ({}));
		throw new AccountError('login.server', body.error);
	}
	return startSession((await response.json()) as SignIn);
}

/** What signing in answers (also accepting an invitation): a token, the user, their memberships. */
export type SignIn = Omit<Account, 'communities'>;

/** Keeps the signed-in account and fetches its communities' names and members. */
export async function startSession(body: SignIn): Promise<Account> {
	const next: Account = { ...body, communities: [] };
	account.set(next);
	await refreshCommunities();
	return get(account) ?? next;
}

/**
 * Refreshes community names and members while online; offline, the stored copy stands.
 * A 401 means the token is no longer valid: the user must sign in again.
 */
export async function refreshCommunities(): Promise<'ok' | 'offline' | 'expired'> {
	const current = get(account);
	if (!current) return 'expired';
	let response: Response;
	try {
		response = await fetch('/api/me', { headers: { authorization: `Bearer ${current.token}` } });
	} catch {
		return 'offline';
	}
	if (response.status === 401) return 'expired';
	if (!response.ok) return 'offline';
	const body = (await response.json()) as { communities: CommunitySummary[] };
	account.set({ ...current, communities: body.communities });
	return 'ok';
}

export function logout(): void {
	account.set(null);
}
