import type { CellValue, Workbook } from 'exceljs';
import { decodeText, parseCsv } from './csv';

/** Why a file could not be read as a table; `code` names the message shown. */
export class TableFileError extends Error {
	constructor(
		readonly code: 'xls-unsupported' | 'unreadable' | 'empty',
		detail: string = code
	) {
		super(detail);
		this.name = 'TableFileError';
	}
}

export interface TableFile {
	rows: string[][];
	/** 'xlsx', or the text encoding a CSV was read in. */
	format: 'xlsx' | 'utf-8' | 'gb18030';
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** A cell as the text a person sees in it (phone numbers stored as numbers keep every digit). */
export function cellText(value: CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
	if (typeof value !== 'object') return String(value);
	if ('richText' in value) return value.richText.map((part) => part.text).join('');
	if ('text' in value && typeof value.text === 'string') return value.text;
	if ('result' in value) return cellText(value.result as CellValue);
	if ('error' in value) return '';
	return '';
}

/** The first worksheet of an .xlsx file, every row as text cells (exceljs loaded on demand). */
export async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
	const { default: ExcelJS } = (await import('exceljs')) as unknown as { default: { Workbook: new () => Workbook } };
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
	} catch (error) {
		throw new TableFileError('unreadable', error instanceof Error ? error.message : String(error));
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) return [];
	const rows: string[][] = [];
	sheet.eachRow({ includeEmpty: true }, (row, number) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: true }, (cell, column) => (cells[column - 1] = cellText(cell.value).trim()));
		rows[number - 1] = Array.from(cells, (cell) => cell ?? '');
	});
	return Array.from(rows, (row) => row ?? []);
}

/** A roster file as a table: .xlsx by its content (a zip), anything else as CSV text. */
export async function readTableFile(bytes: Uint8Array): Promise<TableFile> {
	if (bytes.length === 0) throw new TableFileError('empty');
	if (startsWith(bytes, OLE)) throw new TableFileError('xls-unsupported');
	if (startsWith(bytes, ZIP)) return { rows: await readXlsx(bytes), format: 'xlsx' };
	const { text, encoding } = decodeText(bytes);
	return { rows: parseCsv(text), format: encoding };
}
