import * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { ModelError } from './errors';
import { newId } from './ids';
import { writeContext, type WriteOptions } from './records';
import { LIMITS, parseOrThrow } from './schema';

/**
 * A meeting's own document (`community:<id>:meeting:<meetingId>`): the minutes `body`, a
 * Y.XmlFragment the editor (TipTap) binds to, and `versions`, a Y.Map of named frozen copies.
 */
const BODY = 'body';

export function minutesBody(meetingDoc: Y.Doc): Y.XmlFragment {
	return meetingDoc.getXmlFragment(BODY);
}

/**
 * Whether a Yjs item is part of the minutes text (anything under `body`, deleted or not): what
 * a meeting document keeps after deletion (`documentOptions`), so versions can be compared.
 */
export function isMinutesText(item: Y.Item): boolean {
	let type = item.parent as Y.AbstractType<unknown> | null;
	while (type?._item) type = type._item.parent as Y.AbstractType<unknown> | null;
	// The relay never asks for the fragment: its root may still be Yjs's untyped placeholder.
	return !!type && type === type.doc?.share.get(BODY);
}

/**
 * The values of the body's marks (formatting attributes of its text) that carry data: a
 * `decision` mark holds the id of the decision (in the meeting header) made from the passage.
 * Marks without data (`bold`, `italic`) hold `{}`; ending a mark writes null.
 */
export const MINUTES_MARKS: Record<string, z.ZodType> = {
	decision: z.object({ id: z.string().min(1).max(64) }).strict().nullable()
};

const versionInput = z.object({ name: z.string().trim().min(1, 'must not be empty').max(LIMITS.name) });
export type VersionInput = z.input<typeof versionInput>;

/**
 * A version is one plain value, written once and never changed: `body` is the update of a
 * fresh document holding only a copy of the body, so it reads the same forever, whatever
 * happens to the live body or to the history Yjs keeps of it. `snapshot` (versions kept since
 * deletions are attributed) is the Yjs snapshot of the meeting document at that moment: with
 * the deleted text the document keeps, it says which of the document's own characters the
 * version held, and so who wrote and who deleted each change between two versions.
 */
const versionEntry = z.object({
	name: z.string(),
	at: z.number(),
	by: z.string(),
	body: z.instanceof(Uint8Array),
	snapshot: z.instanceof(Uint8Array).optional(),
	restores: z.string().optional(),
	restoresSnapshot: z.number().optional()
});

export interface MinutesVersion {
	id: string;
	name: string;
	at: number;
	by: string;
	body: Uint8Array;
	/** `Y.encodeSnapshot` of the meeting document when the version was kept; absent on older versions. */
	snapshot?: Uint8Array;
	/** Set on the version `restoreVersion` kept: the id of the version it made current again. */
	restores?: string;
	/** Set on the version `restoreSnapshot` kept: when the relay took the snapshot made current again. */
	restoresSnapshot?: number;
}

function versions(meetingDoc: Y.Doc): Y.Map<unknown> {
	return collection(meetingDoc, 'versions');
}

/** Copies of a body's nodes. The editor writes elements and text only, never hooks. */
function cloneNodes(body: Y.XmlFragment): (Y.XmlElement | Y.XmlText)[] {
	return body.toArray().flatMap((node) => (node instanceof Y.XmlHook ? [] : [node.clone()]));
}

/**
 * The body alone, as the update of a fresh document holding a copy of its nodes: how a version
 * keeps it, and how the relay hands out the body of an automatic snapshot. `openBody` reads it.
 */
export function frozenCopy(body: Y.XmlFragment): Uint8Array {
	const copy = new Y.Doc();
	copy.getXmlFragment(BODY).insert(0, cloneNodes(body));
	return Y.encodeStateAsUpdate(copy);
}

