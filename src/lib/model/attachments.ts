/**
 * Photos attached to records (a case's `photo`, a progress entry's `photo`). The documents hold
 * only a reference; the bytes live in the relay's store, addressed by their SHA-256, so the same
 * photo uploaded twice (a retry, two devices) is one attachment and a reference can be written
 * offline, before the upload, without waiting for an id from the server.
 */

export const ATTACHMENT_PREFIX = 'att:';

/** Lowercase hex SHA-256: an attachment's id. */
export const ATTACHMENT_ID_PATTERN = /^[0-9a-f]{64}$/;

/** The image types accepted; each is recognised by its first bytes, whatever a client claims. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * One upload's limit. The app resizes a photo to at most 1600 px before storing it (a few
 * hundred KB); 2 MiB leaves room for a PNG screenshot without letting anyone park large files.
 */
export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;

export function isAttachmentType(value: unknown): value is AttachmentType {
	return (ATTACHMENT_TYPES as readonly unknown[]).includes(value);
}

export function attachmentRef(id: string): string {
	if (!ATTACHMENT_ID_PATTERN.test(id)) throw new Error(`not an attachment id: ${id}`);
	return ATTACHMENT_PREFIX + id;
}

/** The attachment id an `att:<sha256>` reference names; null for anything else (an old URL). */
export function parseAttachmentRef(ref: string | undefined | null): string | null {
	if (!ref?.startsWith(ATTACHMENT_PREFIX)) return null;
	const id = ref.slice(ATTACHMENT_PREFIX.length);
	return ATTACHMENT_ID_PATTERN.test(id) ? id : null;
}

/** A reference written before attachments (a link to a photo elsewhere), when it is a web address. */
export function photoLink(ref: string | undefined | null): string | null {
	return ref && /^https?:\/\/\S+$/i.test(ref) ? ref : null;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
	bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

/** The image type the bytes are, by their magic numbers; null when none of the accepted ones. */
export function sniffImageType(bytes: Uint8Array): AttachmentType | null {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	// RIFF <size> WEBP
	if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	return null;
}
