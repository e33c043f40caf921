import type { IncomingMessage, ServerResponse } from 'node:http';
import { log as rootLog, type Logger } from '../log';
import { HttpError, pathnameOf, sendError } from './http';

export interface RouteContext {
	req: IncomingMessage;
	res: ServerResponse;
	params: Record<string, string>;
}
export type RouteHandler = (context: RouteContext) => Promise<void>;

interface Route {
	method: string;
	/** As added, `:id` and all: the label of the route in metrics. */
	path: string;
	pattern: RegExp;
	handler: RouteHandler;
}

/** `/api/communities/:id/export.json` → a regex capturing `id` (one path segment). */
function compile(path: string): RegExp {
	const source = path
		.split('/')
		.map((part) =>
			part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
		)
		.join('/');
	return new RegExp(`^${source}$`);
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw new HttpError(400, 'malformed URL');
	}
}

export class Router {
	private readonly routes: Route[] = [];

	constructor(private readonly owns: (pathname: string) => boolean) {}

	add(method: string, path: string, handler: RouteHandler): this {
		this.routes.push({ method, path, pattern: compile(path), handler });
		return this;
	}

	/**
	 * The route pattern a path falls under, whatever the method; `unmatched` for a path this
	 * router owns but has no route for, null for one it does not own. Bounded, unlike raw paths.
	 */
	routeOf(pathname: string): string | null {
		if (!this.owns(pathname)) return null;
		return this.routes.find((route) => route.pattern.test(pathname))?.path ?? 'unmatched';
	}

	/** Serves the request if its path belongs to this router; false leaves it to the caller. */
	async handle(req: IncomingMessage, res: ServerResponse, log: Logger = rootLog): Promise<boolean> {
		const pathname = pathnameOf(req.url);
		if (pathname === null) {
			sendError(res, new HttpError(400, 'malformed URL'));
			return true;
		}
		if (!this.owns(pathname)) return false;
		try {
			const matching = this.routes
				.map((route) => ({ route, match: route.pattern.exec(pathname) }))
				.filter((m) => m.match);
			if (!matching.length) throw new HttpError(404, `no such endpoint: ${pathname}`);
			const found = matching.find((m) => m.route.method === req.method);
			if (!found) {
				const allow = matching.map((m) => m.route.method).join(', ');
				throw new HttpError(405, `${req.method} is not allowed here; use ${allow}`, { allow });
			}
			const params = Object.fromEntries(
				Object.entries(found.match!.groups ?? {}).map(([k, v]) => [k, decodeSegment(v)])
			);
			await found.route.handler({ req, res, params });
		} catch (error) {
			if (res.headersSent) {
				res.destroy();
			} else if (error instanceof HttpError) {
				sendError(res, error);
			} else {
				log.error({ err: error }, 'request failed');
				sendError(res, new HttpError(500, 'internal server error'));
			}
		}
		return true;
	}
}
