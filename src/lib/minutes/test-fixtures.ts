/** Minutes bodies for the tests of this folder (not a test file itself). */
import * as Y from 'yjs';

export function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attributes: Record<string, string | number> = {}) {
	const node = new Y.XmlElement(name);
	for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value as string);
	node.insert(0, children);
	return node;
}

export const paragraph = (text: string) => element('paragraph', [new Y.XmlText(text)]);

/** Minutes as TipTap writes them: headings, marks, a mention, lists, a table. */
export function sampleBody(): Y.XmlFragment {
	const body = new Y.Doc().getXmlFragment('body');
	const marked = new Y.XmlText('同意加装，费用按楼层分摊');
	marked.format(0, 4, { bold: {} });
	marked.format(5, 3, { italic: {} });
	body.insert(0, [
		element('heading', [new Y.XmlText('一、加装电梯')], { level: 2 }),
		element('paragraph', [new Y.XmlText('由'), element('mention', [], { id: 'u-wang', label: '王建国' }), new Y.XmlText('牵头。'), element('hardBreak', []), new Y.XmlText('次行')]),
		marked,
		element('orderedList', [element('listItem', [paragraph('征求意见'), element('bulletList', [element('listItem', [paragraph('一楼住户')])])]), element('listItem', [paragraph('申请补贴')])], { start: 3 }),
		element('table', [
			element('tableRow', [element('tableHeader', [paragraph('单元')]), element('tableHeader', [paragraph('意见')])]),
			element('tableRow', [element('tableCell', [paragraph('1|2单元')]), element('tableCell', [paragraph('同意')])])
		]),
		element('blockquote', [paragraph('引用：<script>alert(1)</script>')]),
		element('paragraph', [])
	]);
	return body;
}
