import { redirect } from '@sveltejs/kit';

export function load({ params }) {
	redirect(307, `/c/${params.community}/grids`);
}
