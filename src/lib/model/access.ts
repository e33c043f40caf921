import * as Y from 'yjs';
import { collection } from './community';
import { isPrivateKind, type DocumentKind, type DocumentRef } from './documents';
import { authorshipProblem } from './authorship';
import { deletionsProblem } from './deletions';
import { careGridsOf } from './careTeam';
import { reviewKey } from './minutes';
import { isManager, type Role } from './roles';
import type { Touch } from './touches';

/**
 * Who may read and write what (docs/access.md). Document boundaries first: a role that may not
 * read a document never gets it; one that may only read it gets a read-only connection. Inside
 * a document a role may write to, a scoped role's every change is checked against the records
 * it touches (`scopeProblem`). Shared by the relay, which enforces it, and the app, which
 * shows only what a member may do.
 */
export type Access = 'write' | 'read' | 'none';

/**
 * A member as the policy sees it. What a scoped role covers is said by the documents
 * themselves, kept by the managers: a grid worker's grids list it in `workers`, a liaison's
 * departments name it as `liaisonUser`, a volunteer's roster record has its `userId`, a
 * partner's agreements list it in `representatives`.
 */
export interface Member {
	userId: string;
	role: Role;
}

/**
 * The most each role may do with each kind of document. A grid's care records (`care`) open
 * further only in scope: to the grid's own workers, and to the members the secretary put on the
 * grid's care team (`careTeam` in the private document) — whatever their role but district
 * admin, an observer reading only.
 */
const MATRIX: Record<Role, Record<DocumentKind, Access>> = {
	'district-admin': { root: 'write', period: 'write', meeting: 'write', pairing: 'write', private: 'none', care: 'none' },
	secretary: { root: 'write', period: 'write', meeting: 'write', pairing: 'write', private: 'write', care: 'write' },
	gridworker: { root: 'write', period: 'write', meeting: 'write', pairing: 'read', private: 'none', care: 'write' },
	liaison: { root: 'write', period: 'write', meeting: 'write', pairing: 'read', private: 'none', care: 'write' },
	volunteer: { root: 'read', period: 'write', meeting: 'write', pairing: 'read', private: 'none', care: 'write' },
	partner: { root: 'read', period: 'none', meeting: 'none', pairing: 'write', private: 'none', care: 'write' },
	observer: { root: 'read', period: 'read', meeting: 'read', pairing: 'read', private: 'none', care: 'read' }
};

/** Whether the user is one of the pairing's representatives (`pairings.<id>.representatives` in the root). */
export function representsPairing(root: Y.Doc, pairingId: string, userId: string): boolean {
	const pairing = collection(root, 'pairings').get(pairingId);
	const representatives = pairing instanceof Y.Map ? pairing.get('representatives') : null;
	return representatives instanceof Y.Array && representatives.toArray().includes(userId);
}

/** Whether the user is one of the grid's workers (`grids.<id>.workers` in the root). */
export function worksGrid(root: Y.Doc, gridId: string, userId: string): boolean {
	return gridsOf(root, userId).has(gridId);
}

/**
 * What the member may do with the document. Where the answer depends on scope, the documents
 * saying it are needed: the community's `root` for a partner's pairing (its representatives) and
 * a grid worker's care records (the grid's workers), and its `privateDoc` for a care team
 * member's; without them the answer is `none`.
 */
export function documentAccess(member: Member, ref: DocumentRef, root: Y.Doc | null = null, privateDoc: Y.Doc | null = null): Access {
	const most = MATRIX[member.role][ref.kind];
	if (member.role === 'partner' && ref.kind === 'pairing' && !(root && representsPairing(root, ref.key, member.userId))) {
		return 'none';
	}
	if (ref.kind === 'care' && most !== 'none' && member.role !== 'secretary') {
		if (member.role === 'gridworker' && root && worksGrid(root, ref.key, member.userId)) return most;
		return privateDoc && careGridsOf(privateDoc, member.userId).includes(ref.key) ? most : 'none';
	}
	return most;
}

/** Whether access to documents of this kind depends on the documents (and may change while connected). */
export function accessIsScoped(kind: DocumentKind): boolean {
	return kind === 'care' || kind === 'pairing';
}

/**
 * Whether the role may upload attachments (photos) to the community: any role that may write
 * some document could write a reference to one. A read-only role (`observer`) could not use an
 * upload, so it may not fill the community's store either.
 */
export function mayUploadAttachments(role: Role): boolean {
	return Object.values(MATRIX[role]).includes('write');
}

/** The documents a scoped member's writes are checked against. */
export interface ScopeLookup {
	/** The document being written, before the update. */
	doc: Y.Doc;
	/** The community's root (grids and their workers, volunteers and their accounts). */
	root(): Y.Doc | Promise<Y.Doc>;
	/** A period document, for an open-case index entry naming it. */
	period(key: string): Y.Doc | Promise<Y.Doc>;
}

const VOLUNTEER_KEYS = ['signUps', 'attendance'] as const;

