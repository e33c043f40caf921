import {
	AlignmentType,
	Document,
	HeadingLevel,
	Packer,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType
} from 'docx';
import { DOCX_STYLES, HEADER_SHADING } from '$lib/export/docxStyle';
import type { Block, Inline } from './blocks';
import type { MinutesDocument } from './document';

const HEADINGS = [
	HeadingLevel.HEADING_1,
	HeadingLevel.HEADING_2,
	HeadingLevel.HEADING_3,
	HeadingLevel.HEADING_4,
	HeadingLevel.HEADING_5,
	HeadingLevel.HEADING_6
] as const;

/** Twips per list nesting level. */
const INDENT = 420;

function runs(content: Inline[]): TextRun[] {
	return content.flatMap((run) =>
		run.text.split('\n').map(
			(line, i) =>
				new TextRun({
					text: run.mention ? `@${line}` : line,
					bold: run.bold,
					italics: run.italic,
					break: i > 0 ? 1 : undefined
				})
		)
	);
}

type Child = Paragraph | Table;

function blockChildren(block: Block, depth: number, headingShift: number): Child[] {
	const indent = depth ? { left: depth * INDENT } : undefined;
	switch (block.type) {
		case 'heading':
			return [new Paragraph({ heading: HEADINGS[Math.min(5, block.level - 1 + headingShift)], children: runs(block.content) })];
		case 'paragraph':
			return [new Paragraph({ children: runs(block.content), indent })];
		case 'rule':
			return [new Paragraph({ border: { bottom: { style: 'single', size: 6, color: '999999', space: 1 } } })];
		case 'quote':
			return block.children.flatMap((child) => blockChildren(child, depth + 1, headingShift));
		case 'list':
			// A visible marker in the text rather than Word numbering: it survives copying into
			// WeChat or WPS, and an item's later paragraphs stay aligned under its first.
			return block.items.flatMap((item, i) => {
				const marker = block.ordered ? `${block.start + i}. ` : '• ';
				const [first, ...rest] = item.length ? item : [{ type: 'paragraph' as const, content: [] }];
				const head =
					first.type === 'paragraph' || first.type === 'heading'
						? [new Paragraph({ children: [new TextRun(marker), ...runs(first.content)], indent: { left: (depth + 1) * INDENT, hanging: INDENT } })]
						: [new Paragraph({ children: [new TextRun(marker)], indent: { left: (depth + 1) * INDENT, hanging: INDENT } }), ...blockChildren(first, depth + 1, headingShift)];
				return [...head, ...rest.flatMap((child) => blockChildren(child, depth + 1, headingShift))];
			});
		case 'table': {
			const width = Math.max(1, ...block.rows.map((row) => row.length));
			return [
				new Table({
					width: { size: 100, type: WidthType.PERCENTAGE },
					rows: block.rows.map(
						(row) =>
							new TableRow({
								tableHeader: row.every((cell) => cell.header),
								children: [...row, ...Array(width - row.length).fill(null)].map(
									(cell) =>
										new TableCell({
											children: cell?.children.length
												? cell.children.flatMap((child: Block) => blockChildren(child, 0, headingShift))
												: [new Paragraph('')],
											shading: cell?.header ? HEADER_SHADING : undefined
										})
								)
							})
					)
				}),
				new Paragraph('')
			];
		}
	}
}

/** The meeting as a Word document; the minutes' own headings sit one level below the sections'. */
export function toDocx(doc: MinutesDocument): Document {
	const children: Child[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(doc.title)] }),
		...doc.facts.map(([label, value]) => new Paragraph({ children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun(value)] }))
	];
	for (const section of doc.sections) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(section.heading)] }));
		if (section.kind === 'list') {
			children.push(...section.items.map((item, i) => new Paragraph({ children: [new TextRun(`${i + 1}. ${item}`)], indent: { left: INDENT, hanging: INDENT } })));
		} else {
			children.push(...section.blocks.flatMap((block) => blockChildren(block, 0, 1)));
		}
	}
	return new Document({
		creator: '共治 Workspace',
		title: doc.title,
		styles: DOCX_STYLES,
		sections: [{ children }]
	});
}

export function docxBlob(doc: MinutesDocument): Promise<Blob> {
	return Packer.toBlob(toDocx(doc));
}
