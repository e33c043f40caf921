import { z } from 'zod';
import { careCountEntry } from './careCounts';
import { SPECIAL_NEEDS } from './careShapes';
import { openCaseEntry } from './cases';
import { caseEventShape } from './clock1341';
import { isPrivateKind, type DocumentKind } from './documents';
import { DECISION_KINDS } from './meetings';
import { MINUTES_MARKS, reviewEntry } from './minutes';
import type { Touch } from './touches';

/**
 * What may be stored where, as the relay checks every incoming update (docs/access.md): the
 * type of each key and how big it may be. The model's mutators check the domain rules (a
 * grid's households 0–20000, a phone number's shape); this is the storage contract a client
 * that skips them still cannot break: no unknown top-level names, no unknown fields in records,
 * no value of the wrong type, nothing oversized, nothing removed from an append-only log, no
 * record deleted.
 */
export const STORAGE_LIMITS = {
	/** Characters of a plain string value (the longest field, a case description, is 2000). */
	string: 2000,
	/** Bytes of a plain value's JSON (an event, an entry of a keyed map, a history entry). */
	valueBytes: 16 * 1024,
	/** Characters one update may insert into the minutes' text at once (a long paste). */
	textInsert: 200_000,
	/** Bytes of a minutes version's frozen body. */
	versionBytes: 4 * 1024 * 1024
} as const;

type Rule =
	/** A plain value under a map key. */
	| { value: z.ZodType }
	/** A `Y.Array` of plain values; `log`: append-only. */
	| { array: z.ZodType; log?: boolean }
	/** A `Y.Map` of plain values under keys its writers choose (the shape bounded by `entriesOf`). */
	| { entries: z.ZodType }
	/** A `Y.Map` of binary values up to `maxBytes` each, under keys its writers choose. */
	| { binaryEntries: number }
	/** A `Y.Map` of records keyed by id, each a map of these fields (the model's stamp and history included when stamped, see `records`). */
	| { records: { fields: Fields } }
	/** A `Y.Map` of fields. */
	| { fields: Fields }
	/** A `Y.XmlFragment` (the minutes): any nodes, text bounded per update, marks with known values checked (bounded by `xmlOf`). */
	| { xml: Record<string, z.ZodType> }
	/** Binary content up to `maxBytes`. */
	| { binary: number };
type Fields = Record<string, Rule>;

const bounded = <T extends z.ZodType>(shape: T) =>
	shape.refine((v) => JSON.stringify(v ?? null).length <= STORAGE_LIMITS.valueBytes, 'is too large');
const text = (max: number = STORAGE_LIMITS.string) => ({ value: z.string().max(max) });
const number = { value: z.number().finite() };
const optionalNumber = { value: z.number().finite().nullable() };
const boolean = { value: z.boolean() };
const id = text(64);
const name = text(80);
const plainObject = bounded(z.record(z.string(), z.unknown()));
const setOf = (shape: z.ZodType): Rule => ({ array: shape });
const logOf = (shape: z.ZodType): Rule => ({ array: bounded(shape), log: true });
// Shapes are built once here, not per check: the relay checks every change of every update.
const entriesOf = (shape: z.ZodType): Rule => ({ entries: bounded(shape) });
const xmlOf = (marks: Record<string, z.ZodType>): Rule => ({
	xml: Object.fromEntries(Object.entries(marks).map(([mark, shape]) => [mark, bounded(shape)]))
});
const anyValue = bounded(z.unknown());
const records = (fields: Fields, stamped = true): Rule => ({ records: { fields: stamped ? { ...fields, ...STAMP } : fields } });

const historyEntry = z.object({
	field: z.string().max(200),
	value: z.unknown(),
	previous: z.unknown(),
	by: z.string().max(64),
	at: z.number()
});
const STAMP: Fields = {
	archived: boolean,
	createdAt: number,
	createdBy: id,
	history: logOf(historyEntry)
};

const userIds = setOf(z.string().min(1).max(64));

