import type * as Y from 'yjs';
import { listGrids } from './grids';
import { listVolunteers, newVolunteerInput, volunteerImportProblems, type NewVolunteerInput } from './volunteers';

/**
 * Reading a volunteer roster as it arrives (a CSV or spreadsheet table with a header row) into
 * rows `importVolunteers` accepts, with every problem of every row named, before anything is
 * written. Pure: the table comes from `src/lib/import`, the roster and grids from the root.
 */
export const ROSTER_COLUMNS = ['name', 'phone', 'unit', 'partyMember', 'skills', 'homeGrid'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

/** Header names seen in district rosters, compared without spaces, case or a trailing `*`. */
const HEADERS: Record<RosterColumn, string[]> = {
	name: ['姓名', '名字', '志愿者姓名', 'name'],
	phone: ['电话', '手机', '手机号', '手机号码', '联系电话', '电话号码', 'phone', 'mobile', 'tel'],
	unit: ['单位', '工作单位', '所在单位', '报到单位', 'unit', 'organisation', 'organization'],
	partyMember: ['党员', '是否党员', '政治面貌', 'partymember', 'party'],
	skills: ['技能', '特长', '技能特长', '专长', 'skills', 'skill'],
	homeGrid: ['网格', '所在网格', '居住网格', '所属网格', 'homegrid', 'grid']
};

const YES = ['是', '党员', '中共党员', '预备党员', '中共预备党员', 'y', 'yes', 'true', '1', '√', '✓'];
const NO = ['', '否', '不是', '群众', '非党员', 'n', 'no', 'false', '0', '×'];

export type RosterProblemCode =
	| 'required'
	| 'too-long'
	| 'phone-format'
	| 'unknown-grid'
	| 'party-member-value'
	| 'on-roster'
	| 'twice-in-file'
	| 'invalid';

export interface RosterProblem {
	field: RosterColumn;
	code: RosterProblemCode;
	/** What the cell held, for the report. */
	value: string;
}

export interface RosterImportRow {
	/** The row's line in the file (1 = the first line), as the user sees it in the spreadsheet. */
	line: number;
	cells: Record<RosterColumn, string>;
	input: NewVolunteerInput;
	problems: RosterProblem[];
}

export interface RosterImportPreview {
	/** Which column of the file each field was read from. */
	columns: Partial<Record<RosterColumn, number>>;
	/** Set when the header has no name column: nothing can be read then. */
	missingName: boolean;
	rows: RosterImportRow[];
	/** The rows without problems, ready for `importVolunteers`. */
	valid: NewVolunteerInput[];
}

const normalise = (header: string) => header.replace(/[\s*＊:：]/g, '').toLowerCase();

function columnsOf(header: string[]): Partial<Record<RosterColumn, number>> {
	const columns: Partial<Record<RosterColumn, number>> = {};
	header.forEach((cell, index) => {
		const name = normalise(cell);
		for (const column of ROSTER_COLUMNS) {
			if (columns[column] === undefined && HEADERS[column].includes(name)) columns[column] = index;
		}
	});
	return columns;
}

const isBlank = (row: string[]) => row.every((cell) => !cell.trim());

function problemsOfFields(input: NewVolunteerInput, cells: Record<RosterColumn, string>): RosterProblem[] {
	const parsed = newVolunteerInput.safeParse(input);
	if (parsed.success) return [];
	const seen = new Set<RosterColumn>();
	const problems: RosterProblem[] = [];
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as RosterColumn;
		if (!ROSTER_COLUMNS.includes(field) || seen.has(field)) continue;
		seen.add(field);
		const code: RosterProblemCode =
			field === 'phone'
				? 'phone-format'
				: issue.code === 'too_small'
					? 'required'
					: issue.code === 'too_big'
						? 'too-long'
						: 'invalid';
		problems.push({ field, code, value: cells[field] });
	}
	return problems;
}

