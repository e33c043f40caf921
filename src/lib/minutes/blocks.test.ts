import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { plainInline, readBlocks, type Block } from './blocks';
import { element, paragraph, sampleBody } from './test-fixtures';

describe('readBlocks', () => {
	it('reads headings, marks, mentions, breaks, nested lists, tables and quotes', () => {
		const blocks = readBlocks(sampleBody());
		expect(blocks[0]).toEqual({ type: 'heading', level: 2, content: [{ text: '一、加装电梯' }] });
		expect(blocks[1]).toEqual({
			type: 'paragraph',
			content: [{ text: '由' }, { text: '王建国', mention: true }, { text: '牵头。' }, { text: '\n' }, { text: '次行' }]
		});
		expect(blocks[2]).toEqual({
			type: 'paragraph',
			content: [{ text: '同意加装', bold: true }, { text: '，' }, { text: '费用按', italic: true }, { text: '楼层分摊' }]
		});
		expect(blocks[3]).toMatchObject({ type: 'list', ordered: true, start: 3 });
		const list = blocks[3] as Extract<Block, { type: 'list' }>;
		expect(list.items[0][1]).toMatchObject({ type: 'list', ordered: false, items: [[{ type: 'paragraph', content: [{ text: '一楼住户' }] }]] });
		expect(blocks[4]).toMatchObject({ type: 'table', rows: [[{ header: true }, { header: true }], [{ header: false }, { header: false }]] });
		expect(blocks[5]).toMatchObject({ type: 'quote' });
		expect(blocks[6]).toEqual({ type: 'paragraph', content: [] });
		expect(plainInline((blocks[1] as Extract<Block, { type: 'paragraph' }>).content)).toBe('由@王建国牵头。\n次行');
	});

	it('reads a label written with its @ once, an odd heading level as 2, and unknown containers through', () => {
		const body = new Y.Doc().getXmlFragment('body');
		body.insert(0, [
			element('heading', [new Y.XmlText('标题')], { level: 'x' }),
			element('paragraph', [element('mention', [], { id: 'u', label: '@李红' })]),
			element('details', [paragraph('折叠内容')])
		]);
		expect(readBlocks(body)).toEqual([
			{ type: 'heading', level: 2, content: [{ text: '标题' }] },
			{ type: 'paragraph', content: [{ text: '李红', mention: true }] },
			{ type: 'paragraph', content: [{ text: '折叠内容' }] }
		]);
	});
});
