/**
 * What changed between two texts of the minutes (plain text, one line per block, as
 * `fragmentText` gives it): line by line, and inside a changed line character by character, so
 * a reader sees exactly which words were inserted or deleted.
 */
export type PartKind = 'same' | 'ins' | 'del';
export interface DiffPart {
	kind: PartKind;
	text: string;
	/** Who wrote the text, when the comparison can tell (`attributeInsertions`, attribution.ts); null: an unknown author. */
	author?: string | null;
	/**
	 * Who deleted a `del` part and when (the relay's clock: the first and latest deletion of the
	 * run it belongs to), when the comparison can tell (attribution.ts); null: deleted, but
	 * nobody was recorded.
	 */
	deletion?: Deletion | null;
}
export interface Deletion {
	by: string;
	from: number;
	to: number;
}
export interface DiffLine {
	kind: 'same' | 'added' | 'removed' | 'changed';
	parts: DiffPart[];
}

/** Beyond this many cells an LCS table costs too much memory: the middle counts as replaced. */
const MAX_CELLS = 4_000_000;

/** A longest-common-subsequence alignment of two sequences, after trimming the common ends. */
function align<T>(a: T[], b: T[]): { kind: PartKind; a?: T; b?: T }[] {
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const head = a.slice(0, start).map((x) => ({ kind: 'same' as const, a: x, b: x }));
	const tail = a.slice(endA).map((x) => ({ kind: 'same' as const, a: x, b: x }));
	const midA = a.slice(start, endA);
	const midB = b.slice(start, endB);
	let middle: { kind: PartKind; a?: T; b?: T }[];
	if ((midA.length + 1) * (midB.length + 1) > MAX_CELLS) {
		middle = [...midA.map((x) => ({ kind: 'del' as const, a: x })), ...midB.map((x) => ({ kind: 'ins' as const, b: x }))];
	} else {
		const cols = midB.length + 1;
		const table = new Uint32Array((midA.length + 1) * cols);
		for (let i = midA.length - 1; i >= 0; i--) {
			for (let j = midB.length - 1; j >= 0; j--) {
				table[i * cols + j] =
					midA[i] === midB[j] ? table[(i + 1) * cols + j + 1] + 1 : Math.max(table[(i + 1) * cols + j], table[i * cols + j + 1]);
			}
		}
		middle = [];
		let i = 0;
		let j = 0;
		while (i < midA.length || j < midB.length) {
			if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
				middle.push({ kind: 'same', a: midA[i++], b: midB[j++] });
			} else if (j < midB.length && (i === midA.length || table[i * cols + j + 1] >= table[(i + 1) * cols + j])) {
				middle.push({ kind: 'ins', b: midB[j++] });
			} else {
				middle.push({ kind: 'del', a: midA[i++] });
			}
		}
	}
	return [...head, ...middle, ...tail];
}

/** Adjacent parts of one kind merged. */
function merged(parts: DiffPart[]): DiffPart[] {
	const out: DiffPart[] = [];
	for (const part of parts) {
		const last = out[out.length - 1];
		if (last && last.kind === part.kind) last.text += part.text;
		else if (part.text) out.push({ ...part });
	}
	return out;
}

export function diffChars(before: string, after: string): DiffPart[] {
	const steps = align([...before], [...after]);
	// Deletions before insertions within a changed stretch read more naturally.
	const out: DiffPart[] = [];
	let dels = '';
	let inss = '';
	const flush = () => {
		out.push({ kind: 'del', text: dels }, { kind: 'ins', text: inss });
		dels = inss = '';
	};
	for (const step of steps) {
		if (step.kind === 'del') dels += step.a;
		else if (step.kind === 'ins') inss += step.b;
		else {
			flush();
			out.push({ kind: 'same', text: step.a! });
		}
	}
	flush();
	return merged(out);
}

export function diffTexts(before: string, after: string): DiffLine[] {
	const steps = align(before.split('\n'), after.split('\n'));
	const out: DiffLine[] = [];
	let removed: string[] = [];
	let added: string[] = [];
	const flush = () => {
		// Removed and added lines of one stretch are paired: a line edited in place shows as
		// one changed line with its characters marked; the rest as whole lines.
		const pairs = Math.min(removed.length, added.length);
		for (let k = 0; k < pairs; k++) out.push({ kind: 'changed', parts: diffChars(removed[k], added[k]) });
		for (const line of removed.slice(pairs)) out.push({ kind: 'removed', parts: [{ kind: 'del', text: line }] });
		for (const line of added.slice(pairs)) out.push({ kind: 'added', parts: [{ kind: 'ins', text: line }] });
		removed = [];
		added = [];
	};
	for (const step of steps) {
		if (step.kind === 'del') removed.push(step.a!);
		else if (step.kind === 'ins') added.push(step.b!);
		else {
			flush();
			out.push({ kind: 'same', parts: [{ kind: 'same', text: step.a! }] });
		}
	}
	flush();
	return out;
}

/** How many characters were inserted and deleted, for a summary line. */
export function diffSummary(lines: DiffLine[]): { inserted: number; deleted: number } {
	let inserted = 0;
	let deleted = 0;
	for (const line of lines) {
		for (const part of line.parts) {
			if (part.kind === 'ins') inserted += [...part.text].length;
			if (part.kind === 'del') deleted += [...part.text].length;
		}
	}
	return { inserted, deleted };
}

/**
 * The diff with each insertion split by who wrote it: `authors` gives the author of every code
 * point of the newer text (as `attributedText` reads it, line breaks included).
 */
export function attributeInsertions(lines: DiffLine[], authors: (string | null)[]): DiffLine[] {
	let at = 0;
	return lines.map((line) => {
		if (line.kind === 'removed') return line;
		const parts = line.parts.flatMap((part) => {
			const length = [...part.text].length;
			const start = at;
			if (part.kind !== 'del') at += length;
			if (part.kind !== 'ins') return [part];
			const chars = [...part.text];
			const out: DiffPart[] = [];
			chars.forEach((char, i) => {
				const author = authors[start + i] ?? null;
				const last = out[out.length - 1];
				if (last && last.author === author) last.text += char;
				else out.push({ kind: 'ins', text: char, author });
			});
			return out;
		});
		at += 1;
		return { ...line, parts };
	});
}