/**
 * Stricter than the roster's shape (which keeps any number a person typed): a file's numbers
 * should be a mobile (11 digits from 13…19), a landline with its area code (0352-6012345) or a
 * local landline of 7–8 digits, with +86 allowed. A digit dropped in a spreadsheet shows here.
 */
export function isChinesePhone(phone: string): boolean {
	const digits = phone.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
	return /^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits) || /^[2-9]\d{6,7}$/.test(digits);
}

const identity = (name: string, phone: string) => `${name.trim()}\u0000${phone.trim()}`;

/**
 * Reads a table (first non-empty row = header) against the community's roster and grids. A
 * grid may be given by name (文苑第1网格) or id; party membership as 是/否, 党员/群众, yes/no;
 * skills separated by 、，, ; or /. Duplicates (same name and phone) are flagged against the
 * roster and within the file, the second occurrence only.
 */
export function previewVolunteerImport(root: Y.Doc, table: string[][]): RosterImportPreview {
	const headerIndex = table.findIndex((row) => !isBlank(row));
	const columns = headerIndex < 0 ? {} : columnsOf(table[headerIndex]);
	if (columns.name === undefined) return { columns, missingName: true, rows: [], valid: [] };

	const grids = listGrids(root, { includeArchived: true });
	const gridByName = new Map(grids.map((g) => [g.name.trim(), g.id]));
	const gridIds = new Set(grids.map((g) => g.id));
	const onRoster = new Set(listVolunteers(root).filter((v) => v.phone).map((v) => identity(v.name, v.phone)));
	const inFile = new Set<string>();
	const rows: RosterImportRow[] = [];

	table.forEach((row, index) => {
		if (index <= headerIndex || isBlank(row)) return;
		const cells = Object.fromEntries(
			ROSTER_COLUMNS.map((column) => [column, columns[column] === undefined ? '' : (row[columns[column]!] ?? '').trim()])
		) as Record<RosterColumn, string>;
		const problems: RosterProblem[] = [];
		const party = cells.partyMember.toLowerCase();
		const partyMember = YES.includes(party) ? true : NO.includes(party) ? false : null;
		if (partyMember === null) problems.push({ field: 'partyMember', code: 'party-member-value', value: cells.partyMember });
		const homeGrid = !cells.homeGrid ? '' : gridIds.has(cells.homeGrid) ? cells.homeGrid : gridByName.get(cells.homeGrid);
		if (homeGrid === undefined) problems.push({ field: 'homeGrid', code: 'unknown-grid', value: cells.homeGrid });
		const skills = [...new Set(cells.skills.split(/[、，,;；/|\n]+/).map((s) => s.trim()).filter(Boolean))];
		const input: NewVolunteerInput = {
			name: cells.name,
			phone: cells.phone,
			unit: cells.unit,
			partyMember: partyMember ?? false,
			homeGrid: homeGrid ?? '',
			skills
		};
		problems.push(...problemsOfFields(input, cells));
		if (cells.phone && !isChinesePhone(cells.phone) && !problems.some((p) => p.field === 'phone')) {
			problems.push({ field: 'phone', code: 'phone-format', value: cells.phone });
		}
		if (cells.phone && !problems.length) {
			const key = identity(cells.name, cells.phone);
			if (onRoster.has(key)) problems.push({ field: 'phone', code: 'on-roster', value: cells.phone });
			else if (inFile.has(key)) problems.push({ field: 'phone', code: 'twice-in-file', value: cells.phone });
			inFile.add(key);
		}
		rows.push({ line: index + 1, cells, input, problems });
	});

	// The model's own check is the last word: anything it would refuse is shown, not thrown.
	const candidates = rows.filter((row) => !row.problems.length);
	for (const { row, field } of volunteerImportProblems(root, candidates.map((r) => r.input))) {
		const column = ROSTER_COLUMNS.includes(field as RosterColumn) ? (field as RosterColumn) : 'name';
		candidates[row].problems.push({ field: column, code: 'invalid', value: candidates[row].cells[column] });
	}
	return { columns, missingName: false, rows, valid: rows.filter((r) => !r.problems.length).map((r) => r.input) };
}
