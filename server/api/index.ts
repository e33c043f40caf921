import type { Metrics } from '../relay/metrics';
import { getAttachment, putAttachment, type AttachmentDeps } from './attachments';
import { login, loginThrottles, me } from './auth';
import { districtFiguresRoute, type DistrictDeps } from './district';
import { careGrids, listCareOpens, recordCareOpens, type CareDeps } from './care';
import { exportJson, type ExportDeps } from './export';
import { sendJson } from './http';
import {
	acceptInvitation,
	createInvitation,
	listInvitations,
	revokeInvitation,
	showInvitation,
	type InvitationDeps
} from './invitations';
import { changeRole, listMembers, removeMember } from './members';
import { answeringRefusals as refusals } from './refusals';
import { listMinutesSnapshots, readMinutesSnapshot } from './minutes-snapshots';
import { Router } from './router';

export interface ApiDeps extends ExportDeps, AttachmentDeps, InvitationDeps, DistrictDeps, CareDeps {
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
		.add('PUT', '/api/communities/:id/attachments/:sha256', putAttachment(deps))
		.add('GET', '/api/communities/:id/attachments/:sha256', getAttachment(deps))
		.add('GET', '/api/communities/:id/members', listMembers(deps))
		.add('PATCH', '/api/communities/:id/members/:userId', refusals(changeRole(deps)))
		.add('DELETE', '/api/communities/:id/members/:userId', refusals(removeMember(deps)))
		.add('POST', '/api/communities/:id/invitations', refusals(createInvitation(deps)))
		.add('GET', '/api/communities/:id/invitations', listInvitations(deps))
		.add('DELETE', '/api/communities/:id/invitations/:invitationId', refusals(revokeInvitation(deps)))
		.add('GET', '/api/invitations/:token', refusals(showInvitation(deps)))
		.add('POST', '/api/invitations/:token/accept', refusals(acceptInvitation(deps)))
		.add('GET', '/api/communities/:id/meetings/:meeting/snapshots', listMinutesSnapshots(deps))
		.add('GET', '/api/communities/:id/meetings/:meeting/snapshots/:at', readMinutesSnapshot(deps))
		.add('GET', '/api/district/figures', districtFiguresRoute(deps))
		.add('GET', '/api/communities/:id/care/grids', careGrids(deps))
		.add('POST', '/api/communities/:id/care/opens', recordCareOpens(deps))
		.add('GET', '/api/communities/:id/care/opens', listCareOpens(deps))
		.add('GET', '/healthz', async ({ res }) => sendJson(res, 200, { ok: true }))
		.add('GET', '/metrics', async ({ res }) => {
			const text = await deps.metrics.text();
			res.writeHead(200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
			res.end(text);
		});
}
