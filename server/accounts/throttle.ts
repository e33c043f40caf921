/**
 * Slows password guessing: after a few failed sign-ins for one key (a username, an address),
 * each further attempt must wait, twice as long after every failure, up to `maxWaitMs`. A key
 * forgets its failures after `forgetMs` without one; a success clears it. Kept in memory: a
 * restart forgets, and with several relay processes each counts on its own (docs/operations.md).
 */
export interface ThrottlePolicy {
	/** Failures allowed before any wait. */
	free: number;
	maxWaitMs: number;
	forgetMs: number;
}

interface Failures {
	count: number;
	last: number;
}

export class Throttle {
	private readonly failures = new Map<string, Failures>();

	constructor(
		private readonly policy: ThrottlePolicy,
		private readonly now: () => number = Date.now
	) {}

	/** Milliseconds the key must still wait before trying again; 0 when it may try now. */
	waitFor(key: string): number {
		const entry = this.current(key);
		if (!entry || entry.count < this.policy.free) return 0;
		const wait = Math.min(this.policy.maxWaitMs, 1000 * 2 ** (entry.count - this.policy.free));
		return Math.max(0, entry.last + wait - this.now());
	}

	fail(key: string): void {
		const entry = this.current(key);
		this.failures.set(key, { count: (entry?.count ?? 0) + 1, last: this.now() });
		this.sweep();
	}

	succeed(key: string): void {
		this.failures.delete(key);
	}

	private current(key: string): Failures | undefined {
		const entry = this.failures.get(key);
		if (entry && this.now() - entry.last > this.policy.forgetMs) {
			this.failures.delete(key);
			return undefined;
		}
		return entry;
	}

	/** Keeps memory bounded however many names and addresses are tried. */
	private sweep(): void {
		if (this.failures.size < 10_000) return;
		for (const key of this.failures.keys()) this.current(key);
	}
}
