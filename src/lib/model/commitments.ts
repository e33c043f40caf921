import type * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import type { Community } from './family';
import { newId } from './ids';
import {
	createRecord,
	getRecord,
	listRecords,
	nestedArray,
	readStamp,
	recordHistory,
	recordOf,
	setArchived,
	setFields,
	writeContext,
	type FieldChange,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { LIMITS, parseOrThrow } from './schema';
import { getPairing, listPairings, pairingsRepresentedBy, type Pairing } from './pairings';

/**
 * The commitments of one 手拉手 agreement, in the pairing's own document
 * (`community:<id>:pairing:<pairingId>`), so a partner unit can be let write exactly its own.
 */
export const COMMITMENT_SIDES = ['community', 'partner'] as const;
export type CommitmentSide = (typeof COMMITMENT_SIDES)[number];
export const COMMITMENT_LIMITS = { text: 500, note: 500, photo: 500 } as const;

const epochMs = z.number().int('must be a whole number').min(0, 'must not be negative');
const commitmentFields = z.object({
	text: z.string().trim().min(1, 'must not be empty').max(COMMITMENT_LIMITS.text),
	side: z.enum(COMMITMENT_SIDES),
	/** Who answers for it on that side: a name as the agreement states it. */
	owner: z.string().trim().max(LIMITS.name),
	due: epochMs
});
export const newCommitmentInput = commitmentFields.partial({ owner: true });
export type NewCommitmentInput = z.input<typeof newCommitmentInput>;
export const commitmentPatch = commitmentFields.partial();
export type CommitmentPatch = z.input<typeof commitmentPatch>;

export const progressInput = z.object({
	percent: z.number().int('must be a whole number').min(0, 'must not be negative').max(100, 'must be 100 at most'),
	note: z.string().trim().max(COMMITMENT_LIMITS.note).default(''),
	/** A reference to an uploaded photo (attachment id or URL), not the image itself. */
	photo: z.string().trim().min(1).max(COMMITMENT_LIMITS.photo).optional()
});
export type ProgressInput = z.input<typeof progressInput>;

const progressEntry = z.object({
	id: z.string(),
	at: z.number(),
	by: z.string(),
	percent: z.number().min(0).max(100),
	note: z.string(),
	photo: z.string().optional()
});
export type ProgressEntry = z.infer<typeof progressEntry>;

export interface Commitment extends Stamp {
	id: string;
	text: string;
	side: CommitmentSide;
	owner: string;
	due: number;
	/** Every update either side posted, oldest first (writer time, then id). */
	progress: ProgressEntry[];
	/** The percent of the latest update, 0 before any. */
	percent: number;
	done: boolean;
	problems: string[];
}

export interface FulfilmentSummary {
	total: number;
	done: number;
	/** Mean of the commitments' percents, 0 when there are none. */
	averagePercent: number;
	overdue: number;
}

function commitments(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'commitments');
}

const byTimeThenId = (a: ProgressEntry, b: ProgressEntry) => a.at - b.at || a.id.localeCompare(b.id);

/**
 * The latest update's percent. "Latest" is by writer time then entry id, so two updates posted
 * offline give the same answer on every replica whatever order they arrived in.
 */
export function latestPercent(progress: ProgressEntry[]): number {
	return progress.length ? [...progress].sort(byTimeThenId)[progress.length - 1].percent : 0;
}

function readCommitment(id: string, map: Y.Map<unknown>): Commitment {
	const r = new FieldReader(map, `commitments.${id}`);
	const side = r.string('side', 'community');
	const known = COMMITMENT_SIDES.includes(side as CommitmentSide);
	if (!known) r.problems.push(`commitments.${id}.side ${side} is unknown`);
	const progress = r.entries('progress', progressEntry).sort(byTimeThenId);
	const percent = latestPercent(progress);
	return {
		id,
		text: r.string('text'),
		side: side === 'partner' ? 'partner' : 'community',
		owner: r.string('owner'),
		due: r.number('due'),
		progress,
		percent,
		done: percent === 100,
		...readStamp(r),
		problems: r.problems
	};
}

/** Commitments by due date, then id. */
export function listCommitments(doc: Y.Doc, options: ListOptions = {}): Commitment[] {
	return listRecords(commitments(doc), 'commitments', readCommitment, options, (a, b) =>
		a.due - b.due || a.id.localeCompare(b.id)
	);
}

