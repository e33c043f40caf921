import type * as Y from 'yjs';
import { listActivities } from './activities';
import { listCases } from './cases';
import { listGrids } from './grids';
import { listMeetings } from './meetings';
import { listPairings, pairingsRepresentedBy } from './pairings';
import { normalise, searchTerms } from './query';
import { listVolunteers } from './volunteers';

/**
 * Search across a community's records, over whatever documents the device holds: it runs on
 * the local replicas, so it works offline and sees unsent edits like every other read.
 */
export const SEARCH_KINDS = ['grid', 'case', 'activity', 'meeting', 'volunteer', 'pairing'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** An excerpt longer than this is cut. */
const EXCERPT = 60;

export interface SearchHit {
	kind: SearchKind;
	id: string;
	title: string;
	/** Where a term matched outside the title, cut around the match; else the record's first detail. */
	excerpt: string;
	/** When it happened or was created: what orders hits of equal relevance, newest first. */
	at: number;
	archived: boolean;
	score: number;
}

export interface SearchDocs {
	root: Y.Doc;
	/** The month documents to look in (cases and activities). */
	periods: Y.Doc[];
}

export interface SearchOptions {
	/** The kinds the reader may see; all when absent. */
	kinds?: readonly SearchKind[];
	includeArchived?: boolean;
	/** Reads a case's state at this time. */
	now: number;
	/** A partner's user id: only the agreements it represents, as its pairings page shows. */
	representedBy?: string;
}

interface Candidate {
	kind: SearchKind;
	id: string;
	title: string;
	details: string[];
	at: number;
	archived: boolean;
}

/** Every record matching all the terms, most relevant first (a title match over a detail's). */
export function searchCommunity(docs: SearchDocs, query: string, options: SearchOptions): SearchHit[] {
	const terms = searchTerms(query);
	if (terms.length === 0) return [];
	const hits: SearchHit[] = [];
	for (const candidate of candidates(docs, options)) {
		const hit = match(candidate, terms);
		if (hit) hits.push(hit);
	}
	return hits.sort((a, b) => b.score - a.score || b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function match(candidate: Candidate, terms: string[]): SearchHit | null {
	const title = normalise(candidate.title);
	const details = candidate.details.filter(Boolean);
	const normalised = details.map(normalise);
	let score = 0;
	let excerpt = '';
	for (const term of terms) {
		if (title.includes(term)) {
			score += title.startsWith(term) ? 5 : 3;
			continue;
		}
		const found = normalised.findIndex((detail) => detail.includes(term));
		if (found < 0) return null;
		score += 1;
		excerpt ||= around(details[found], normalised[found].indexOf(term), term.length);
	}
	const { details: _, ...rest } = candidate;
	return { ...rest, excerpt: excerpt || cut(details[0] ?? ''), score };
}

/** The text around a match, so the reader sees why the record was found. */
function around(text: string, index: number, length: number): string {
	const room = Math.max(0, EXCERPT - length);
	const start = Math.max(0, index - Math.floor(room / 3));
	const end = Math.min(text.length, start + EXCERPT);
	return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

function cut(text: string): string {
	return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

function candidates(docs: SearchDocs, options: SearchOptions): Candidate[] {
	const kinds = new Set(options.kinds ?? SEARCH_KINDS);
	const list = { includeArchived: options.includeArchived ?? false };
	const grids = listGrids(docs.root, { includeArchived: true });
	const gridName = (id: string) => grids.find((g) => g.id === id)?.name ?? '';
	const found: Candidate[] = [];
	const add = (kind: SearchKind, records: () => Candidate[]) => {
		if (kinds.has(kind)) found.push(...records());
	};
	add('grid', () =>
		grids
			.filter((g) => list.includeArchived || !g.archived)
			.map((g) => ({ kind: 'grid', id: g.id, title: g.name, details: [g.boundary], at: g.createdAt, archived: g.archived }))
	);
	add('case', () =>
		docs.periods.flatMap((period) =>
			listCases(period, options.now, list).map((c) => ({
				kind: 'case',
				id: c.id,
				title: c.title,
				details: [c.description, c.location, gridName(c.grid)],
				at: c.reportedAt,
				archived: c.archived
			}))
		)
	);
	add('activity', () =>
		docs.periods.flatMap((period) =>
			listActivities(period, list).map((a) => ({ kind: 'activity', id: a.id, title: a.title, details: [a.place], at: a.startsAt, archived: a.archived }))
		)
	);
	add('meeting', () =>
		listMeetings(docs.root, list).map((m) => ({
			kind: 'meeting',
			id: m.id,
			title: m.title,
			details: [
				m.place,
				...m.agenda.filter((item) => !item.archived).map((item) => item.title),
				...m.decisions.filter((d) => !d.archived).map((d) => d.text),
				...m.outsideParticipants.map((p) => [p.name, p.unit].filter(Boolean).join(' '))
			],
			at: m.date,
			archived: m.archived
		}))
	);
	add('volunteer', () =>
		listVolunteers(docs.root, list).map((v) => ({
			kind: 'volunteer',
			id: v.id,
			title: v.name,
			details: [v.unit, v.skills.join('、'), v.phone, gridName(v.homeGrid)],
			at: v.createdAt,
			archived: v.archived
		}))
	);
	add('pairing', () =>
		pairingsRepresentedBy(listPairings(docs.root, list), options.representedBy).map((p) => ({
			kind: 'pairing',
			id: p.id,
			title: p.partner,
			details: p.contacts.map((c) => [c.name, c.role, c.phone].filter(Boolean).join(' ')),
			at: p.signedAt,
			archived: p.archived
		}))
	);
	return found;
}