const TOP_LEVEL: Record<DocumentKind, Fields> = {
	root: {
		meta: { fields: { id, name, district: name, schemaVersion: number } },
		grids: records({
			name,
			households: number,
			boundary: text(500),
			station: id,
			buildings: number,
			specialNeedsHouseholds: number,
			workers: userIds
		}),
		stations: records({
			name,
			address: text(200),
			openingHours: name,
			functions: setOf(z.string().max(40)),
			grids: setOf(z.string().max(64))
		}),
		taskList: records({ category: id, title: name, order: number }),
		departments: records({
			name,
			nameEn: name,
			liaisonName: name,
			liaisonPhone: text(20),
			liaisonArea: text(200),
			liaisonUser: id
		}),
		volunteers: records({
			name,
			phone: text(20),
			unit: name,
			partyMember: boolean,
			homeGrid: id,
			userId: id,
			skills: setOf(z.string().max(40))
		}),
		pairings: records({
			partner: name,
			kind: text(40),
			signedAt: number,
			termStart: number,
			termEnd: number,
			contacts: setOf(plainObject),
			representatives: userIds
		}),
		meetings: records({
			title: name,
			date: number,
			place: text(200),
			convener: id,
			status: text(20),
			finalisedAt: number,
			finalVersion: id,
			attendees: userIds,
			outsideParticipants: setOf(plainObject),
			agenda: logOf(plainObject),
			agendaArchived: entriesOf(z.boolean()),
			decisions: records({
				kind: { value: z.enum(DECISION_KINDS) },
				text: text(500),
				owner: name,
				due: optionalNumber,
				link: { value: plainObject.nullable() },
				done: boolean
			})
		}),
		openCases: entriesOf(openCaseEntry),
		careCounts: entriesOf(careCountEntry)
	},
	period: {
		cases: records({
			grid: id,
			title: name,
			description: text(2000),
			category: id,
			level: text(20),
			reporter: id,
			location: text(200),
			photo: text(200),
			events: logOf(caseEventShape),
			relayTimes: entriesOf(z.number().finite())
		}),
		serviceLog: records({
			kind: text(40),
			volunteerId: id,
			userId: id,
			at: number,
			grid: id,
			minutes: number,
			note: text(500),
			taskItem: id
		}),
		activities: records({
			title: name,
			kind: text(40),
			startsAt: number,
			endsAt: number,
			place: text(200),
			slots: number,
			signUps: entriesOf(plainObject),
			attendance: entriesOf(plainObject)
		})
	},
	meeting: {
		body: xmlOf(MINUTES_MARKS),
		versions: records(
			{
				name,
				at: number,
				by: id,
				body: { binary: STORAGE_LIMITS.versionBytes },
				snapshot: { binary: STORAGE_LIMITS.versionBytes },
				restores: id,
				restoresSnapshot: number
			},
			false
		),
		reviews: entriesOf(reviewEntry),
		authors: entriesOf(z.string().min(1).max(64)),
		// Written by the relay only (deletionsProblem refuses every client's write).
		deletions: { binaryEntries: STORAGE_LIMITS.versionBytes }
	},
	pairing: {
		commitments: records({ text: text(500), side: text(20), owner: name, due: number, progress: logOf(plainObject) })
	},
	private: {
		careTeam: records({ userId: id, duty: name, grids: setOf(z.string().min(1).max(64)) })
	},
	care: {
		households: records({
			building: text(20),
			unit: text(20),
			door: text(20),
			phone: text(20),
			note: text(500),
			...Object.fromEntries(SPECIAL_NEEDS.map((flag) => [flag, boolean])),
			visitEveryDays: number,
			worker: id,
			members: records({ name: text(40), ageBand: text(10), relation: text(20), phone: text(20), note: text(200) })
		}),
		healthFiles: records({
			household: id,
			member: id,
			conditions: text(500),
			medication: text(500),
			doctor: name,
			emergencyName: text(40),
			emergencyRelation: text(20),
			emergencyPhone: text(20)
		}),
		visits: records({ household: id, kind: text(20), at: number, done: text(500), followUp: text(500), member: id, request: id }),
		sickbed: records({
			household: id,
			member: id,
			reason: text(500),
			team: name,
			requestedAt: number,
			closedAt: number,
			closeNote: text(500)
		})
	}
};

/** Every name a contract knows: top-level names and fields, nested records' fields and the stamp. */
function contractNames(fields: Fields, into = new Set<string>()): Set<string> {
	for (const [name, rule] of Object.entries(fields)) {
		into.add(name);
		if ('records' in rule) contractNames(rule.records.fields, into);
		else if ('fields' in rule) contractNames(rule.fields, into);
	}
	return into;
}
const PRIVATE_NAMES: Partial<Record<DocumentKind, Set<string>>> = {
	private: contractNames(TOP_LEVEL.private),
	care: contractNames(TOP_LEVEL.care)
};

/**
 * A path as a refusal says it. In a private document only the contract's own names are shown
 * and every other step (record ids, unknown keys: the writer's choice, possibly a resident's
 * name) is `*`: refusals are logged and sent, personal data must not be in them.
 */
