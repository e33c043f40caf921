import type { Figure } from './report';

/** What the runner gives each benchmark. */
export interface BenchContext {
	/** `--quick`: the smoke check, smaller and shorter. */
	quick: boolean;
	/** A line of detail for the console (not the JSON). */
	log(line: string): void;
}

/** One concern's benchmark: its figures, each against its baseline measured in the same run. */
export interface Bench {
	name: string;
	run(context: BenchContext): Promise<Figure[]>;
}
