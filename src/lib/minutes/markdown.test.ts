import { describe, expect, it } from 'vitest';
import { readBlocks } from './blocks';
import { sampleBody } from './test-fixtures';
import { toMarkdown } from './markdown';

describe('toMarkdown', () => {
	it('lays out the meeting and the minutes, escaping every character Markdown would read', () => {
		const markdown = toMarkdown({
			title: '加装电梯议事会 *第1次*',
			facts: [
				['时间', '2026年6月12日'],
				['地点', '<b>议事厅</b>']
			],
			sections: [
				{ heading: '议程', kind: 'list', items: ['方案', '1. 分摊'] },
				{ heading: '会议纪要', kind: 'body', blocks: readBlocks(sampleBody()) }
			]
		});
		expect(markdown).toBe(
			[
				'# 加装电梯议事会 \\*第1次\\*',
				'',
				'- **时间**：2026年6月12日',
				'- **地点**：\\<b\\>议事厅\\</b\\>',
				'',
				'## 议程',
				'',
				'1. 方案',
				'2. 1\\. 分摊',
				'',
				'## 会议纪要',
				'',
				'#### 一、加装电梯',
				'',
				'由@王建国牵头。  ',
				'次行',
				'',
				'**同意加装**，*费用按*楼层分摊',
				'',
				'3. 征求意见',
				'',
				'   - 一楼住户',
				'4. 申请补贴',
				'',
				'| 单元 | 意见 |',
				'| --- | --- |',
				'| 1\\|2单元 | 同意 |',
				'',
				'> 引用：\\<script\\>alert(1)\\</script\\>',
				''
			].join('\n')
		);
	});
});
