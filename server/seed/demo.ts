import fs from 'node:fs';
import * as Y from 'yjs';
import {
	DISTRICT_DEPARTMENTS,
	MemoryDocumentSource,
	addGrid,
	addStation,
	newId,
	rootDocName,
	setUpCommunity,
	type Role
} from '../../src/lib/model';
import { hashPassword } from '../accounts/passwords';
import type { Store } from '../store/types';
import { seedCare } from './care';
import { seedHistory } from './history';
import { seedWeek, type WeekCast } from './week';

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

/** Invented liaison people of the seven departments (片区联系人), one set per community. */
const LIAISON_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵'];

/**
 * The demo's people: one district admin; per community a secretary, a user per grid worker,
 * a liaison per department (`<community>-<department>`), a volunteer and a partner unit.
 */
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
		DISTRICT_DEPARTMENTS.forEach((department, index) => {
			const name = `${LIAISON_SURNAMES[index]}${department.name}联络员`;
			users.push(user(`${community.id}-${department.id}`, name, [[community.id, 'liaison']]));
		});
		users.push(user(`${community.id}-vol`, '王秀兰', [[community.id, 'volunteer']]));
		users.push(user(`${community.id}-partner`, '区城市管理局', [[community.id, 'partner']]));
	}
	return users;
}

/** Every document of one demo community: the root as set up, a realistic past week and the two months before. */
async function communityDocuments(
	community: DemoDistrict['communities'][number],
	district: string,
	userIdOf: (username: string) => string,
	now: number,
	variant: number
): Promise<Map<string, Uint8Array>> {
	const source = new MemoryDocumentSource();
	const secretary = userIdOf(`${community.id}-sec`);
	const doc = await source.open(rootDocName(community.id));
	// Set up before the earliest history (90 days back).
	const setUpAt = { by: secretary, at: now - 120 * 24 * 60 * 60 * 1000 };
	setUpCommunity(doc, { id: community.id, name: community.name, district }, setUpAt);
	for (const { id, name, address, functions } of community.stations) {
		const grids = community.grids.filter((g) => g.station === id).map((g) => g.id);
		addStation(doc, { id, name, address, functions, openingHours: '周一至周六 8:30–17:30', grids }, setUpAt);
	}
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
		}, setUpAt);
	}
	const cast: WeekCast = {
		communityId: community.id,
		communityName: community.name,
		secretary,
		gridWorkers: community.grids.map((g) => [g.id, userIdOf(`${community.id}-${g.id}`)]),
		liaisons: Object.fromEntries(
			DISTRICT_DEPARTMENTS.map((d, index) => [
				d.id,
				{
					userId: userIdOf(`${community.id}-${d.id}`),
					name: `${LIAISON_SURNAMES[index]}${d.name}联络员`,
					phone: `0352-50${String(index + 1).padStart(2, '0')}${community.id.length}88`
				}
			])
		),
		partner: userIdOf(`${community.id}-partner`),
		volunteer: userIdOf(`${community.id}-vol`)
	};
	await seedWeek(source, cast, now);
	await seedHistory(source, cast, now, variant);
	await seedCare(
		source,
		{
			communityId: community.id,
			secretary,
			grids: community.grids.slice(0, 2).map((g) => [g.id, userIdOf(`${community.id}-${g.id}`)]),
			volunteer: userIdOf(`${community.id}-vol`)
		},
		now
	);
	const states = new Map([...source.docs].map(([name, d]) => [name, Y.encodeStateAsUpdate(d)]));
	for (const d of source.docs.values()) d.destroy();
	return states;
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
	const now = Date.now();
	const documents = await Promise.all(
		demo.communities.map((community, index) => communityDocuments(community, demo.district.name, userIdOf, now, index))
	);
	await store.transaction(async (tx) => {
		for (const [index, community] of demo.communities.entries()) {
			await tx.createCommunity({ id: community.id, name: community.name });
			for (const [name, state] of documents[index]) await tx.storeSnapshot(name, state, 0);
		}
		for (const u of users) {
			await tx.createUser({ id: u.id, username: u.username, name: u.name, passwordHash });
			for (const [communityId, role] of u.roles) await tx.setMembership({ userId: u.id, communityId, role });
		}
	});
	return {
		district: demo.district.name,
		communities: demo.communities.map((c) => ({
			id: c.id,
			name: c.name,
			secretary: `${c.id}-sec`,
			gridWorkers: users
				.filter((u) => u.roles.some(([id, role]) => id === c.id && role === 'gridworker'))
				.map((u) => u.username)
		})),
		admin: DEMO_ADMIN,
		password: DEMO_PASSWORD
	};
}
