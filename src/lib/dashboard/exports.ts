import { download, exportFileName } from '$lib/export/download';
import { toCsv, toXlsx, type ExportTable } from '$lib/export/table';
import type { DayRange } from '$lib/model';

export type TableFormat = 'csv' | 'xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const span = (range: DayRange) => `${range.from}至${range.to}`;

/** Saves one table as CSV or .xlsx, named after whose it is, what it shows and the range. */
export async function saveTable(table: ExportTable, format: TableFormat, scope: string, range: DayRange): Promise<void> {
	const name = exportFileName(`${scope} ${table.title}`, span(range), format);
	if (format === 'csv') download(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), name);
	else download(new Blob([(await toXlsx([table])) as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }), name);
}

/** Saves every table of a dashboard in one workbook, a sheet each. */
export async function saveTables(tables: readonly ExportTable[], title: string, range: DayRange): Promise<void> {
	download(new Blob([(await toXlsx(tables)) as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE }), exportFileName(title, span(range), 'xlsx'));
}
