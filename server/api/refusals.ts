import { AccountError } from '../accounts/accounts';
import { InvitationError } from '../accounts/invitations';
import { HttpError } from './http';
import type { RouteHandler } from './router';

/** Account and invitation refusals as HTTP answers; anything else is left to the router. */
function asHttpError(error: unknown): unknown {
	if (error instanceof AccountError) {
		return new HttpError({ invalid: 400, exists: 409, 'not-found': 404 }[error.code], error.message);
	}
	if (error instanceof InvitationError) {
		if (error.code === 'gone') return new HttpError(410, error.message, {}, { state: error.state! });
		return new HttpError(error.code === 'member' ? 409 : 404, error.message);
	}
	return error;
}

/** The handler, with what accounts and invitations refuse answered as 4xx instead of 500. */
export function answeringRefusals(handler: RouteHandler): RouteHandler {
	return (context) => handler(context).catch((error) => Promise.reject(asHttpError(error)));
}
