import { writable, type Readable } from 'svelte/store';
import { listGrids, worksGrid, type Grid } from '$lib/model';
import { call } from '$lib/members';
import type * as Y from 'yjs';

/** How the viewer may work a grid's care records, as the relay decides it (docs/access.md). */
export type CareRole =
	/** The secretary, a worker of the grid: every record. */
	| 'keeper'
	/** On the grid's care team: family-sickbed requests and visits. */
	| 'team'
	/** On the care team as an observer: reads only. */
	| 'reader';

export interface CareGrid {
	grid: Grid;
	role: CareRole;
}

/** The grids the server says the member's care team covers, kept for offline use. */
const cacheKey = (userId: string, communityId: string) => `gongzhi.careGrids.${userId}.${communityId}`;

export function cachedTeamGrids(userId: string, communityId: string): { grid: string; access: 'read' | 'write' }[] {
	if (typeof localStorage === 'undefined') return [];
	try {
		const cached = JSON.parse(localStorage.getItem(cacheKey(userId, communityId)) ?? '[]');
		return Array.isArray(cached) ? cached : [];
	} catch {
		return [];
	}
}

const changes = writable(0);
/** Changes whenever a kept answer does: what reads `cachedTeamGrids` reads again. */
export const teamGridsChanged: Readable<number> = { subscribe: changes.subscribe };

/**
 * Asks the server which grids' care records the member may open (`GET …/care/grids`) and keeps
 * the answer; offline, the answer kept last time stands.
 */
export async function refreshTeamGrids(token: string, userId: string, communityId: string): Promise<void> {
	try {
		const { grids } = await call<{ grids: { grid: string; access: 'read' | 'write' }[] }>('GET', `/api/communities/${communityId}/care/grids`, { token });
		const text = JSON.stringify(grids);
		if (localStorage.getItem(cacheKey(userId, communityId)) === text) return;
		localStorage.setItem(cacheKey(userId, communityId), text);
		changes.update((n) => n + 1);
	} catch {
		// Offline or refused: what was kept stays; the relay decides in the end anyway.
	}
}

/** Forgets the kept answers of the user (signing out). */
export function forgetTeamGrids(userId: string): void {
	if (typeof localStorage === 'undefined') return;
	const prefix = `gongzhi.careGrids.${userId}.`;
	for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
}

/**
 * The live grids whose care records the viewer works, in the board's order: every grid for the
 * secretary, a worker's own grids (from the root, right even offline), and those the care team
 * list gives them (the server's answer, kept).
 */
export function careGridsOf(root: Y.Doc, viewer: { role: string; userId: string }, team: { grid: string; access: 'read' | 'write' }[]): CareGrid[] {
	if (viewer.role === 'district-admin') return [];
	const out: CareGrid[] = [];
	for (const grid of listGrids(root)) {
		if (viewer.role === 'secretary' || (viewer.role === 'gridworker' && worksGrid(root, grid.id, viewer.userId))) {
			out.push({ grid, role: 'keeper' });
			continue;
		}
		const listed = team.find((t) => t.grid === grid.id);
		if (listed) out.push({ grid, role: listed.access === 'write' ? 'team' : 'reader' });
	}
	return out;
}
