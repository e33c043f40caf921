import * as Y from 'yjs';

/**
 * Making one Yjs document's content equal another's by new operations on it: how a document is
 * turned back to an earlier state as a change everybody receives, rather than by rewriting its
 * history. It works on the shared types, knowing nothing of the model:
 * - maps: keys the target lacks are deleted, differing values set, nested types reconciled;
 * - arrays and XML children: the common start and end are kept, nested types at the same place
 *   are reconciled, the rest of the middle is deleted and the target's copies inserted;
 * - texts: replaced whole (with their formatting) when they differ.
 * Limits: a restored element of a list, or a restored text, is a copy (a concurrent edit made
 * to the discarded one is not carried over); subdocuments are not handled.
 */

type Kind = 'map' | 'array' | 'text' | 'xml';
type List = Y.Array<unknown> | Y.XmlFragment;

/** A top-level type's kind, which Yjs does not store: from its content when not yet typed. */
function kindOf(doc: Y.Doc, name: string): Kind | null {
	const type = doc.share.get(name);
	if (!type) return null;
	if (type instanceof Y.Map) return 'map';
	if (type instanceof Y.Array) return 'array';
	if (type instanceof Y.XmlFragment) return 'xml';
	if (type instanceof Y.Text) return 'text';
	if (type._map.size) return 'map';
	for (let item = type._start; item; item = item.right) {
		const content = item.content;
		if (content instanceof Y.ContentString || content instanceof Y.ContentFormat) return 'text';
		if (content instanceof Y.ContentEmbed) return 'text';
		if (content instanceof Y.ContentType) {
			const child = content.type;
			const xml = child instanceof Y.XmlElement || child instanceof Y.XmlText || child instanceof Y.XmlHook;
			return xml ? 'xml' : 'array';
		}
		if (!(content instanceof Y.ContentDeleted)) return 'array';
	}
	return null;
}

/** A comparable rendering of a value: plain JSON with sorted keys, XML as markup, text as its delta. */
function fingerprint(value: unknown): string {
	if (value instanceof Y.XmlFragment || value instanceof Y.XmlElement || value instanceof Y.XmlText) {
		return `xml:${value.toString()}`;
	}
	if (value instanceof Y.Text) return `text:${JSON.stringify(value.toDelta())}`;
	if (value instanceof Y.AbstractType) return `${value.constructor.name}:${fingerprint(value.toJSON())}`;
	if (value instanceof Uint8Array) return `bytes:${Buffer.from(value).toString('base64')}`;
	if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${fingerprint(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'undefined';
}

const same = (a: unknown, b: unknown) => fingerprint(a) === fingerprint(b);

/** What `current` can hold of `target`'s value: a fresh copy of a shared type, the value itself otherwise. */
function copyOf(value: unknown): unknown {
	return value instanceof Y.AbstractType ? value.clone() : value;
}

function reconcileMap(current: Y.Map<unknown>, target: Y.Map<unknown>): void {
	for (const key of [...current.keys()]) if (!target.has(key)) current.delete(key);
	target.forEach((value, key) => {
		if (current.has(key) && reconcileInPlace(current.get(key), value)) return;
		current.set(key, copyOf(value));
	});
}

function reconcileText(current: Y.Text, target: Y.Text): void {
	if (same(current, target)) return;
	current.delete(0, current.length);
	current.applyDelta(target.toDelta());
}

function reconcileAttributes(current: Y.XmlElement, target: Y.XmlElement): void {
	const wanted = target.getAttributes();
	for (const name of Object.keys(current.getAttributes())) if (!(name in wanted)) current.removeAttribute(name);
	for (const [name, value] of Object.entries(wanted)) {
		if (!same(current.getAttribute(name), value)) current.setAttribute(name, copyOf(value) as string);
	}
}

function reconcileList(current: List, target: List): void {
	const have = current.toArray();
	const want = target.toArray();
	let start = 0;
	while (start < have.length && start < want.length && same(have[start], want[start])) start++;
	let end = 0;
	while (
		end < have.length - start &&
		end < want.length - start &&
		same(have[have.length - 1 - end], want[want.length - 1 - end])
	) {
		end++;
	}
	let kept = start;
	const haveEnd = have.length - end;
	const wantEnd = want.length - end;
	while (kept < haveEnd && kept < wantEnd && reconcileInPlace(have[kept], want[kept])) kept++;
	if (haveEnd > kept) current.delete(kept, haveEnd - kept);
	const inserted = want.slice(kept, wantEnd).map(copyOf);
	// Both list kinds take their own element types; the cast only spans the union.
	if (inserted.length) (current as Y.Array<unknown>).insert(kept, inserted);
}

/** Makes `current` equal `target` without replacing it; false when only a replacement can. */
function reconcileInPlace(current: unknown, target: unknown): boolean {
	if (current instanceof Y.XmlElement && target instanceof Y.XmlElement) {
		if (current.nodeName !== target.nodeName) return false;
		reconcileAttributes(current, target);
		reconcileList(current, target);
		return true;
	}
	if (current instanceof Y.XmlText && target instanceof Y.XmlText) {
		reconcileText(current, target);
		return true;
	}
	if (current instanceof Y.AbstractType || target instanceof Y.AbstractType) {
		if (current?.constructor !== target?.constructor) return false;
		if (current instanceof Y.Map) reconcileMap(current, target as Y.Map<unknown>);
		else if (current instanceof Y.Array) reconcileList(current, target as Y.Array<unknown>);
		else if (current instanceof Y.Text) reconcileText(current, target as Y.Text);
		else return false;
		return true;
	}
	return same(current, target);
}

/**
 * Changes `current` so that its content equals `target`'s, in one transaction; returns the
 * update that does it, or null when they were equal already.
 */
export function reconcileDoc(current: Y.Doc, target: Y.Doc): Uint8Array | null {
	const updates: Uint8Array[] = [];
	const collect = (update: Uint8Array) => updates.push(update);
	current.on('update', collect);
	try {
		current.transact(() => {
			for (const name of new Set([...current.share.keys(), ...target.share.keys()])) {
				const kind = kindOf(target, name) ?? kindOf(current, name);
				if (kind === 'map') reconcileMap(current.getMap(name), target.getMap(name));
				else if (kind === 'array') reconcileList(current.getArray(name), target.getArray(name));
				else if (kind === 'text') reconcileText(current.getText(name), target.getText(name));
				else if (kind === 'xml') reconcileList(current.getXmlFragment(name), target.getXmlFragment(name));
			}
		});
	} finally {
		current.off('update', collect);
	}
	return updates.length ? Y.mergeUpdates(updates) : null;
}
