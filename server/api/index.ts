import type { Metrics } from '../relay/metrics';
import { login, loginThrottles, me } from './auth';
import { exportJson, type ExportDeps } from './export';
import { sendJson } from './http';
import { listMinutesSnapshots, readMinutesSnapshot } from './minutes-snapshots';
import { Router } from './router';

export interface ApiDeps extends ExportDeps {
	metrics: Metrics;
}

/** Paths the API answers; everything else goes to the SvelteKit app. */
export function isApiPath(pathname: string): boolean {
	return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/healthz' || pathname === '/metrics';
}

export function createApi(deps: ApiDeps): Router {
	return new Router(isApiPath)
		.add('POST', '/api/auth/login', login({ ...deps, throttles: loginThrottles() }))
		.add('GET', '/api/me', me(deps))
		.add('GET', '/api/communities/:id/export.json', exportJson(deps))
		.add('GET', '/api/communities/:id/meetings/:meeting/snapshots', listMinutesSnapshots(deps))
		.add('GET', '/api/communities/:id/meetings/:meeting/snapshots/:at', readMinutesSnapshot(deps))
		.add('GET', '/healthz', async ({ res }) => sendJson(res, 200, { ok: true }))
		.add('GET', '/metrics', async ({ res }) => {
			const text = await deps.metrics.text();
			res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
			res.end(text);
		});
}
