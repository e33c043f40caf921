/**
 * Text tables as rosters arrive: CSV saved by Excel or WPS (UTF-8 with or without a BOM, or
 * GBK from a Chinese Windows), or tab-separated text pasted from a spreadsheet.
 */

/**
 * The file's text. UTF-8 is tried first and strictly: GBK bytes are almost never valid UTF-8,
 * so a failure means a legacy Chinese encoding (GB18030 is a superset of GBK).
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
	try {
		return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
	}
}

const DELIMITERS = [',', '\t', ';', '，'] as const;

/** The separator used most often in the first line outside quotes. */
function delimiterOf(text: string): string {
	const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) break;
		else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
	}
	const [best] = [...counts].sort((a, b) => b[1] - a[1]);
	return best[1] > 0 ? best[0] : ',';
}

/**
 * RFC 4180 with the leniencies real files need: quoted fields with separators, doubled quotes
 * and line breaks inside; CRLF, LF or CR line ends; a BOM left by the decoder; a missing final
 * line end. A quote inside an unquoted field is kept as text.
 */
export function parseCsv(input: string): string[][] {
	const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
	const delimiter = delimiterOf(text);
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	let startOfField = true;
	const endField = () => {
		row.push(field);
		field = '';
		startOfField = true;
	};
	const endRow = () => {
		endField();
		rows.push(row);
		row = [];
	};
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		if (quoted) {
			if (char !== '"') field += char;
			else if (text[i + 1] === '"') field += text[++i];
			else quoted = false;
		} else if (char === '"' && startOfField) {
			quoted = true;
			startOfField = false;
		} else if (char === delimiter) {
			endField();
		} else if (char === '\r' || char === '\n') {
			if (char === '\r' && text[i + 1] === '\n') i++;
			endRow();
		} else {
			field += char;
			startOfField = false;
		}
	}
	if (field || !startOfField || row.length) endRow();
	return rows;
}
