import * as Y from 'yjs';
import {
	attributedText,
	authorOf,
	deleterOf,
	fragmentText,
	minutesBody,
	openBody,
	openVersion,
	type DeletionRun,
	type MinutesVersion
} from '$lib/model';
import { attributeInsertions, diffTexts, type DiffLine, type DiffPart, type PartKind } from './diff';

/**
 * What changed between two states of the minutes, read from the meeting document itself: each
 * state is a Yjs snapshot (a version's, one of the relay's, or the document now), and since the
 * document keeps its deleted text, every character either state held is still there with its
 * id — so each insertion names who wrote it (`authors`) and each deletion who deleted it and
 * when (`deletions`, recorded by the relay). Where that is not possible (a version kept before
 * versions carried snapshots, text collected before the document kept it, a document not open)
 * the two texts are compared as text, insertions named only against the current text, and the
 * comparison says why.
 */

/** One side of a comparison: its text as `fragmentText` reads it, and its snapshot when known. */
export interface ComparedSide {
	text: string;
	snapshot: Y.Snapshot | null;
	/** The live text of the document (its authors can be read even without snapshots). */
	current?: boolean;
}

/** Bytes of `Y.encodeSnapshot`, or null when absent or unreadable (then nothing is attributed). */
function decodedSnapshot(bytes: Uint8Array | null | undefined): Y.Snapshot | null {
	if (!bytes) return null;
	try {
		return Y.decodeSnapshot(bytes);
	} catch {
		return null;
	}
}

export const versionSide = (version: MinutesVersion): ComparedSide => ({
	text: fragmentText(openVersion(version)),
	snapshot: decodedSnapshot(version.snapshot)
});

/** One of the relay's snapshots: its body as a version keeps it, and its Yjs snapshot when the relay gave one. */
export const snapshotSide = (content: { body: Uint8Array; snapshot: Uint8Array | null }): ComparedSide => ({
	text: fragmentText(openBody(content.body)),
	snapshot: decodedSnapshot(content.snapshot)
});

/** The minutes now, read from the live document. */
export const currentSide = (doc: Y.Doc): ComparedSide => ({
	text: fragmentText(minutesBody(doc)),
	snapshot: Y.snapshot(doc),
	current: true
});

export type Attribution = 'full' | 'insertions' | 'none';
/** Why a comparison names no deleters: an i18n key suffix of `attribution.why.*`. */
export type Unattributed = 'olderVersion' | 'incomplete' | 'notOpen';

export interface Comparison {
	lines: DiffLine[];
	attribution: Attribution;
	reason: Unattributed | null;
}

interface Visibility {
	from: boolean;
	to: boolean;
}

const visibleIn = (snapshot: Y.Snapshot, client: number, clock: number) =>
	clock < (snapshot.sv.get(client) ?? 0) && !Y.isDeleted(snapshot.ds, Y.createID(client, clock));

/**
 * Whether the `len` ids of `client` from `clock` are all visible in `snapshot` (true), none is
 * (false), or some are (null): most stretches of text are one or the other, and are then
 * taken whole rather than character by character.
 */
function spanIn(snapshot: Y.Snapshot, client: number, clock: number, len: number): boolean | null {
	const end = clock + len;
	const sv = snapshot.sv.get(client) ?? 0;
	if (clock >= sv) return false;
	if (end > sv) return null;
	const ranges = snapshot.ds.clients.get(client) ?? [];
	let low = 0;
	let high = ranges.length - 1;
	let before = -1;
	while (low <= high) {
		const middle = (low + high) >> 1;
		if (ranges[middle].clock <= clock) {
			before = middle;
			low = middle + 1;
		} else {
			high = middle - 1;
		}
	}
	const covering = before >= 0 ? ranges[before] : null;
	if (covering && covering.clock + covering.len > clock) return covering.clock + covering.len >= end ? false : null;
	const next = ranges[before + 1];
	return next && next.clock < end ? null : true;
}

/** A Yjs type whose children are walked item by item, deleted ones included. */
type Children = { _start: Y.Item | null };

/** Thrown inside the walk when a state's text is no longer in the document. */
class Incomplete extends Error {}

