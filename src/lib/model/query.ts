/**
 * What a typed query means, for every search of the app (the community search, a list's
 * filter box): the same words find the same records everywhere.
 */

/** A query longer than this is cut; more terms than this are ignored. */
export const QUERY_LIMITS = { length: 100, terms: 8 } as const;

/**
 * The query as terms: full-width forms folded (ＡＢＣ, １２３ as typed on a phone's Chinese
 * keyboard), case folded, split on spaces and Chinese punctuation. Chinese text has no spaces,
 * so a term matches anywhere inside a word ("楼道" finds "3号楼楼道堆物").
 */
export function searchTerms(query: string): string[] {
	const words = normalise(query.slice(0, QUERY_LIMITS.length)).split(/[\s,，、。;；:：!！?？]+/u);
	return [...new Set(words.filter(Boolean))].slice(0, QUERY_LIMITS.terms);
}

export function normalise(text: string): string {
	return text.normalize('NFKC').toLowerCase();
}

/** Whether every term of the query is in one of the texts; an empty query matches everything. */
export function matchesQuery(texts: readonly string[], query: string): boolean {
	const haystack = texts.map(normalise);
	return searchTerms(query).every((term) => haystack.some((text) => text.includes(term)));
}
