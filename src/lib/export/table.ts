import type { Workbook } from 'exceljs';

/** A share shown as a percentage (0.857 → 85.7%); kept a number so a spreadsheet can compute with it. */
export interface Percent {
	percent: number;
}

export type Cell = string | number | Percent | null;

/**
 * A table as every dashboard shows it beside its chart and exports it: a title, the column
 * headers, the rows. One shape, so every table exports through the same code.
 */
export interface ExportTable {
	title: string;
	columns: string[];
	rows: Cell[][];
}

export function isPercent(cell: Cell): cell is Percent {
	return typeof cell === 'object' && cell !== null;
}

/** A cell as it reads: numbers as they are, a share as 85.7%, nothing as —. */
export function cellText(cell: Cell): string {
	if (cell === null) return '—';
	if (isPercent(cell)) return `${Math.round(cell.percent * 1000) / 10}%`;
	return String(cell);
}

/**
 * Text a spreadsheet would run as a formula (=, +, -, @ first) is kept text: a grid named
 * "=HYPERLINK(…)" must not become a link in whoever opens the export.
 */
function inert(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(cell: Cell): string {
	const text = typeof cell === 'string' ? inert(cell) : cell === null ? '' : cellText(cell);
	return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV as Excel and WPS on a Chinese Windows open it: UTF-8 with a BOM, CRLF line ends. */
export function toCsv(table: ExportTable): string {
	const lines = [table.columns.map(csvField), ...table.rows.map((row) => row.map(csvField))];
	return `\uFEFF${lines.map((fields) => fields.join(',')).join('\r\n')}\r\n`;
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book. */
function sheetName(title: string, taken: Set<string>): string {
	const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 28) || 'Sheet';
	let name = base;
	for (let n = 2; taken.has(name); n++) name = `${base} ${n}`;
	taken.add(name);
	return name;
}

/** Width of a column in characters, a Chinese character counting two. */
function widthOf(text: string): number {
	return [...text].reduce((sum, char) => sum + (char.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
}

/** An .xlsx workbook with one sheet per table (exceljs, loaded on demand: most visits never export). */
export async function toXlsx(tables: readonly ExportTable[]): Promise<Uint8Array> {
	const { default: ExcelJS } = (await import('exceljs')) as unknown as { default: { Workbook: new () => Workbook } };
	const workbook = new ExcelJS.Workbook();
	workbook.creator = '共治 Workspace';
	const taken = new Set<string>();
	for (const table of tables) {
		const sheet = workbook.addWorksheet(sheetName(table.title, taken));
		sheet.addRow(table.columns).font = { bold: true };
		for (const row of table.rows) {
			const added = sheet.addRow(row.map((cell) => (isPercent(cell) ? cell.percent : cell)));
			row.forEach((cell, i) => {
				if (isPercent(cell)) added.getCell(i + 1).numFmt = '0.0%';
			});
		}
		sheet.columns.forEach((column, i) => {
			const texts = [table.columns[i], ...table.rows.map((row) => cellText(row[i] ?? null))];
			column.width = Math.min(40, Math.max(8, ...texts.map(widthOf)) + 2);
		});
		sheet.views = [{ state: 'frozen', ySplit: 1 }];
	}
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
