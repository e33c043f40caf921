import type { Block } from './blocks';

/**
 * A meeting as the exports lay it out, every label already in the reader's language: the
 * title, a few facts (date, place, convener, attendees …), the agenda, the minutes and the
 * decisions. Built once by the page, rendered by `toMarkdown` and `toDocx`.
 */
export interface MinutesDocument {
	title: string;
	/** Shown under the title, e.g. [['时间', '2026年6月12日 15:00'], ['地点', '议事厅']]. */
	facts: [label: string, value: string][];
	sections: MinutesSection[];
}

export type MinutesSection =
	| { heading: string; kind: 'list'; items: string[] }
	| { heading: string; kind: 'body'; blocks: Block[] };
