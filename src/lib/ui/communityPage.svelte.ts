import { page } from '$app/state';
import { untrack } from 'svelte';
import { fromStore } from 'svelte/store';
import { account, memberName, roleIn, type Account, type Member } from '$lib/account';
import { isManager, type Community } from '$lib/model';
import { liveRead, sessionFor, type LiveRead } from '$lib/sync';
import type * as Y from 'yjs';

/** Who is looking: what a read may depend on. */
export interface Viewer {
	role: string;
	userId: string;
	manages: boolean;
}

export function viewerIn(account: Account, communityId: string): Viewer {
	const role = roleIn(account, communityId);
	return { role, userId: account.user.id, manages: isManager(role) };
}

/**
 * What a page of one community needs: who is signed in with which role, the members, a
 * `Community` to write through, and `read`'s result kept live across the documents it opens.
 * `key` names what else `read` depends on (a route parameter), so a change re-reads.
 */
export function communityPage<T>(
	read: (community: Community, viewer: Viewer) => Promise<T>,
	key: () => unknown = () => null
) {
	const signedIn = fromStore(account);
	const communityId = $derived(page.params.community ?? '');
	const role = $derived(roleIn(signedIn.current, communityId));
	const summary = $derived(signedIn.current?.communities.find((c) => c.id === communityId));
	let result = $state<LiveRead<T>>({ state: 'loading' });
	/** The documents the read opened, for the page to say which are not on this device yet. */
	let documents = $state<string[]>([]);

	// Only what identifies the session and the view re-opens it: the account object itself is
	// replaced whenever the member list is refreshed.
	const token = $derived(signedIn.current?.token ?? '');
	$effect(() => {
		const id = communityId;
		const viewerRole = role;
		if (!token || !viewerRole) return;
		key();
		const current = untrack(() => signedIn.current);
		if (!current) return;
		const session = sessionFor(current);
		const viewer = viewerIn(current, id);
		result = { state: 'loading' };
		documents = [];
		const opened = new Set<string>();
		const follow = (watch: (doc: Y.Doc) => void) => (doc: Y.Doc, name: string) => {
			watch(doc);
			if (opened.has(name)) return;
			opened.add(name);
			documents = [...opened];
		};
		return liveRead((watch) => read(session.community(id, follow(watch)), viewer)).subscribe((next) => (result = next));
	});

	return {
		get communityId() {
			return communityId;
		},
		get communityName() {
			return summary?.name ?? communityId;
		},
		get role() {
			return role;
		},
		get isMember() {
			return role !== '';
		},
		get manages() {
			return isManager(role);
		},
		get userId() {
			return signedIn.current?.user.id ?? '';
		},
		get members(): Member[] {
			return summary?.members ?? [];
		},
		get result() {
			return result;
		},
		get documents() {
			return documents;
		},
		get data(): T | null {
			return result.state === 'ready' ? result.value : null;
		},
		/** The community to write through, stamped with the signed-in user. */
		community(): Community {
			const current = signedIn.current;
			if (!current) throw new Error('not signed in');
			return sessionFor(current).community(communityId);
		},
		memberName(id: string): string {
			return signedIn.current ? memberName(signedIn.current, communityId, id) : id;
		}
	};
}

export type CommunityPage<T> = ReturnType<typeof communityPage<T>>;