function mapOf(parent: Y.Map<unknown>, key: string): Y.Map<unknown> | null {
	const value = parent.get(key);
	return value instanceof Y.Map ? value : null;
}

function stringOf(map: Y.Map<unknown> | null, key: string): string {
	const value = map?.get(key);
	return typeof value === 'string' ? value : '';
}

/** Every plain value an insert carries, for the stamps (`by`, `createdBy`) it must bear. */
const valuesOf = (touch: Touch): unknown[] => (touch.op === 'insert' && touch.content.kind === 'value' ? touch.content.values : []);

/** The values written under `key` in the record at `path` by this update (a new record's fields). */
function written(touches: Touch[], path: string[], key: string): unknown[] {
	return touches
		.filter((t) => t.op === 'insert' && t.key === key && t.path.length === path.length && t.path.every((p, i) => p === path[i]))
		.flatMap(valuesOf);
}

/**
 * Whether a care team member's changes go beyond its part: family-sickbed requests (new or
 * edited) and its own sickbed visits (new, or archived as a mistake).
 */
function careTeamProblem(userId: string, touches: Touch[], doc: Y.Doc): boolean {
	return touches.some((t) => {
		const [name, recordId] = t.path;
		const id = recordId ?? t.key;
		if (name === 'sickbed' && id) return false;
		if (name !== 'visits' || !id) return true;
		const existing = mapOf(collection(doc, 'visits'), id);
		if (!existing) return written(touches, ['visits', id], 'kind')[0] !== 'sickbed';
		return stringOf(existing, 'kind') !== 'sickbed' || stringOf(existing, 'createdBy') !== userId;
	});
}

/** Grid ids whose `workers` list the user. */
function gridsOf(root: Y.Doc, userId: string): Set<string> {
	const grids = new Set<string>();
	collection(root, 'grids').forEach((grid, id) => {
		const workers = grid instanceof Y.Map ? grid.get('workers') : null;
		if (workers instanceof Y.Array && workers.toArray().includes(userId)) grids.add(id);
	});
	return grids;
}

/** Roster ids of the volunteer records whose `userId` is the user. */
function volunteerIdsOf(root: Y.Doc, userId: string): Set<string> {
	const ids = new Set<string>();
	collection(root, 'volunteers').forEach((volunteer, id) => {
		if (volunteer instanceof Y.Map && volunteer.get('userId') === userId) ids.add(id);
	});
	return ids;
}

/** Ids of the departments whose `liaisonUser` is the user. */
function departmentsOf(root: Y.Doc, userId: string): Set<string> {
	const ids = new Set<string>();
	collection(root, 'departments').forEach((department, id) => {
		if (department instanceof Y.Map && department.get('liaisonUser') === userId) ids.add(id);
	});
	return ids;
}

/** Whether the case was ever dispatched to one of `departments`. */
function dispatchedTo(caseMap: Y.Map<unknown> | null, departments: Set<string>): boolean {
	const events = caseMap?.get('events');
	return (events instanceof Y.Array ? events.toArray() : []).some((e) => {
		const { type, department } = (e ?? {}) as { type?: unknown; department?: unknown };
		return type === 'dispatched' && typeof department === 'string' && departments.has(department);
	});
}

/**
 * Why the member may not make these changes to the document, or null when every one is theirs
 * to make. Managers may write anything (the storage contract still applies); the others only
 * what the matrix in docs/access.md gives them, and every stamp they write (`by`, `createdBy`)
 * must be their own id.
 */
