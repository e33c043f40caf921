import * as Y from 'yjs';

/**
 * The minutes body read as a small tree of blocks, the one shape the exports (Markdown, DOCX)
 * and the read-only views of versions render from. It is read from the Y.XmlFragment as
 * y-prosemirror writes it (docs/model.md, "A meeting document"); unknown nodes are read as
 * containers or paragraphs, so nothing a newer editor writes is dropped from an export.
 */
export interface Inline {
	text: string;
	bold?: boolean;
	italic?: boolean;
	/** A mention of a member: `text` is the name, shown with an @. */
	mention?: boolean;
}

export type Block =
	| { type: 'heading'; level: number; content: Inline[] }
	| { type: 'paragraph'; content: Inline[] }
	| { type: 'list'; ordered: boolean; start: number; items: Block[][] }
	| { type: 'quote'; children: Block[] }
	| { type: 'table'; rows: TableCell[][] }
	| { type: 'rule' };

export interface TableCell {
	header: boolean;
	children: Block[];
}

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

function inlineOf(node: Node): Inline[] {
	if (node instanceof Y.XmlText) {
		return node.toDelta().flatMap((op: { insert?: unknown; attributes?: Record<string, unknown> }) => {
			if (typeof op.insert !== 'string' || op.insert === '') return [];
			const run: Inline = { text: op.insert };
			if (op.attributes?.bold !== undefined) run.bold = true;
			if (op.attributes?.italic !== undefined) run.italic = true;
			return [run];
		});
	}
	if (!(node instanceof Y.XmlElement)) return [];
	if (node.nodeName === 'hardBreak') return [{ text: '\n' }];
	const label = node.getAttribute('label');
	if (node.nodeName === 'mention') return [{ text: typeof label === 'string' ? label.replace(/^@/, '') : '', mention: true }];
	return typeof label === 'string' ? [{ text: label }] : node.toArray().flatMap(inlineOf);
}

function isInline(node: Node): boolean {
	return node instanceof Y.XmlText || (node instanceof Y.XmlElement && node.length === 0);
}

function elements(parent: Y.XmlFragment | Y.XmlElement): Y.XmlElement[] {
	return parent.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
}

function headingLevel(element: Y.XmlElement): number {
	const level = Number(element.getAttribute('level'));
	return Number.isInteger(level) && level >= 1 && level <= 6 ? level : 2;
}

function blockOf(node: Node): Block[] {
	if (!(node instanceof Y.XmlElement)) return isInline(node) ? [{ type: 'paragraph', content: inlineOf(node) }] : [];
	const children = node.toArray();
	switch (node.nodeName) {
		case 'heading':
			return [{ type: 'heading', level: headingLevel(node), content: children.flatMap(inlineOf) }];
		case 'bulletList':
		case 'orderedList': {
			const start = Number(node.getAttribute('start'));
			return [
				{
					type: 'list',
					ordered: node.nodeName === 'orderedList',
					start: Number.isInteger(start) && start > 0 ? start : 1,
					items: elements(node).map((item) => readBlocks(item))
				}
			];
		}
		case 'blockquote':
			return [{ type: 'quote', children: readBlocks(node) }];
		case 'table':
			return [
				{
					type: 'table',
					rows: elements(node).map((row) =>
						elements(row).map((cell) => ({ header: cell.nodeName === 'tableHeader', children: readBlocks(cell) }))
					)
				}
			];
		case 'horizontalRule':
			return [{ type: 'rule' }];
	}
	if (children.every(isInline)) {
		const atom = node.nodeName === 'mention' || node.nodeName === 'hardBreak';
		return [{ type: 'paragraph', content: atom ? inlineOf(node) : children.flatMap(inlineOf) }];
	}
	return readBlocks(node);
}

/** The blocks of a fragment (the live body, or a version opened with `openVersion`). */
export function readBlocks(parent: Y.XmlFragment | Y.XmlElement): Block[] {
	return parent.toArray().flatMap(blockOf);
}

/** Text of a run of inline content, mentions with their @. */
export function plainInline(content: Inline[]): string {
	return content.map((run) => (run.mention ? `@${run.text}` : run.text)).join('');
}
