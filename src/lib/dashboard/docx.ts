import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { DOCX_STYLES, HEADER_SHADING } from '$lib/export/docxStyle';
import { cellText, type ExportTable } from '$lib/export/table';
import type { Panel, Tile } from './panels';

/** A monthly report as the page shows it, labels already in the reader's language. */
export interface Report {
	title: string;
	/** Lines under the title: the period, when it was made. */
	facts: string[];
	summaryHeading: string;
	tiles: Tile[];
	panels: Panel[];
	/** PNG of each panel's chart, by panel id (`chartPng`). */
	charts: Map<string, Uint8Array>;
}

/** A chart's size in the document, in pixels at 96 dpi: the width of an A4 page's text. */
const CHART = { width: 600, height: 280 };

function table(rows: string[][], header: boolean): Table {
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: rows.map(
			(row, index) =>
				new TableRow({
					tableHeader: header && index === 0,
					children: row.map(
						(text) =>
							new TableCell({
								children: [new Paragraph({ children: [new TextRun({ text, bold: header && index === 0 })] })],
								shading: header && index === 0 ? HEADER_SHADING : undefined
							})
					)
				})
		)
	});
}

function figureTable(source: ExportTable): Table {
	return table([source.columns, ...source.rows.map((row) => row.map(cellText))], true);
}

/** The report as a Word document: the key figures, then every panel's chart and table. */
export function reportDocx(report: Report): Document {
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(report.title)] }),
		...report.facts.map((line) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(line)] })),
		new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(report.summaryHeading)] }),
		table(report.tiles.map((tile) => [tile.label, tile.detail ? `${tile.value}（${tile.detail}）` : tile.value]), false)
	];
	for (const panel of report.panels) {
		children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(panel.title)] }));
		if (panel.note) children.push(new Paragraph({ children: [new TextRun({ text: panel.note, italics: true, size: 20 })] }));
		const chart = report.charts.get(panel.id);
		if (chart) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: chart, transformation: CHART, altText: { name: panel.title, description: panel.title, title: panel.title } })] }));
		children.push(figureTable(panel.table), new Paragraph(''));
	}
	return new Document({ creator: '共治 Workspace', title: report.title, styles: DOCX_STYLES, sections: [{ children }] });
}

export function reportBlob(report: Report): Promise<Blob> {
	return Packer.toBlob(reportDocx(report));
}
