import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendError } from './http';

export interface RouteContext {
	req: IncomingMessage;
	res: ServerResponse;
	params: Record<string, string>;
}
export type RouteHandler = (context: RouteContext) => Promise<void>;

interface Route {
	method: string;
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
		this.routes.push({ method, pattern: compile(path), handler });
		return this;
	}

	/** Serves the request if its path belongs to this router; false leaves it to the caller. */
	async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (!this.owns(url.pathname)) return false;
		try {
			const matching = this.routes
				.map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
				.filter((m) => m.match);
			if (!matching.length) throw new HttpError(404, `no such endpoint: ${url.pathname}`);
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
				console.error(`${req.method} ${url.pathname} failed:`, error);
				sendError(res, new HttpError(500, 'internal server error'));
			}
		}
		return true;
	}
}
