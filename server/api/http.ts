import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

/** Requests carry small JSON documents; anything bigger is refused before it is read. */
export const MAX_BODY_BYTES = 16 * 1024;

/** An error the client should read: `message` becomes `{"error": message}`. */
export class HttpError extends Error {
	override name = 'HttpError';
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
		/** Further fields of the body, for a client that tells cases apart (`{"error", …}`). */
		readonly details: Record<string, string> = {}
	) {
		super(message);
	}
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		'cache-control': 'no-store',
		...headers
	});
	res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
	sendJson(res, error.status, { error: error.message, ...error.details }, error.headers);
}

function tooLarge(maxBytes: number): HttpError {
	// The rest of the body is never read: closing the connection discards it.
	const limit = maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes / 1024} KB`;
	return new HttpError(413, `request body is larger than ${limit}`, { connection: 'close' });
}

/** The whole body, refused with a 413 as soon as it is known to exceed `maxBytes` (nothing more is read). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
	if (Number(req.headers['content-length']) > maxBytes) throw tooLarge(maxBytes);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBytes) throw tooLarge(maxBytes);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks, size);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
	const text = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
	if (!text.trim()) throw new HttpError(400, 'request body is empty: send a JSON object');
	try {
		return JSON.parse(text);
	} catch {
		throw new HttpError(400, 'request body is not valid JSON');
	}
}

/** Validates a parsed body; the first problem becomes a 400 naming the field. */
export function validate<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new HttpError(400, 'request body must be a JSON object');
	}
	const result = schema.safeParse(body);
	if (result.success) return result.data;
	throw new HttpError(400, result.error.issues[0].message);
}

/**
 * The path of a request's URL, or null when it is not one: `//[` and the like make `new URL`
 * throw, and a throw in a request or upgrade listener would end the process.
 */
export function pathnameOf(url: string | undefined): string | null {
	try {
		return new URL(url ?? '/', 'http://localhost').pathname;
	} catch {
		return null;
	}
}

export function bearerToken(req: IncomingMessage): string | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	return match ? match[1] : null;
}
