import * as Y from 'yjs';

/** What a piece of an update writes, by the kind of Yjs content. */
export type TouchContent =
	| { kind: 'value'; values: unknown[] }
	| { kind: 'type'; type: 'map' | 'array' | 'text' | 'xml-element' | 'xml-text' | 'xml-fragment' | 'other' }
	| { kind: 'text'; length: number }
	| { kind: 'binary'; bytes: number }
	/** A text formatting attribute: a mark of the minutes (`bold`, `decision` …) and its value (null ends it). */
	| { kind: 'format'; key: string; value: unknown }
	| { kind: 'embed' | 'deleted' | 'subdocument' };

/**
 * One place an update writes to: the path of the Yjs type it writes into, from the document's
 * top-level name down (map keys; an array is one step, whatever the index), and the map key it
 * sets (`key`) or null for an array or text insert. A deletion names the place of what it deletes.
 */
export interface Touch {
	op: 'insert' | 'delete';
	/** The Yjs client of the item written or deleted (who wrote it: see authorship.ts). */
	client: number;
	path: string[];
	key: string | null;
	content: TouchContent;
}

/** Thrown when the bytes are not a Yjs update. */
export class UnreadableUpdateError extends Error {
	override name = 'UnreadableUpdateError';
}

/**
 * Thrown when the update writes into or next to content the document does not have yet (it
 * depends on an update that has not arrived): it cannot be checked until that arrives.
 */
export class MissingContentError extends Error {
	override name = 'MissingContentError';
	constructor() {
		super('the update builds on changes the relay does not have yet');
	}
}

/** Content the document held and collected after its deletion. */
const GONE = Symbol('gone');

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

function contentOf(item: Y.Item): TouchContent {
	const content = item.content;
	if (content instanceof Y.ContentAny) return { kind: 'value', values: content.getContent() };
	if (content instanceof Y.ContentString) return { kind: 'text', length: content.getLength() };
	if (content instanceof Y.ContentBinary) return { kind: 'binary', bytes: content.content.byteLength };
	if (content instanceof Y.ContentType) {
		const type = content.type;
		// XmlText and XmlElement extend Text and XmlFragment: test the subclasses first.
		const name =
			type instanceof Y.XmlText
				? 'xml-text'
				: type instanceof Y.XmlElement
					? 'xml-element'
					: type instanceof Y.XmlFragment
						? 'xml-fragment'
						: type instanceof Y.Map
							? 'map'
							: type instanceof Y.Array
								? 'array'
								: type instanceof Y.Text
									? 'text'
									: 'other';
		return { kind: 'type', type: name };
	}
	if (content instanceof Y.ContentFormat) return { kind: 'format', key: content.key, value: content.value };
	if (content instanceof Y.ContentEmbed) return { kind: 'embed' };
	if (content instanceof Y.ContentDoc) return { kind: 'subdocument' };
	// ContentDeleted, and the legacy ContentJSON, carry nothing a reader shows.
	return content instanceof Y.ContentJSON ? { kind: 'value', values: content.getContent() } : { kind: 'deleted' };
}

interface Place {
	path: string[];
	key: string | null;
}

/**
 * Where each change of `update` lands in `doc`, without applying it: the relay decides on these
 * whether to accept the update at all. Parents are looked up in the document and in the update
 * itself (a new record's fields sit in the record the same update creates). Content whose parent
 * is in neither (it waits for a missing update) cannot be placed: UnreadableUpdateError.
 */