class Walk {
	readonly lines: DiffLine[] = [];
	private readonly author: (client: number) => string | null;
	private readonly deleter: (id: Y.ID) => DeletionRun | null;

	constructor(
		doc: Y.Doc,
		private readonly from: Y.Snapshot,
		private readonly to: Y.Snapshot
	) {
		this.author = authorOf(doc);
		this.deleter = deleterOf(doc);
	}

	private visibility(client: number, clock: number): Visibility {
		return { from: visibleIn(this.from, client, clock), to: visibleIn(this.to, client, clock) };
	}

	/** The part a character (or an atom) of a given state makes, or null when neither side has it. */
	private part(seen: Visibility, client: number, clock: number, text: string): DiffPart | null {
		if (seen.from && seen.to) return { kind: 'same', text };
		const author = this.author(client);
		if (seen.to) return { kind: 'ins', text, author };
		if (!seen.from) return null;
		// Gone from the newer side: deleted by then (recorded or not), or — the older side picked
		// as "to" — not written yet, which is no deletion at all.
		const deleted = clock < (this.to.sv.get(client) ?? 0);
		const run = deleted ? this.deleter(Y.createID(client, clock)) : null;
		return deleted ? { kind: 'del', text, author, deletion: run && { by: run.by, from: run.from, to: run.to } } : { kind: 'del', text, author };
	}

	private textParts(item: Y.Item, out: DiffPart[]): void {
		const { client, clock } = item.id;
		const from = spanIn(this.from, client, clock, item.length);
		const to = spanIn(this.to, client, clock, item.length);
		// Collected text one side held: what it said is gone.
		if (item.content instanceof Y.ContentDeleted && (from !== false || to !== false)) throw new Incomplete();
		if (!(item.content instanceof Y.ContentString)) return;
		const str = item.content.str;
		// Uniform and not a deletion (whose deleters may differ along it): taken whole.
		if (from !== null && to !== null && !(from && !to)) {
			const part = this.part({ from, to }, client, clock, str);
			if (part) push(out, part);
			return;
		}
		let start = 0;
		let state = this.visibility(client, clock);
		const flush = (end: number) => {
			const part = this.part(state, client, clock + start, str.slice(start, end));
			if (part) push(out, part);
		};
		for (let i = 1; i <= str.length; i++) {
			const next = i < str.length ? this.visibility(client, clock + i) : null;
			// A deletion by someone else in the middle of a stretch splits it too.
			const split =
				!next ||
				next.from !== state.from ||
				next.to !== state.to ||
				(state.from && !state.to && this.deleter(Y.createID(client, clock + i)) !== this.deleter(Y.createID(client, clock + start)));
			if (!split) continue;
			flush(i);
			start = i;
			if (next) state = next;
		}
	}

	/** An inline atom (a mention): its label, as each side had it. */
	private atomParts(item: Y.Item, element: Y.XmlElement, seen: Visibility, out: DiffPart[]): void {
		const labelAt = (snapshot: Y.Snapshot) => {
			const label = Y.typeMapGetSnapshot(element, 'label', snapshot);
			return typeof label === 'string' ? label : '';
		};
		const { client, clock } = item.id;
		if (seen.from && seen.to && labelAt(this.from) !== labelAt(this.to)) {
			push(out, { kind: 'del', text: labelAt(this.from), author: this.author(client) });
			push(out, { kind: 'ins', text: labelAt(this.to), author: this.author(client) });
			return;
		}
		const part = this.part(seen, client, clock, labelAt(seen.to ? this.to : this.from));
		if (part) push(out, part);
	}

	private inline(parent: Children, out: DiffPart[]): void {
		for (let item = parent._start; item; item = item.right) {
			if (item.content instanceof Y.ContentType) {
				const type = item.content.type;
				const seen = this.visibility(item.id.client, item.id.clock);
				if (type instanceof Y.XmlText) {
					if (seen.from || seen.to) this.inline(type, out);
				} else if (type instanceof Y.XmlElement && (seen.from || seen.to)) {
					this.atomParts(item, type, seen, out);
				}
			} else {
				this.textParts(item, out);
			}
		}
	}

