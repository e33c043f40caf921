import { plainInline, type Block, type Inline } from './blocks';
import type { MinutesDocument } from './document';

/** Every character Markdown could read as syntax is escaped, so text stays text. */
function escape(text: string): string {
	return text
		.replace(/[\\`*_[\]<>|~#]/g, '\\$&')
		.replace(/^(\s*)([-+=])/gm, '$1\\$2')
		.replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Emphasis markers hug the text: spaces at the edges of a run stay outside them. */
function emphasised(text: string, marker: string): string {
	const match = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
	return match[2] ? `${match[1]}${marker}${match[2]}${marker}${match[3]}` : text;
}

function inline(content: Inline[]): string {
	return content
		.map((run) => {
			if (run.mention) return escape(`@${run.text}`);
			let text = run.text
				.split('\n')
				.map((line) => escape(line))
				.join('  \n');
			if (run.bold) text = emphasised(text, '**');
			if (run.italic) text = emphasised(text, '*');
			return text;
		})
		.join('');
}

function indent(lines: string[], first: string, rest: string): string[] {
	return lines.map((line, i) => (line === '' ? '' : (i === 0 ? first : rest) + line));
}

function cellText(children: Block[]): string {
	return children
		.map((block) => (block.type === 'paragraph' || block.type === 'heading' ? inline(block.content) : escape(plainOf(block))))
		.join('<br>')
		.replace(/\n/g, ' ');
}

function plainOf(block: Block): string {
	switch (block.type) {
		case 'heading':
		case 'paragraph':
			return plainInline(block.content);
		case 'list':
			return block.items.map((item) => item.map(plainOf).join(' ')).join(' ');
		case 'quote':
			return block.children.map(plainOf).join(' ');
		case 'table':
			return block.rows.map((row) => row.map((cell) => cell.children.map(plainOf).join(' ')).join(' ')).join(' ');
		case 'rule':
			return '';
	}
}

function blockLines(block: Block): string[] {
	switch (block.type) {
		case 'heading':
			return [`${'#'.repeat(block.level)} ${inline(block.content)}`];
		case 'paragraph':
			return inline(block.content).split('\n');
		case 'rule':
			return ['---'];
		case 'quote':
			return blocksLines(block.children).map((line) => (line ? `> ${line}` : '>'));
		case 'list':
			return block.items.flatMap((item, i) => {
				const marker = block.ordered ? `${block.start + i}. ` : '- ';
				const lines = blocksLines(item);
				return indent(lines.length ? lines : [''], marker, ' '.repeat(marker.length));
			});
		case 'table': {
			if (block.rows.length === 0) return [];
			const width = Math.max(...block.rows.map((row) => row.length));
			const row = (cells: string[]) => `| ${[...cells, ...Array(width - cells.length).fill('')].join(' | ')} |`;
			const [head, ...body] = block.rows.map((cells) => cells.map((cell) => cellText(cell.children)));
			return [row(head), row(Array(width).fill('---')), ...body.map(row)];
		}
	}
}

function blocksLines(blocks: Block[]): string[] {
	const out: string[] = [];
	for (const block of blocks) {
		if (out.length) out.push('');
		out.push(...blockLines(block));
	}
	return out;
}

/** The meeting as a Markdown file (CommonMark with GFM tables). */
export function toMarkdown(doc: MinutesDocument): string {
	const lines = [`# ${escape(doc.title)}`, ''];
	for (const [label, value] of doc.facts) lines.push(`- **${escape(label)}**：${escape(value)}`);
	for (const section of doc.sections) {
		lines.push('', `## ${escape(section.heading)}`, '');
		if (section.kind === 'list') lines.push(...section.items.map((item, i) => `${i + 1}. ${escape(item)}`));
		else lines.push(...blocksLines(section.blocks.map(shiftHeading)));
	}
	return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** The minutes sit under a level-2 section heading: their own headings go one level down. */
function shiftHeading(block: Block): Block {
	return block.type === 'heading' ? { ...block, level: Math.min(6, block.level + 2) } : block;
}
