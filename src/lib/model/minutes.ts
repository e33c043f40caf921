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

const versionInput = z.object({ name: z.string().trim().min(1, 'must not be empty').max(LIMITS.name) });
export type VersionInput = z.input<typeof versionInput>;

/**
 * A version is one plain value, written once and never changed: `body` is the update of a
 * fresh document holding only a copy of the body, so it reads the same forever, whatever
 * happens to the live body or to the history Yjs keeps of it.
 */
const versionEntry = z.object({
	name: z.string(),
	at: z.number(),
	by: z.string(),
	body: z.instanceof(Uint8Array)
});

export interface MinutesVersion {
	id: string;
	name: string;
	at: number;
	by: string;
	body: Uint8Array;
}

function versions(meetingDoc: Y.Doc): Y.Map<unknown> {
	return collection(meetingDoc, 'versions');
}

/** Copies of a body's nodes. The editor writes elements and text only, never hooks. */
function cloneNodes(body: Y.XmlFragment): (Y.XmlElement | Y.XmlText)[] {
	return body.toArray().flatMap((node) => (node instanceof Y.XmlHook ? [] : [node.clone()]));
}

function frozenCopy(body: Y.XmlFragment): Uint8Array {
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
	const { name } = parseOrThrow(versionInput, input, 'version');
	const { at, by } = writeContext(options);
	const id = newId();
	const body = frozenCopy(minutesBody(meetingDoc));
	// A map, not a plain object: a plain value holding bytes is deep-frozen by Yjs in
	// development builds, which throws for a Uint8Array; a map stores the bytes as binary.
	const entry = new Y.Map<unknown>(Object.entries({ name, at, by, body }));
	meetingDoc.transact(() => versions(meetingDoc).set(id, entry));
	return id;
}

/**
 * The body of a version as a fragment of its own detached document, for display and diffs.
 * Bytes that cannot be read give an empty body rather than an error.
 */
export function openVersion(version: MinutesVersion): Y.XmlFragment {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, version.body);
	} catch {
		return new Y.Doc().getXmlFragment(BODY);
	}
	return doc.getXmlFragment(BODY);
}

/**
 * Makes a version the current text again, as a new change everyone receives (history is not
 * rewritten). The text it replaces is first kept as a version named `input.name`, whose id is
 * returned, so restoring never loses anything.
 */
export function restoreVersion(
	meetingDoc: Y.Doc,
	versionId: string,
	input: VersionInput,
	options: WriteOptions = {}
): string {
	const { name } = parseOrThrow(versionInput, input, 'version');
	const version = getVersion(meetingDoc, versionId);
	if (!version) throw new ModelError('not-found', `version ${versionId} does not exist`);
	const restored = cloneNodes(openVersion(version));
	let keptId = '';
	meetingDoc.transact(() => {
		keptId = takeVersion(meetingDoc, { name }, options);
		const body = minutesBody(meetingDoc);
		body.delete(0, body.length);
		body.insert(0, restored);
	});
	return keptId;
}

// ---- plain text: one line per text block, containers (lists, tables) walked through -------

function inlineText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
	if (node instanceof Y.XmlText) {
		return node
			.toDelta()
			.map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
			.join('');
	}
	// Inline atoms such as a mention carry their text as a label.
	const label = node instanceof Y.XmlElement ? node.getAttribute('label') : undefined;
	return typeof label === 'string' ? label : '';
}

function isTextBlock(element: Y.XmlElement): boolean {
	return element.toArray().every((node) => !(node instanceof Y.XmlElement) || node.length === 0);
}

function collectLines(parent: Y.XmlFragment, lines: string[]): void {
	for (const node of parent.toArray()) {
		if (node instanceof Y.XmlElement && !isTextBlock(node)) collectLines(node, lines);
		else if (node instanceof Y.XmlElement) lines.push(node.toArray().map(inlineText).join(''));
		else lines.push(inlineText(node));
	}
}

export function fragmentText(fragment: Y.XmlFragment): string {
	const lines: string[] = [];
	collectLines(fragment, lines);
	return lines.join('\n');
}

export function bodyText(meetingDoc: Y.Doc): string {
	return fragmentText(minutesBody(meetingDoc));
}

export function readVersionText(version: MinutesVersion): string {
	return fragmentText(openVersion(version));
}
