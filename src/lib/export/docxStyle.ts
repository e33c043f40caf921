import type { IStylesOptions } from 'docx';

/** Fonts Word on Chinese Windows and WPS have; Latin text keeps a Latin face. */
export const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
export const HEADING_FONT = { ...FONT, eastAsia: '黑体' };

/** The look of every Word file the app writes: 宋体 text, 黑体 title and headings. */
export const DOCX_STYLES: IStylesOptions = {
	default: {
		document: { run: { font: FONT, size: 24 } },
		title: { run: { font: HEADING_FONT, size: 36, bold: true } },
		heading1: { run: { font: HEADING_FONT, size: 30, bold: true } },
		heading2: { run: { font: HEADING_FONT, size: 28, bold: true } },
		heading3: { run: { font: HEADING_FONT, size: 26, bold: true } }
	}
};

/** The grey of a table's header cells. */
export const HEADER_SHADING = { fill: 'F2F2F2', type: 'clear', color: 'auto' } as const;