/** Versions oldest first (writer time, then id); unreadable entries are noted and skipped. */
export function listVersions(meetingDoc: Y.Doc, options: { problems?: string[] } = {}): MinutesVersion[] {
	const out: MinutesVersion[] = [];
	const unreadable: string[] = [];
	versions(meetingDoc).forEach((value, id) => {
		const parsed = versionEntry.safeParse(value instanceof Y.Map ? value.toJSON() : value);
		if (parsed.success) out.push({ id, ...parsed.data });
		else unreadable.push(`versions.${id} is unreadable`);
	});
	options.problems?.push(...unreadable.sort());
	return out.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

export function getVersion(meetingDoc: Y.Doc, id: string): MinutesVersion | null {
	return listVersions(meetingDoc).find((v) => v.id === id) ?? null;
}

/** Freezes the body as it is now under a name (定稿, 会前稿 …); returns the version id. */
export function takeVersion(meetingDoc: Y.Doc, input: VersionInput, options: WriteOptions = {}): string {
	return keepVersion(meetingDoc, input, options, {});
}

function keepVersion(
	meetingDoc: Y.Doc,
	input: VersionInput,
	options: WriteOptions,
	extra: { restores?: string; restoresSnapshot?: number }
): string {
	const { name } = parseOrThrow(versionInput, input, 'version');
	const { at, by } = writeContext(options);
	const id = newId();
	const body = frozenCopy(minutesBody(meetingDoc));
	const snapshot = Y.encodeSnapshot(Y.snapshot(meetingDoc));
	// A map, not a plain object: a plain value holding bytes is deep-frozen by Yjs in
	// development builds, which throws for a Uint8Array; a map stores the bytes as binary.
	const entry = new Y.Map<unknown>(Object.entries({ name, at, by, body, snapshot, ...extra }));
	meetingDoc.transact(() => versions(meetingDoc).set(id, entry));
	return id;
}

/**
 * The body of a version as a fragment of its own detached document, for display and diffs.
 * Bytes that cannot be read give an empty body rather than an error.
 */
export function openVersion(version: MinutesVersion): Y.XmlFragment {
	return openBody(version.body);
}

export function openBody(bytes: Uint8Array): Y.XmlFragment {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, bytes);
	} catch {
		return new Y.Doc().getXmlFragment(BODY);
	}
	return doc.getXmlFragment(BODY);
}

/**
 * Makes a version the current text again, as a new change everyone receives (history is not
 * rewritten). The text it replaces is first kept as a version named `input.name`, whose id is
 * returned, so restoring never loses anything; that version's `restores` names the version
 * restored, so the versions themselves record who restored what, and when.
 */
export function restoreVersion(
	meetingDoc: Y.Doc,
	versionId: string,
	input: VersionInput,
	options: WriteOptions = {}
): string {
	const version = getVersion(meetingDoc, versionId);
	if (!version) throw new ModelError('not-found', `version ${versionId} does not exist`);
	return replaceBody(meetingDoc, openVersion(version), input, options, { restores: versionId });
}

/**
 * Makes the body of one of the relay's automatic snapshots (taken at `at`, relay time; its
 * `body` as `frozenCopy` gives it) the current text again, like `restoreVersion`: the replaced
 * text is kept as a version whose `restoresSnapshot` is `at`.
 */
export function restoreSnapshot(
	meetingDoc: Y.Doc,
	snapshot: { at: number; body: Uint8Array },
	input: VersionInput,
	options: WriteOptions = {}
): string {
	return replaceBody(meetingDoc, openBody(snapshot.body), input, options, { restoresSnapshot: snapshot.at });
}

function replaceBody(
	meetingDoc: Y.Doc,
	source: Y.XmlFragment,
	input: VersionInput,
	options: WriteOptions,
	record: { restores?: string; restoresSnapshot?: number }
): string {
	const restored = cloneNodes(source);
	let keptId = '';
	meetingDoc.transact(() => {
		keptId = keepVersion(meetingDoc, input, options, record);
		const body = minutesBody(meetingDoc);
		body.delete(0, body.length);
		body.insert(0, restored);
	});
	return keptId;
}

// ---- reviews: attendees sign off a version ------------------------------------------------

/**
 * `reviews` is a map keyed `<versionId>:<userId>`, so every reader writes only its own entry
 * and two devices of one reader marking at once keep one entry.
 */
export const reviewEntry = z.object({
	version: z.string().min(1).max(64),
	by: z.string().min(1).max(64),
	at: z.number().finite()
});
export type Review = z.infer<typeof reviewEntry>;

