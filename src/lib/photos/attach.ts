import { get } from 'svelte/store';
import { account } from '$lib/account';
import { sessionFor } from '$lib/sync';
import type { PreparedPhoto } from './resize';

/**
 * Keeps a prepared photo on this device, queued for upload, and returns the `att:<sha256>`
 * reference to write into the record: the photo is stored before anything names it.
 */
export async function attachPhoto(communityId: string, photo: PreparedPhoto): Promise<string> {
	const current = get(account);
	if (!current) throw new Error('not signed in');
	return sessionFor(current).attachments.add(communityId, photo.bytes, photo.type);
}
