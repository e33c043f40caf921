import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packer } from 'docx';
import { afterEach, describe, expect, it } from 'vitest';
import { readBlocks } from './blocks';
import { sampleBody } from './test-fixtures';
import { toDocx } from './docx';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** word/document.xml of the file, read with the system's unzip as any reader would. */
async function documentXml(doc: ReturnType<typeof toDocx>): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'docx-'));
	dirs.push(dir);
	const file = join(dir, 'minutes.docx');
	writeFileSync(file, await Packer.toBuffer(doc));
	return execFileSync('unzip', ['-p', file, 'word/document.xml']).toString('utf8');
}

describe('toDocx', () => {
	it('writes the Chinese text, headings, lists and tables, escaping markup', async () => {
		const xml = await documentXml(
			toDocx({
				title: '加装电梯议事会',
				facts: [['地点', '议事厅 & <会议室>']],
				sections: [
					{ heading: '议程', kind: 'list', items: ['方案'] },
					{ heading: '会议纪要', kind: 'body', blocks: readBlocks(sampleBody()) }
				]
			})
		);
		for (const text of ['加装电梯议事会', '一、加装电梯', '@王建国', '同意加装', '一楼住户', '1|2单元', '3. ', '• ']) {
			expect(xml).toContain(text);
		}
		expect(xml).toContain('议事厅 &amp; &lt;会议室&gt;');
		expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(xml).not.toContain('<script>');
		expect(xml).toContain('<w:pStyle w:val="Title"/>');
		expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
		expect(xml).toContain('<w:pStyle w:val="Heading3"/>');
		expect(xml).toContain('<w:tbl>');
		expect(xml).toMatch(/<w:b\/>[\s\S]*同意加装/);
	});
});