/** The key of a reader's review of a version in `reviews`. */
export const reviewKey = (versionId: string, userId: string) => `${versionId}:${userId}`;

function reviews(meetingDoc: Y.Doc): Y.Map<unknown> {
	return collection(meetingDoc, 'reviews');
}

/** The writer has read this version and agrees it is what was said. Marking again changes nothing. */
export function markReviewed(meetingDoc: Y.Doc, versionId: string, options: WriteOptions = {}): void {
	const { at, by } = writeContext(options);
	if (!by) throw new ModelError('invalid', 'review: the reviewer is unknown', 'by');
	if (!getVersion(meetingDoc, versionId)) throw new ModelError('not-found', `version ${versionId} does not exist`);
	const key = reviewKey(versionId, by);
	if (reviews(meetingDoc).has(key)) return;
	meetingDoc.transact(() => reviews(meetingDoc).set(key, { version: versionId, by, at }));
}

/** Reviews of one version (or of all), oldest first, then by reviewer. */
export function listReviews(meetingDoc: Y.Doc, versionId?: string): Review[] {
	const out: Review[] = [];
	reviews(meetingDoc).forEach((value) => {
		const parsed = reviewEntry.safeParse(value);
		if (parsed.success && (versionId === undefined || parsed.data.version === versionId)) out.push(parsed.data);
	});
	return out.sort((a, b) => a.at - b.at || a.by.localeCompare(b.by));
}

// ---- plain text: one line per text block, containers (lists, tables) walked through -------

/** A stretch of text and the Yjs client that wrote it (null when unknown), for authorship. */
interface Run {
	text: string;
	client: number | null;
}

function inlineRuns(node: Y.XmlElement | Y.XmlText | Y.XmlHook): Run[] {
	if (node instanceof Y.XmlText) {
		const runs: Run[] = [];
		for (let item = node._start; item; item = item.right) {
			if (!item.deleted && item.content instanceof Y.ContentString) runs.push({ text: item.content.str, client: item.id.client });
		}
		return runs;
	}
	// Inline atoms such as a mention carry their text as a label.
	const label = node instanceof Y.XmlElement ? node.getAttribute('label') : undefined;
	return typeof label === 'string' ? [{ text: label, client: node._item?.id.client ?? null }] : [];
}

function isTextBlock(element: Y.XmlElement): boolean {
	return element.toArray().every((node) => !(node instanceof Y.XmlElement) || node.length === 0);
}

function collectLines(parent: Y.XmlFragment, lines: Run[][]): void {
	for (const node of parent.toArray()) {
		if (node instanceof Y.XmlElement && !isTextBlock(node)) collectLines(node, lines);
		else if (node instanceof Y.XmlElement) lines.push(node.toArray().flatMap(inlineRuns));
		else lines.push(inlineRuns(node));
	}
}

function linesOf(fragment: Y.XmlFragment): Run[][] {
	const lines: Run[][] = [];
	collectLines(fragment, lines);
	return lines;
}

export function fragmentText(fragment: Y.XmlFragment): string {
	return linesOf(fragment)
		.map((line) => line.map((run) => run.text).join(''))
		.join('\n');
}

/**
 * The text `fragmentText` gives, with who wrote each character (one entry per code point, the
 * line breaks included as null): `authorOf` names the user behind a Yjs client, null if unknown.
 */
export function attributedText(
	fragment: Y.XmlFragment,
	authorOf: (client: number) => string | null
): { text: string; authors: (string | null)[] } {
	const authors: (string | null)[] = [];
	const lines = linesOf(fragment).map((line, index) => {
		if (index > 0) authors.push(null);
		for (const run of line) {
			const author = run.client === null ? null : authorOf(run.client);
			for (let i = [...run.text].length; i > 0; i--) authors.push(author);
		}
		return line.map((run) => run.text).join('');
	});
	return { text: lines.join('\n'), authors };
}

export function bodyText(meetingDoc: Y.Doc): string {
	return fragmentText(minutesBody(meetingDoc));
}

export function readVersionText(version: MinutesVersion): string {
	return fragmentText(openVersion(version));
}
