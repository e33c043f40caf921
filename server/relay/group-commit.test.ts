import { describe, expect, it } from 'vitest';
import type { Append } from '../store/types';
import { GroupCommit } from './group-commit';

/** A store whose commits finish only when the test says so. */
function gatedStore() {
	const commits: { appends: readonly Append[]; finish(error?: Error): void }[] = [];
	let nextId = 1;
	return {
		commits,
		appendUpdates: (appends: readonly Append[]) =>
			new Promise<number[]>((resolve, reject) =>
				commits.push({
					appends,
					finish: (error) => (error ? reject(error) : resolve(appends.map(() => nextId++)))
				})
			)
	};
}

const bytes = (n: number) => new Uint8Array([n]);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group commit', () => {
	it('commits what arrives during a commit together in the next one, each caller told its id', async () => {
		const store = gatedStore();
		const groups = new GroupCommit(store);
		const first = groups.append({ name: 'community:a', update: bytes(1) });
		await tick();
		expect(store.commits).toHaveLength(1);
		const waiting = [groups.append({ name: 'community:a', update: bytes(2) }), groups.append({ name: 'community:b', update: bytes(3) })];
		await tick();
		// Still one commit in flight; the two wait for it.
		expect(store.commits).toHaveLength(1);
		store.commits[0].finish();
		expect(await first).toBe(1);
		await tick();
		expect(store.commits.map((c) => c.appends.map((a) => a.name))).toEqual([['community:a'], ['community:a', 'community:b']]);
		store.commits[1].finish();
		expect(await Promise.all(waiting)).toEqual([2, 3]);
		await groups.idle();
	});

	it('fails every caller of a failed commit, and carries on with the next group', async () => {
		const store = gatedStore();
		const groups = new GroupCommit(store);
		const lost = [groups.append({ name: 'community:a', update: bytes(1) }), groups.append({ name: 'community:a', update: bytes(2) })];
		await tick();
		store.commits[0].finish(new Error('disk full'));
		for (const outcome of await Promise.allSettled(lost)) expect(outcome).toMatchObject({ status: 'rejected' });
		const next = groups.append({ name: 'community:a', update: bytes(3) });
		await tick();
		store.commits[1].finish();
		expect(await next).toBe(1);
	});

	it('commits together what callbacks of one turn of the event loop append', async () => {
		const store = gatedStore();
		const groups = new GroupCommit(store);
		// Three sockets' messages read in one turn: each callback's microtasks run before the next.
		const appended = await new Promise<Promise<number>[]>((resolve) => {
			const all: Promise<number>[] = [];
			for (const n of [1, 2, 3]) {
				setImmediate(() => {
					all.push(groups.append({ name: 'community:a', update: bytes(n) }));
					if (all.length === 3) resolve(all);
				});
			}
		});
		await tick();
		expect(store.commits.map((c) => c.appends.length)).toEqual([3]);
		store.commits[0].finish();
		expect(await Promise.all(appended)).toEqual([1, 2, 3]);
	});
});
