import { ratioOf } from './stats';

/**
 * A goal as the issue states it, in a form anyone can check mechanically from the JSON:
 * `"ratio <= 1.15"` (value / baselineValue) or `"value < 150"` (in the result's unit).
 */
export type Goal = `${'ratio' | 'value'} ${'<' | '<=' | '>' | '>=' | '='} ${number}`;

/** One figure of `bench/results/latest.json`, in the format issue 6 gives. */
export interface Result {
	name: string;
	value: number | null;
	unit: string;
	baseline: string;
	baselineValue: number | null;
	ratio: number | null;
	/** null for figures given for context only (the CRDT's own floor). */
	goal: Goal | null;
	/** Whether the goal is met; null when there is no goal or the figure could not be measured. */
	met: boolean | null;
}

export interface Machine {
	cores: number;
	cpu: string;
	node: string;
	platform: string;
	memoryGb: number;
	/** The 1-minute load average when the run started and when it ended: the machine is shared. */
	loadAverage: { start: number; end: number };
}

export interface Report {
	date: string;
	machine: Machine;
	results: Result[];
}

export interface Figure {
	name: string;
	value: number | null;
	unit: string;
	baseline: string;
	baselineValue: number | null;
	goal?: Goal | null;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
	'<': (a, b) => a < b,
	'<=': (a, b) => a <= b,
	'>': (a, b) => a > b,
	'>=': (a, b) => a >= b,
	'=': (a, b) => a === b
};

/** Whether `goal` holds for a value and its ratio; null when the quantity it names is missing. */
export function meets(goal: Goal, value: number | null, ratio: number | null): boolean | null {
	const [quantity, operator, bound] = goal.split(' ');
	const measured = quantity === 'ratio' ? ratio : value;
	if (measured === null || !Number.isFinite(measured)) return null;
	return COMPARE[operator](measured, Number(bound));
}

/** A figure with its ratio computed and its goal checked. */
export function resultOf(figure: Figure): Result {
	const ratio = ratioOf(figure.value, figure.baselineValue);
	const goal = figure.goal ?? null;
	return {
		name: figure.name,
		value: figure.value,
		unit: figure.unit,
		baseline: figure.baseline,
		baselineValue: figure.baselineValue,
		ratio,
		goal,
		met: goal === null ? null : meets(goal, figure.value, ratio)
	};
}

/** Three significant digits, whole numbers from 100 up, with thousands separated. */
export function formatNumber(value: number | null): string {
	if (value === null || !Number.isFinite(value)) return '—';
	if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
	return String(Number(value.toPrecision(3)));
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The results as a Markdown table: what the runner prints and what the README shows. */
export function markdownTable(results: readonly Result[]): string {
	const rows = results.map((r) => [
		r.name,
		`${formatNumber(r.value)} ${r.unit}`,
		r.baseline,
		r.baselineValue === null ? '—' : `${formatNumber(r.baselineValue)} ${r.unit}`,
		r.ratio === null ? '—' : `${formatNumber(r.ratio)}×`,
		r.goal ?? '—',
		r.met === null ? '—' : r.met ? 'yes' : '**no**'
	]);
	const header = ['figure', 'value', 'baseline', 'baseline value', 'ratio', 'goal', 'met'];
	return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(cell).join(' | ')} |`).join('\n');
}

export function describeMachine(machine: Machine): string {
	const { start, end } = machine.loadAverage;
	return (
		`${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node} on ${machine.platform}; ` +
		`load average ${start.toFixed(2)} at the start, ${end.toFixed(2)} at the end`
	);
}

/** The JSON written to `bench/results/latest.json`: exactly `{date, machine, results}`. */
export function reportJson(report: Report): string {
	return `${JSON.stringify({ date: report.date, machine: report.machine, results: report.results }, null, '\t')}\n`;
}