	private line(seen: Visibility, parts: DiffPart[]): void {
		const kind = !seen.from ? 'added' : !seen.to ? 'removed' : parts.every((p) => p.kind === 'same') ? 'same' : 'changed';
		this.lines.push({ kind, parts: parts.length ? parts : [{ kind: kind === 'added' ? 'ins' : kind === 'removed' ? 'del' : 'same', text: '' }] });
	}

	/** Blocks as `fragmentText` reads them: one line per text block, containers walked through. */
	blocks(parent: Children): void {
		for (let item = parent._start; item; item = item.right) {
			if (item.content instanceof Y.ContentDeleted) {
				// A collected block one side held.
				const { client, clock } = item.id;
				if (spanIn(this.from, client, clock, item.length) !== false || spanIn(this.to, client, clock, item.length) !== false) throw new Incomplete();
				continue;
			}
			const seen = this.visibility(item.id.client, item.id.clock);
			if (!(item.content instanceof Y.ContentType) || !(seen.from || seen.to)) continue;
			const node = item.content.type;
			if (node instanceof Y.XmlElement && !isTextBlock(node)) {
				this.blocks(node);
			} else if (node instanceof Y.XmlElement || node instanceof Y.XmlText) {
				const parts: DiffPart[] = [];
				this.inline(node, parts);
				this.line(seen, parts);
			}
		}
	}
}

/** A block with text and inline atoms only — by every child it ever had, deleted ones too. */
function isTextBlock(element: Y.XmlElement): boolean {
	for (let item = element._start; item; item = item.right) {
		if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement && item.content.type._start) return false;
	}
	return true;
}

function sameDeletion(a: DiffPart['deletion'], b: DiffPart['deletion']): boolean {
	return a === b || (!!a && !!b && a.by === b.by && a.from === b.from && a.to === b.to);
}

/** Appends a part, merged into the last one when nothing tells them apart. */
function push(out: DiffPart[], part: DiffPart): void {
	if (!part.text) return;
	const last = out[out.length - 1];
	if (last && last.kind === part.kind && last.author === part.author && sameDeletion(last.deletion, part.deletion)) last.text += part.text;
	else out.push(part);
}

/** The text of one side as the lines give it back: what the consistency check compares. */
function sideText(lines: DiffLine[], side: 'from' | 'to'): string {
	const [skipLine, keep]: [DiffLine['kind'], PartKind] = side === 'from' ? ['added', 'del'] : ['removed', 'ins'];
	return lines
		.filter((line) => line.kind !== skipLine)
		.map((line) => line.parts.filter((p) => p.kind === 'same' || p.kind === keep).map((p) => p.text).join(''))
		.join('\n');
}

/**
 * The attributed diff between two snapshots of the meeting document, or null when the document
 * no longer holds all the text of either (then it cannot be told who changed what).
 */
export function attributedDiff(doc: Y.Doc, from: Y.Snapshot, to: Y.Snapshot): DiffLine[] | null {
	for (const snapshot of [from, to]) {
		for (const [client, clock] of snapshot.sv) if (clock > Y.getState(doc.store, client)) return null;
	}
	const walk = new Walk(doc, from, to);
	try {
		walk.blocks(minutesBody(doc));
	} catch (error) {
		if (error instanceof Incomplete) return null;
		throw error;
	}
	return walk.lines;
}

/** Compares two states of the minutes, with as much attribution as the document allows. */
export function compareMinutes(doc: Y.Doc | null, from: ComparedSide, to: ComparedSide): Comparison {
	let reason: Unattributed = !doc ? 'notOpen' : 'olderVersion';
	if (doc && from.snapshot && to.snapshot) {
		const lines = attributedDiff(doc, from.snapshot, to.snapshot);
		// The snapshots must give back exactly the texts each side keeps; if not, say so rather than guess.
		if (lines && sideText(lines, 'from') === from.text && sideText(lines, 'to') === to.text) {
			return { lines, attribution: 'full', reason: null };
		}
		reason = 'incomplete';
	}
	const lines = diffTexts(from.text, to.text);
	if (doc && to.current) {
		const current = attributedText(minutesBody(doc), authorOf(doc));
		if (current.text === to.text) return { lines: attributeInsertions(lines, current.authors), attribution: 'insertions', reason };
	}
	return { lines, attribution: 'none', reason };
}