export async function writeProblem(member: Member, ref: DocumentRef, touches: Touch[], lookup: ScopeLookup): Promise<string | null> {
	if (ref.kind === 'meeting') {
		const problem = authorshipProblem(member.userId, touches, lookup.doc) ?? deletionsProblem(touches);
		if (problem) return problem;
	}
	// Counted from the private documents by the relay; a manager's copy could only be stale.
	if (ref.kind === 'root' && touches.some((t) => t.path[0] === 'careCounts')) return 'care counts are written by the relay only';
	if (isManager(member.role)) return null;
	const { userId, role } = member;
	for (const touch of touches) {
		for (const value of valuesOf(touch)) {
			const stamp = value && typeof value === 'object' ? (value as { by?: unknown }).by : undefined;
			// Stamps in private documents are not echoed: the refusal is logged, the value could be anything.
			const who = isPrivateKind(ref.kind) ? 'someone else' : String(stamp);
			if (stamp !== undefined && stamp !== userId) return `writes as ${who}, not as the signed-in user`;
		}
		if (touch.key === 'createdBy' && valuesOf(touch).some((v) => v !== userId)) {
			return 'creates a record in the name of someone else';
		}
		if (touch.path.includes('relayTimes')) return 'relay times are written by the relay only';
	}
	const refuse = (what: string) => `a ${role} may not ${what}`;

	if (ref.kind === 'pairing') {
		// Partners append progress to the commitments of their own agreement, nothing else.
		const ok = touches.every((t) => t.op === 'insert' && t.path[0] === 'commitments' && t.path[2] === 'progress' && t.path.length === 3);
		return ok ? null : refuse('change a commitment, only report progress on it');
	}
	if (ref.kind === 'private') return refuse('change the care team');
	if (ref.kind === 'care') {
		if (role === 'gridworker' && worksGrid(await lookup.root(), ref.key, userId)) return null;
		return careTeamProblem(userId, touches, lookup.doc) ? refuse('change the care records, only family-sickbed requests and visits') : null;
	}

	if (ref.kind === 'meeting') {
		// An attendee (or the convener) signs off the finalised minutes: its own review, nothing else.
		const meeting = mapOf(collection(await lookup.root(), 'meetings'), ref.key);
		const attendees = meeting?.get('attendees');
		const attended =
			(attendees instanceof Y.Array && attendees.toArray().includes(userId)) || stringOf(meeting, 'convener') === userId;
		const finalVersion = stringOf(meeting, 'finalVersion');
		for (const t of touches) {
			if (t.op !== 'insert' || t.path.length !== 1 || t.path[0] !== 'reviews') return refuse('edit the minutes, only mark its own review');
			if (!finalVersion || t.key !== reviewKey(finalVersion, userId)) return refuse('mark any review but its own of the final version');
			if (!valuesOf(t).every((review) => (review as { version?: unknown } | null)?.version === finalVersion)) {
				return refuse('mark any review but its own of the final version');
			}
			if (!attended) return refuse('review the minutes of a meeting it did not attend');
		}
		return null;
	}

	if (ref.kind === 'root') {
		// Grid workers and liaisons keep the open-case index of the cases they work on.
		for (const t of touches) {
			if (t.path.length !== 1 || t.path[0] !== 'openCases' || t.key === null) return refuse('change the community settings');
			const existing = collection(lookup.doc, 'openCases').get(t.key);
			const entries = [...valuesOf(t), ...(t.op === 'delete' ? [existing] : [])];
			for (const entry of entries) {
				const { grid, period } = (entry ?? {}) as { grid?: unknown; period?: unknown };
				if (role === 'gridworker') {
					if (typeof grid !== 'string' || !gridsOf(await lookup.root(), userId).has(grid)) return refuse('index a case of another grid');
				} else if (role === 'liaison') {
					if (typeof period !== 'string') return refuse('index this case');
					const caseMap = mapOf(collection(await lookup.period(period), 'cases'), t.key);
					if (!dispatchedTo(caseMap, departmentsOf(await lookup.root(), userId))) {
						return refuse('index a case not dispatched to its department');
					}
				} else {
					return refuse('change the open-case index');
				}
			}
		}
		return null;
	}

	// A period document: cases, the service log, activities.
	const root = await lookup.root();
	for (const t of touches) {
		const [name, recordId, field] = t.path;
		const id = recordId ?? t.key;
		if (!id) return refuse(`replace ${name}`);
		const recordPath = [name, id];
		const existing = mapOf(collection(lookup.doc, name as 'cases'), id);
		const isNew = !existing;

		if (name === 'cases') {
			if (role === 'gridworker') {
				const grid = isNew ? written(touches, recordPath, 'grid')[0] : stringOf(existing, 'grid');
				if (typeof grid !== 'string' || !gridsOf(root, userId).has(grid)) return refuse('write a case of another grid');
				continue;
			}
			if (role === 'liaison') {
				const event = t.op === 'insert' && field === 'events' && t.path.length === 3;
				if (!event || isNew) return refuse('change a case, only add events to it');
				if (!dispatchedTo(existing, departmentsOf(root, userId))) return refuse('act on a case not dispatched to its department');
				continue;
			}
			return refuse('write cases');
		}

		if (name === 'serviceLog') {
			const own = (record: Y.Map<unknown> | null) =>
				isNew
					? written(touches, recordPath, 'userId')[0] === userId ||
						volunteerIdsOf(root, userId).has(String(written(touches, recordPath, 'volunteerId')[0] ?? ''))
					: stringOf(record, 'userId') === userId || volunteerIdsOf(root, userId).has(stringOf(record, 'volunteerId'));
			if ((role === 'gridworker' || role === 'volunteer') && own(existing)) continue;
			return refuse('write service entries of someone else');
		}

		if (name === 'activities' && role === 'volunteer' && !isNew) {
			const mine = volunteerIdsOf(root, userId);
			if (VOLUNTEER_KEYS.includes(field as (typeof VOLUNTEER_KEYS)[number]) && t.path.length === 3 && t.key && mine.has(t.key)) continue;
			// setKeyedEntry keeps every sign-up and check-in in the activity's history.
			if (field === 'history' && t.op === 'insert' && t.path.length === 3) {
				const entries = valuesOf(t) as { field?: unknown }[];
				const keyed = entries.every((e) =>
					VOLUNTEER_KEYS.some((k) => typeof e?.field === 'string' && e.field.startsWith(`${k}.`) && mine.has(e.field.slice(k.length + 1)))
				);
				if (keyed) continue;
			}
			return refuse('change an activity, only its own sign-up and attendance');
		}
		return refuse(`write ${name}`);
	}
	return null;
}
