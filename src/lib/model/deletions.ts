import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { collection } from './community';
import { newId } from './ids';
import { isMinutesText } from './minutes';
import type { Touch } from './touches';

/**
 * Who deleted what from the minutes. Yjs records who wrote each character (its item's client,
 * `authors` names the user) but not who deleted it, and a writer's own claim could not be
 * checked: the relay records it instead. For every update it accepts that deletes minutes text,
 * the relay writes — itself, as a change everyone receives and keeps offline — the ids of the
 * deleted characters under the user whose connection sent the update, with its own clock.
 *
 * `deletions` is a Y.Map keyed by run id → one binary value: one user's deletions close
 * together in time share a run, rewritten as it grows (the relay decides when a run ends), so
 * a long meeting keeps a few entries rather than one a keystroke, and the values a run replaces
 * collapse into one tombstone. The value is lib0-encoded: `by` (string), `from` (relay ms, var
 * uint), `to - from` (var uint), then the Yjs delete set of the deleted ids as
 * `Y.encodeSnapshot` writes a snapshot's (with an empty state vector), as var bytes. No
 * client may write here (`deletionsProblem`).
 */
export type DeleteSet = Y.Snapshot['ds'];
type DeleteItem = DeleteSet['clients'] extends Map<number, (infer T)[]> ? T : never;

export interface DeletionRun {
	id: string;
	/** The user whose connection sent the deletions. */
	by: string;
	/** Relay time of the run's first and latest deletion (epoch ms). */
	from: number;
	to: number;
	ds: DeleteSet;
}

function runs(meetingDoc: Y.Doc): Y.Map<unknown> {
	return collection(meetingDoc, 'deletions');
}

function encodeRun({ by, from, to, ds }: Omit<DeletionRun, 'id'>): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarString(encoder, by);
	encoding.writeVarUint(encoder, from);
	encoding.writeVarUint(encoder, to - from);
	encoding.writeVarUint8Array(encoder, Y.encodeSnapshot(Y.createSnapshot(ds, new Map())));
	return encoding.toUint8Array(encoder);
}

/** A run as recorded, or null for bytes that are not one (they name nobody). */
function decodeRun(id: string, value: unknown): DeletionRun | null {
	if (!(value instanceof Uint8Array)) return null;
	try {
		const decoder = decoding.createDecoder(value);
		const by = decoding.readVarString(decoder);
		const from = decoding.readVarUint(decoder);
		const to = from + decoding.readVarUint(decoder);
		const ds = Y.decodeSnapshot(decoding.readVarUint8Array(decoder)).ds;
		return by ? { id, by, from, to, ds } : null;
	} catch {
		return null;
	}
}

/**
 * The minutes text a finished transaction deleted, as a delete set, or null when it deleted
 * none: what the relay records for the transaction's sender.
 */
export function minutesDeletedIn(transaction: Y.Transaction): DeleteSet | null {
	const found = Y.createDeleteSet();
	transaction.deleteSet.clients.forEach((ranges, client) => {
		const structs = transaction.doc.store.clients.get(client) ?? [];
		const kept: DeleteItem[] = [];
		for (const { clock, len } of ranges) {
			if (!structs.length) break;
			const end = clock + len;
			for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
				const struct = structs[i];
				if (!(struct instanceof Y.Item) || !isMinutesText(struct)) continue;
				const start = Math.max(clock, struct.id.clock);
				const stop = Math.min(end, struct.id.clock + struct.length);
				const last = kept[kept.length - 1];
				if (last && last.clock + last.len === start) last.len += stop - start;
				else kept.push({ clock: start, len: stop - start } as DeleteItem);
			}
		}
		if (kept.length) found.clients.set(client, kept);
	});
	return found.clients.size ? found : null;
}

/**
 * Records that `by` deleted `ds` at `at` (the relay's clock): into the run `run` when it is
 * `by`'s, else as a new run. Returns the run's id. The relay's writer; nobody else's.
 */
export function recordDeletions(
	meetingDoc: Y.Doc,
	entry: { run?: string; by: string; at: number; ds: DeleteSet },
	origin?: unknown
): string {
	const existing = entry.run === undefined ? null : decodeRun(entry.run, runs(meetingDoc).get(entry.run));
	const run =
		existing && existing.by === entry.by
			? { ...existing, to: entry.at, ds: Y.mergeDeleteSets([existing.ds, entry.ds]) }
			: { id: newId(), by: entry.by, from: entry.at, to: entry.at, ds: entry.ds };
	meetingDoc.transact(() => runs(meetingDoc).set(run.id, encodeRun(run)), origin);
	return run.id;
}

/** The recorded runs, oldest first; unreadable ones are skipped (their deletions read as unknown). */
export function listDeletions(meetingDoc: Y.Doc): DeletionRun[] {
	const out: DeletionRun[] = [];
	runs(meetingDoc).forEach((value, id) => {
		const run = decodeRun(id, value);
		if (run) out.push(run);
	});
	return out.sort((a, b) => a.from - b.from || a.id.localeCompare(b.id));
}

interface Span {
	clock: number;
	end: number;
	run: DeletionRun;
}

/**
 * Who deleted the character with a given id, as the relay recorded it, or null when nobody
 * did (deleted before deletions were recorded, by the relay's own writes, or not yet sent).
 * Two people deleting the same text at once (offline) are both recorded; one is named.
 */
export function deleterOf(meetingDoc: Y.Doc): (id: Y.ID) => DeletionRun | null {
	const byClient = new Map<number, Span[]>();
	for (const run of listDeletions(meetingDoc)) {
		run.ds.clients.forEach((ranges, client) => {
			const spans = byClient.get(client) ?? [];
			for (const { clock, len } of ranges) spans.push({ clock, end: clock + len, run });
			byClient.set(client, spans);
		});
	}
	// Sorted and made disjoint (an overlap goes to the span that starts first), for halving.
	for (const [client, spans] of byClient) {
		spans.sort((a, b) => a.clock - b.clock || a.run.from - b.run.from);
		const disjoint: Span[] = [];
		let reached = -Infinity;
		for (const span of spans) {
			if (span.end <= reached) continue;
			disjoint.push({ ...span, clock: Math.max(span.clock, reached) });
			reached = span.end;
		}
		byClient.set(client, disjoint);
	}
	return ({ client, clock }) => {
		const spans = byClient.get(client);
		if (!spans) return null;
		let low = 0;
		let high = spans.length - 1;
		while (low <= high) {
			const middle = (low + high) >> 1;
			const span = spans[middle];
			if (clock < span.clock) high = middle - 1;
			else if (clock >= span.end) low = middle + 1;
			else return span.run;
		}
		return null;
	};
}

/**
 * Why an update would write who deleted the minutes, or null: only the relay records it, so
 * any client's write there (a manager's too) is refused.
 */
export function deletionsProblem(touches: Touch[]): string | null {
	return touches.some((touch) => touch.path[0] === 'deletions') ? 'who deleted the minutes is recorded by the relay only' : null;
}
