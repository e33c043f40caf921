import { redirect } from '@sveltejs/kit';
import { get } from 'svelte/store';
import { account } from '$lib/account';
import { landingPath } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	const role = get(account)?.memberships.find((m) => m.communityId === params.community)?.role ?? '';
	redirect(307, landingPath(params.community, role));
};