export function getCommitment(doc: Y.Doc, id: string): Commitment | null {
	return getRecord(commitments(doc), id, readCommitment);
}

/** Every change of the commitment's fields (its text, due date, archiving), oldest first. */
export function commitmentHistory(doc: Y.Doc, id: string): FieldChange[] {
	return recordHistory(commitments(doc), id);
}

/** Past its due date and not done, at `now`. */
export function isOverdue(commitment: Commitment, now: number): boolean {
	return !commitment.archived && !commitment.done && commitment.due < now;
}

/** Fulfilment of an agreement at `now`, over its commitments that are not archived. */
export function summarise(list: Commitment[], now: number): FulfilmentSummary {
	const live = list.filter((c) => !c.archived);
	return {
		total: live.length,
		done: live.filter((c) => c.done).length,
		averagePercent: live.length ? live.reduce((sum, c) => sum + c.percent, 0) / live.length : 0,
		overdue: live.filter((c) => isOverdue(c, now)).length
	};
}

export function addCommitment(doc: Y.Doc, input: NewCommitmentInput, options: WriteOptions = {}): string {
	const fields = parseOrThrow(newCommitmentInput, input, 'commitment');
	const id = newId();
	const record = { owner: '', ...fields, progress: [] };
	doc.transact(() => createRecord(commitments(doc), id, record, writeContext(options), 'commitment'));
	return id;
}

export function updateCommitment(
	doc: Y.Doc,
	id: string,
	patch: CommitmentPatch,
	options: WriteOptions = {}
): void {
	const fields = parseOrThrow(commitmentPatch.strict(), patch, 'commitment');
	setFields(recordOf(commitments(doc), id, 'commitment'), fields, writeContext(options));
}

export function archiveCommitment(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(commitments(doc), id, 'commitment'), true, writeContext(options));
}

export function restoreCommitment(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(commitments(doc), id, 'commitment'), false, writeContext(options));
}

/**
 * Appends an update to the commitment's progress log (either side may write it); the log is
 * never edited, a correction is a newer update. Returns the update's id.
 */
export function postProgress(
	doc: Y.Doc,
	commitmentId: string,
	input: ProgressInput,
	options: WriteOptions = {}
): string {
	const fields = parseOrThrow(progressInput.strict(), input, 'progress');
	const map = recordOf(commitments(doc), commitmentId, 'commitment');
	if (readCommitment(commitmentId, map).archived) {
		throw new ModelError('invalid', `commitment ${commitmentId} is archived`, 'archived');
	}
	const { at, by } = writeContext(options);
	const id = newId();
	doc.transact(() => nestedArray(map, 'progress', 'commitment').push([{ id, at, by, ...fields }]));
	return id;
}

// ---- over a Community: the header in the root, commitments in the pairing's document ------

async function livePairing(community: Community, pairingId: string): Promise<Y.Doc> {
	const pairing = getPairing(await community.root(), pairingId);
	if (!pairing) throw new ModelError('not-found', `pairing ${pairingId} does not exist`);
	if (pairing.archived) throw new ModelError('invalid', `pairing ${pairingId} is archived`, 'archived');
	return community.pairing(pairingId);
}

export async function addCommitmentIn(
	community: Community,
	pairingId: string,
	input: NewCommitmentInput
): Promise<string> {
	return addCommitment(await livePairing(community, pairingId), input, community.context());
}

export async function postProgressIn(
	community: Community,
	pairingId: string,
	commitmentId: string,
	input: ProgressInput
): Promise<string> {
	return postProgress(await livePairing(community, pairingId), commitmentId, input, community.context());
}

export interface PairingOverview {
	pairing: Pairing;
	commitments: Commitment[];
	summary: FulfilmentSummary;
}

export interface OverviewOptions {
	includeArchived?: boolean;
	/** Only the agreements this account represents the partner of (a partner's own view): the others' documents are not opened. */
	representedBy?: string;
}

/** Every live agreement with its commitments and fulfilment at `now` (default: the clock). */
export async function pairingsOverviewIn(
	community: Community,
	now = community.now(),
	options: OverviewOptions = {}
): Promise<PairingOverview[]> {
	const all = listPairings(await community.root(), { includeArchived: options.includeArchived });
	const list = pairingsRepresentedBy(all, options.representedBy);
	return Promise.all(
		list.map(async (pairing) => {
			const items = listCommitments(await community.pairing(pairing.id));
			return { pairing, commitments: items, summary: summarise(items, now) };
		})
	);
}
