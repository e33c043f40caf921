import { download, exportFileName } from '$lib/export/download';
import { chartPng } from './chart';
import type { Report } from './docx';
import type { Panel, Tile, Translate } from './panels';

/** A report's content before its charts are drawn: what the page shows, in one language. */
export interface ReportContent {
	title: string;
	facts: string[];
	tiles: Tile[];
	panels: Panel[];
}

/** Draws every chart into a PNG and saves the report as a Word file (the writer loaded on demand). */
export async function saveReportDocx(content: ReportContent, t: Translate, date: string): Promise<void> {
	const drawn = await Promise.all(content.panels.flatMap((p) => (p.chart ? [chartPng(p.chart).then((png) => [p.id, png] as const)] : [])));
	const report: Report = { ...content, summaryHeading: t('dash.report.summary'), charts: new Map(drawn) };
	const { reportBlob } = await import('./docx');
	download(await reportBlob(report), exportFileName(content.title, date, 'docx'));
}
