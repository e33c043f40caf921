/** Where a command says what it did (stdout) and what went wrong (stderr); tests collect both. */
export interface Output {
	out(line: string): void;
	err(line: string): void;
}

/** A command line that does not say what to do: the message points to --help. */
export class UsageError extends Error {}

export function exactly(positionals: string[], count: number, what: string): string[] {
	if (positionals.length !== count) throw new UsageError(`${what} takes ${count} argument${count === 1 ? '' : 's'}`);
	return positionals;
}

export function required(value: string | undefined, option: string): string {
	if (value === undefined) throw new UsageError(`--${option} is required`);
	return value;
}
