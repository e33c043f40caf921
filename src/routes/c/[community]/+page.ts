import { redirect } from '@sveltejs/kit';
import { get } from 'svelte/store';
import { account, roleIn } from '$lib/account';
import { landingPath } from '$lib/navigation';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	redirect(307, landingPath(params.community, roleIn(get(account), params.community)));
};