function pathText(kind: DocumentKind, steps: string[]): string {
	const known = isPrivateKind(kind) ? PRIVATE_NAMES[kind] : undefined;
	return steps.map((step) => (!known || known.has(step) ? step : '*')).join('.');
}

/** The Yjs type a rule's key holds when it is not a plain value. */
function containerType(rule: Rule): string | null {
	if ('array' in rule) return 'array';
	if ('entries' in rule || 'binaryEntries' in rule || 'records' in rule || 'fields' in rule) return 'map';
	if ('xml' in rule) return 'xml-fragment';
	return null;
}

/** The rule for the map or array at `path`, or a reason there is none. */
function ruleAt(kind: DocumentKind, path: string[]): Rule | string {
	let rule: Rule | undefined = TOP_LEVEL[kind][path[0]];
	if (!rule) return `unknown top-level name "${pathText(kind, [path[0]])}" in a ${kind} document`;
	for (let i = 1; i < path.length; i++) {
		if ('xml' in rule) return rule;
		const step = path[i];
		if ('records' in rule) {
			rule = rule.records;
		} else if ('fields' in rule) {
			rule = rule.fields[step];
			if (!rule) return `unknown field "${pathText(kind, [step])}" in ${pathText(kind, path.slice(0, i))}`;
		} else {
			return `${pathText(kind, path.slice(0, i))} holds plain values, not ${pathText(kind, [step])}`;
		}
	}
	return rule;
}

function checkValues(shape: z.ZodType, values: unknown[], where: () => string): string | null {
	for (const value of values) {
		const result = shape.safeParse(value);
		if (!result.success) return `${where()}: ${result.error.issues[0].message}`;
	}
	return null;
}

/** Why the touch breaks the storage contract of a document of `kind`, or null when it keeps it. */
export function storageProblem(kind: DocumentKind, touch: Touch): string | null {
	const container = ruleAt(kind, touch.path);
	if (typeof container === 'string') return container;
	// Written out only for a refusal: the relay checks every change of every update.
	const where = () => pathText(kind, [...touch.path, ...(touch.key === null ? [] : [touch.key])]);
	const { content } = touch;
	// Content already deleted (a value since overwritten, sent with the state) shows nothing.
	if (content.kind === 'deleted') return null;
	if ('xml' in container) {
		if (content.kind === 'text' && content.length > STORAGE_LIMITS.textInsert) return `${where()}: too much text at once`;
		if (content.kind === 'value') return checkValues(anyValue, content.values, where);
		if (content.kind === 'format') {
			const mark = Object.hasOwn(container.xml, content.key) ? container.xml[content.key] : anyValue;
			return checkValues(mark, [content.value], () => `${where()} mark ${content.key}`);
		}
		return content.kind === 'subdocument' || content.kind === 'binary' ? `${where()}: not minutes content` : null;
	}
	if (touch.op === 'delete') {
		if ('array' in container) return container.log ? `${where()} is append-only: nothing may be removed` : null;
		if ('records' in container) return `${where()}: records are archived, never deleted`;
		// Replacing a field's or an entry's value deletes the old one.
		return null;
	}
	if ('array' in container) {
		if (touch.key !== null || content.kind !== 'value') return `${where()}: a list of plain values`;
		return checkValues(container.array, content.values, where);
	}
	if (touch.key === null) return `${where()}: a map takes keyed entries only`;
	if ('binaryEntries' in container) {
		if (content.kind !== 'binary') return `${where()}: must be binary`;
		return content.bytes > container.binaryEntries ? `${where()}: too large` : null;
	}
	if ('entries' in container) {
		if (content.kind !== 'value') return `${where()}: must be a plain value`;
		return checkValues(container.entries, content.values, where);
	}
	if ('records' in container) {
		return content.kind === 'type' && content.type === 'map' ? null : `${where()}: a record must be a map`;
	}
	if ('fields' in container) {
		const rule = container.fields[touch.key];
		if (!rule) return `unknown field "${pathText(kind, [touch.key])}" in ${pathText(kind, touch.path)}`;
		if ('value' in rule) {
			return content.kind === 'value' ? checkValues(rule.value, content.values, where) : `${where()}: must be a plain value`;
		}
		if ('binary' in rule) {
			if (content.kind !== 'binary') return `${where()}: must be binary`;
			return content.bytes > rule.binary ? `${where()}: too large` : null;
		}
		const expected = containerType(rule);
		return content.kind === 'type' && content.type === expected ? null : `${where()}: must be a ${expected}`;
	}
	return `${where()}: cannot be written`;
}
