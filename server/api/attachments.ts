import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
	ATTACHMENT_ID_PATTERN,
	ATTACHMENT_MAX_BYTES,
	ATTACHMENT_TYPES,
	isAttachmentType,
	mayUploadAttachments,
	sniffImageType
} from '../../src/lib/model';
import type { Store } from '../store/types';
import { requireMember, type AuthDeps } from './auth';
import { HttpError, readBody, sendJson } from './http';
import type { RouteHandler } from './router';

export interface AttachmentDeps extends AuthDeps {
	store: Store;
	/** Bytes of photos one community may store (ATTACHMENT_QUOTA_MB). */
	attachmentQuotaBytes: number;
}

const params = z.object({
	id: z.string(),
	sha256: z.string().regex(ATTACHMENT_ID_PATTERN, 'the attachment id must be the lowercase hex SHA-256 of its bytes (64 characters)')
});

function attachmentParams(raw: Record<string, string>): { communityId: string; id: string } {
	const result = params.safeParse(raw);
	if (!result.success) throw new HttpError(400, result.error.issues[0].message);
	return { communityId: result.data.id, id: result.data.sha256 };
}

/** The media type of the request, without parameters (`image/jpeg; charset=…` → `image/jpeg`). */
function mediaType(header: string | undefined): string {
	return (header ?? '').split(';')[0].trim().toLowerCase();
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * The photo is shown only by the app's own `<img>` from a blob URL, never opened as a page; if
 * someone does open it, it runs nothing and loads nothing.
 */
const SERVE_HEADERS = {
	'cache-control': 'private, max-age=31536000, immutable',
	'x-content-type-options': 'nosniff',
	'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
	'cross-origin-resource-policy': 'same-origin'
};

/**
 * `PUT /api/communities/<id>/attachments/<sha256>`: stores a photo whose bytes hash to the id.
 * Idempotent: the same bytes again change nothing (201 the first time, 200 after).
 */
export function putAttachment(deps: AttachmentDeps): RouteHandler {
	return async ({ req, res, params: raw }) => {
		// A refusal before the body is read leaves up to 2 MB unread on the connection: close it
		// rather than read it. Kept once the body has been read.
		res.setHeader('connection', 'close');
		const { communityId, id } = attachmentParams(raw);
		const { user, role } = await requireMember(deps, req, communityId);
		if (!mayUploadAttachments(role)) throw new HttpError(403, 'your role in this community is read-only: it may not upload photos');
		const claimed = mediaType(req.headers['content-type']);
		if (!isAttachmentType(claimed)) {
			throw new HttpError(415, `a photo must be sent as ${ATTACHMENT_TYPES.join(', ')} (Content-Type)`);
		}
		const bytes = await readBody(req, ATTACHMENT_MAX_BYTES);
		res.removeHeader('connection');
		if (bytes.length === 0) throw new HttpError(400, 'the request body is empty: send the photo’s bytes');
		const actual = sniffImageType(bytes);
		if (actual !== claimed) {
			throw new HttpError(415, `the bytes are ${actual ?? 'not an image of an accepted type'}, not ${claimed}`);
		}
		if (createHash('sha256').update(bytes).digest('hex') !== id) {
			throw new HttpError(400, 'the bytes do not hash to the attachment id (SHA-256): the upload was damaged or misnamed');
		}
		const outcome = await deps.store.addAttachment(
			{ communityId, id, contentType: actual, size: bytes.length, data: bytes, createdBy: user.id },
			deps.attachmentQuotaBytes
		);
		if (outcome === 'overQuota') {
			throw new HttpError(413, `this community's photo storage is full (${mb(deps.attachmentQuotaBytes)}, ATTACHMENT_QUOTA_MB)`);
		}
		sendJson(res, outcome === 'created' ? 201 : 200, { id, contentType: actual, size: bytes.length });
	};
}

/** `GET /api/communities/<id>/attachments/<sha256>`: the photo, to any member of the community. */
export function getAttachment(deps: AttachmentDeps): RouteHandler {
	return async ({ req, res, params: raw }) => {
		const { communityId, id } = attachmentParams(raw);
		await requireMember(deps, req, communityId);
		const attachment = await deps.store.getAttachment(communityId, id);
		if (!attachment) throw new HttpError(404, 'no such attachment in this community (not uploaded yet?)');
		res.writeHead(200, { 'content-type': attachment.contentType, 'content-length': attachment.data.byteLength, ...SERVE_HEADERS });
		res.end(attachment.data);
	};
}
