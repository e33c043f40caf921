import type { Append, Store } from '../store/types';

interface Waiting extends Append {
	resolve(id: number): void;
	reject(error: unknown): void;
}

/**
 * Appends updates to the store's log in groups: what arrives in one turn of the event loop goes
 * in one commit, and while one commit is in flight, everything that arrives waits and goes into
 * the next, so a burst of updates costs a few commits (and fsyncs), not one each. Each caller's promise settles when the commit holding its update does.
 */
export class GroupCommit {
	private waiting: Waiting[] = [];
	private running: Promise<void> | null = null;

	constructor(
		private readonly store: Pick<Store, 'appendUpdates'>,
		private readonly observe: (seconds: number, count: number) => void = () => undefined
	) {}

	append(entry: Append): Promise<number> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ ...entry, resolve, reject });
			// Once this turn of the event loop has handled everything that had arrived (every
			// socket's messages read in it, and the updates one transaction emits: a change and the
			// relay's own stamps on it), so that they go in one group. A microtask later, each
			// socket's message went alone: under load, a commit per edit, each blocking the thread.
			this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
		});
	}

	/** Settles when everything appended so far is committed or has failed. */
	async idle(): Promise<void> {
		while (this.running) await this.running;
	}

	private async drain(): Promise<void> {
		while (this.waiting.length) {
			const group = this.waiting;
			this.waiting = [];
			const started = performance.now();
			try {
				const ids = await this.store.appendUpdates(group);
				group.forEach((entry, index) => entry.resolve(ids[index]));
			} catch (error) {
				for (const entry of group) entry.reject(error);
			} finally {
				this.observe((performance.now() - started) / 1000, group.length);
			}
		}
		this.running = null;
	}
}
