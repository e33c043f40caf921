import { describe, expect, it } from 'vitest';
import { parseCsv } from '$lib/import/csv';
import { readXlsx } from '$lib/import/spreadsheet';
import { cellText, toCsv, toXlsx, type ExportTable } from './table';

const table: ExportTable = {
	title: '各网格案件',
	columns: ['网格', '案件数', '达标率'],
	rows: [
		['文苑第1网格', 5, { percent: 0.8571 }],
		['东至新华街,西至"小区"围墙', 0, null],
		['=HYPERLINK("http://x")', 2, { percent: 1 }]
	]
};

describe('table exports', () => {
	it('reads a cell as people do', () => {
		expect([5, { percent: 0.8571 }, { percent: 1 }, null, '文苑'].map(cellText)).toEqual(['5', '85.7%', '100%', '—', '文苑']);
	});

	it('writes CSV with a BOM and CRLF, quoting what needs it and keeping formulas inert', () => {
		const csv = toCsv(table);
		expect(csv.startsWith('\uFEFF网格,案件数,达标率\r\n')).toBe(true);
		expect(csv).toContain('\r\n"东至新华街,西至""小区""围墙",0,\r\n');
		expect(csv).toContain(`\r\n"'=HYPERLINK(""http://x"")",2,100%\r\n`);
		// Read back as the roster import reads a CSV: the same cells.
		expect(parseCsv(csv)).toEqual([
			['网格', '案件数', '达标率'],
			['文苑第1网格', '5', '85.7%'],
			['东至新华街,西至"小区"围墙', '0', ''],
			[`'=HYPERLINK("http://x")`, '2', '100%']
		]);
	});

	it('writes an .xlsx sheet per table, Chinese headers first, numbers as numbers', async () => {
		const bytes = await toXlsx([table, { ...table, title: '各网格案件', rows: [] }]);
		expect(await readXlsx(bytes)).toEqual([
			['网格', '案件数', '达标率'],
			['文苑第1网格', '5', '0.8571'],
			['东至新华街,西至"小区"围墙', '0'],
			['=HYPERLINK("http://x")', '2', '1']
		]);
		const { default: ExcelJS } = await import('exceljs');
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(bytes.buffer as ArrayBuffer);
		expect(book.worksheets.map((s) => s.name)).toEqual(['各网格案件', '各网格案件 2']);
		expect(book.worksheets[0].getCell('C2').numFmt).toBe('0.0%');
		expect(book.worksheets[0].getCell('B2').value).toBe(5);
		// Text, not a formula: a cell's value is never run.
		expect(book.worksheets[0].getCell('A4').formula).toBeUndefined();
	});
});
