import { customAlphabet } from 'nanoid';

// 16 characters of a 36-letter alphabet: ~82 bits, so ids made offline on different devices
// never collide in practice, and they stay readable in URLs and exports.
const make = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 16);

export function newId(): string {
	return make();
}

/** Ids supplied from outside (seed files, CLI) must be safe in document names and URLs. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