export function touchesOf(doc: Y.Doc, update: Uint8Array): Touch[] {
	let decoded: ReturnType<typeof Y.decodeUpdate>;
	try {
		decoded = Y.decodeUpdate(update);
	} catch (error) {
		throw new UnreadableUpdateError(`not a Yjs update: ${(error as Error).message}`);
	}
	const own = new Map<number, Y.Item[]>();
	for (const struct of decoded.structs) {
		if (!(struct instanceof Y.Item)) continue;
		const list = own.get(struct.id.client) ?? [];
		list.push(struct);
		own.set(struct.id.client, list);
	}

	// A writer's items as Yjs writes them, in clock order without overlaps, are searched by
	// halves: a scan per lookup made an offline batch of 1,000 records cost half a second.
	const ordered = new Set<number>();
	for (const [client, list] of own) {
		if (list.every((item, i) => i === 0 || item.id.clock >= list[i - 1].id.clock + list[i - 1].length)) ordered.add(client);
	}
	const holds = (item: Y.Item, clock: number) => clock >= item.id.clock && clock < item.id.clock + item.length;
	const inUpdate = (id: Y.ID): Y.Item | null => {
		const list = own.get(id.client);
		if (!list) return null;
		if (!ordered.has(id.client)) return list.find((item) => holds(item, id.clock)) ?? null;
		let low = 0;
		let high = list.length - 1;
		while (low <= high) {
			const middle = (low + high) >> 1;
			const item = list[middle];
			if (holds(item, id.clock)) return item;
			if (id.clock < item.id.clock) high = middle - 1;
			else low = middle + 1;
		}
		return null;
	};

	/**
	 * The item holding `id`, from the update or the document; GONE when the document had it and
	 * collected it (deleted content: what is written into it is discarded); null when neither has it.
	 */
	const find = (id: Y.ID): Y.Item | typeof GONE | null => {
		const item = inUpdate(id);
		if (item) return item;
		if (id.clock < Y.getState(doc.store, id.client)) {
			const struct = Y.getItem(doc.store, id) as Struct;
			return struct instanceof Y.Item ? struct : GONE;
		}
		return null;
	};

	const placed = new Map<Y.Item, Place | typeof GONE>();
	/** Where an item sits: its parent's path and its key; GONE inside collected content. */
	const placeOf = (item: Y.Item, depth = 0): Place | typeof GONE => {
		const known = placed.get(item);
		if (known) return known;
		if (depth > 10_000) throw new UnreadableUpdateError('the update nests deeper than any document');
		let place: Place | typeof GONE;
		const parent = item.parent as Y.AbstractType<unknown> | Y.ID | string | null;
		if (parent instanceof Y.AbstractType) {
			// An item of the document: its parent type is integrated.
			const path = pathOfType(parent, depth);
			place = path === GONE ? GONE : { path, key: item.parentSub };
		} else if (typeof parent === 'string') {
			place = { path: [parent], key: item.parentSub };
		} else if (parent instanceof Y.ID) {
			const container = find(parent);
			if (!container) throw new MissingContentError();
			const at = container === GONE ? GONE : placeOf(container, depth + 1);
			place = at === GONE ? GONE : { path: [...at.path, ...(at.key === null ? [] : [at.key])], key: item.parentSub };
		} else {
			// Written next to a neighbour: same parent, same key.
			const neighbour = (item.origin && find(item.origin)) || (item.rightOrigin && find(item.rightOrigin));
			if (!neighbour) throw new MissingContentError();
			place = neighbour === GONE ? GONE : placeOf(neighbour, depth + 1);
		}
		placed.set(item, place);
		return place;
	};

	const pathOfType = (type: Y.AbstractType<unknown>, depth: number): string[] | typeof GONE => {
		const item = type._item;
		if (!item) return [Y.findRootTypeKey(type)];
		const at = placeOf(item, depth + 1);
		return at === GONE ? GONE : [...at.path, ...(at.key === null ? [] : [at.key])];
	};

	const touches: Touch[] = [];
	const add = (op: Touch['op'], item: Y.Item) => {
		const place = placeOf(item);
		if (place !== GONE) touches.push({ op, client: item.id.client, path: place.path, key: place.key, content: contentOf(item) });
	};
	for (const items of own.values()) for (const item of items) add('insert', item);
	for (const [client, ranges] of decoded.ds.clients) {
		for (const { clock, len } of ranges) {
			for (const item of itemsIn(doc, own.get(client) ?? [], client, clock, len)) {
				if (item.deleted && !own.get(client)?.includes(item)) continue;
				add('delete', item);
			}
		}
	}
	return touches;
}

/** The items of `client` overlapping [clock, clock + len): the document's, then the update's own. */
function itemsIn(doc: Y.Doc, own: Y.Item[], client: number, clock: number, len: number): Y.Item[] {
	const found: Y.Item[] = [];
	const end = clock + len;
	const structs = doc.store.clients.get(client) ?? [];
	if (structs.length && clock < Y.getState(doc.store, client)) {
		for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < end; i++) {
			const struct = structs[i];
			if (struct instanceof Y.Item) found.push(struct);
		}
	}
	for (const item of own) if (item.id.clock < end && item.id.clock + item.length > clock) found.push(item);
	return found;
}
