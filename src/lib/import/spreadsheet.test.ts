import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { TableFileError, readTableFile } from './spreadsheet';

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('名册');
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('readTableFile', () => {
	it('reads the first worksheet of an .xlsx as text, phone numbers stored as numbers whole', async () => {
		const bytes = await xlsx([
			['姓名', '电话', '党员', '技能'],
			['王秀兰', 13903521101, '是', { richText: [{ text: '读报' }, { text: '、陪伴' }] }],
			[],
			['李芳', '0352-6012345', true, null]
		]);
		expect(await readTableFile(bytes)).toEqual({
			format: 'xlsx',
			rows: [
				['姓名', '电话', '党员', '技能'],
				['王秀兰', '13903521101', '是', '读报、陪伴'],
				[],
				['李芳', '0352-6012345', 'true']
			]
		});
	});

	it('reads anything else as CSV text', async () => {
		const bytes = new TextEncoder().encode('\uFEFF姓名,电话\n王秀兰,13903521101');
		expect(await readTableFile(bytes)).toEqual({ format: 'utf-8', rows: [['姓名', '电话'], ['王秀兰', '13903521101']] });
	});

	it('says why a file cannot be read', async () => {
		const code = (bytes: Uint8Array) => readTableFile(bytes).then(() => 'read', (error: TableFileError) => error.code);
		expect(await code(new Uint8Array())).toBe('empty');
		expect(await code(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('xls-unsupported');
		expect(await code(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe('unreadable');
	});
});
