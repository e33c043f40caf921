import fs from 'node:fs';
import * as Y from 'yjs';
import { addGrid, addStation, initCommunity, newId, rootDocName, type Role } from '../../src/lib/model';
import { hashPassword } from '../accounts/passwords';
import type { Store } from '../store/types';

/** Public: the console prints it, and anyone may sign in to the demo with it. */
export const DEMO_PASSWORD = 'demo1234';
export const DEMO_ADMIN = 'admin';

interface DemoGrid {
	id: string;
	name: string;
	households: number;
	boundary: string;
	buildings: number;
	specialNeedsHouseholds: number;
	station: string;
	gridWorker: string;
	partTimeWorker: string | null;
}

interface DemoDistrict {
	district: { id: string; name: string };
	communities: {
		id: string;
		name: string;
		grids: DemoGrid[];
		stations: { id: string; name: string; address: string; functions: string[] }[];
	}[];
}

export interface SeedSummary {
	district: string;
	communities: { id: string; name: string; secretary: string; gridWorkers: string[] }[];
	admin: string;
	password: string;
}

interface DemoUser {
	id: string;
	username: string;
	name: string;
	roles: [communityId: string, role: Role][];
}

function readDemo(): DemoDistrict {
	return JSON.parse(fs.readFileSync(new URL('./xinrong-demo.json', import.meta.url), 'utf8'));
}

/** The demo's people: one district admin, a secretary per community, a user per grid worker. */
function demoUsers(demo: DemoDistrict): DemoUser[] {
	const user = (username: string, name: string, roles: DemoUser['roles']) => ({ id: newId(), username, name, roles });
	const users = [user(DEMO_ADMIN, '区级管理员', demo.communities.map((c) => [c.id, 'district-admin']))];
	for (const community of demo.communities) {
		users.push(user(`${community.id}-sec`, `${community.name}书记`, [[community.id, 'secretary']]));
		for (const grid of community.grids) {
			const member: DemoUser['roles'] = [[community.id, 'gridworker']];
			users.push(user(`${community.id}-${grid.id}`, grid.gridWorker, member));
			if (grid.partTimeWorker) users.push(user(`${community.id}-${grid.id}p`, grid.partTimeWorker, member));
		}
	}
	return users;
}

function communitySnapshot(
	community: DemoDistrict['communities'][number],
	district: string,
	userIdOf: (username: string) => string
): Uint8Array {
	const doc = new Y.Doc();
	initCommunity(doc, { id: community.id, name: community.name, district });
	for (const { id, name, address, functions } of community.stations) addStation(doc, { id, name, address, functions });
	for (const grid of community.grids) {
		const workers = [`${community.id}-${grid.id}`];
		if (grid.partTimeWorker) workers.push(`${community.id}-${grid.id}p`);
		addGrid(doc, {
			id: grid.id,
			name: grid.name,
			households: grid.households,
			boundary: grid.boundary,
			station: grid.station,
			buildings: grid.buildings,
			specialNeedsHouseholds: grid.specialNeedsHouseholds,
			workers: workers.map(userIdOf)
		});
	}
	const state = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return state;
}

/** Writes the demo district (communities, documents, users, memberships) in one transaction. */
export async function seedDemo(store: Store): Promise<SeedSummary> {
	const demo = readDemo();
	const users = demoUsers(demo);
	const ids = new Map(users.map((u) => [u.username, u.id]));
	const userIdOf = (username: string) => ids.get(username)!;
	// One hash for everyone: the password is public (the console prints it), so separate salts
	// would protect nothing and cost ~40 ms of scrypt per user on every fresh start.
	// A user who sets their own password gets their own salt.
	const passwordHash = await hashPassword(DEMO_PASSWORD);
	store.transaction(() => {
		for (const community of demo.communities) {
			store.createCommunity({ id: community.id, name: community.name });
			const snapshot = communitySnapshot(community, demo.district.name, userIdOf);
			store.storeSnapshot(rootDocName(community.id), snapshot, 0);
		}
		for (const u of users) {
			store.createUser({ id: u.id, username: u.username, name: u.name, passwordHash });
			for (const [communityId, role] of u.roles) store.setMembership({ userId: u.id, communityId, role });
		}
	});
	return {
		district: demo.district.name,
		communities: demo.communities.map((c) => ({
			id: c.id,
			name: c.name,
			secretary: `${c.id}-sec`,
			gridWorkers: users.filter((u) => u.username.startsWith(`${c.id}-g`)).map((u) => u.username)
		})),
		admin: DEMO_ADMIN,
		password: DEMO_PASSWORD
	};
}
