/**
 * Property: three replicas of one community, each editing offline through the model and
 * exchanging updates in any order (out of order, duplicated, partial, relayed), end up with
 * the same export once everyone has everything; no grid ever added vanishes; no grid lists a
 * worker twice; a worker assigned somewhere and never unassigned anywhere is still assigned.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors';
import { exportCommunity } from './export';
import {
	addGrid,
	archiveGrid,
	assignGridWorker,
	listGrids,
	restoreGrid,
	unassignGridWorker,
	updateGrid
} from './grids';
import { LIMITS } from './schema';
import { canonicalJson, replicaOf, sampleCommunity, send, syncAll } from './test-helpers';

const REPLICAS = 3;

// ---- generated operations ------------------------------------------------------------------

const replica = fc.integer({ min: 0, max: REPLICAS - 1 });
/** Which existing grid an operation targets: an index into the replica's grids, wrapped. */
const pick = fc.nat({ max: 50 });
/** A small pool, so replicas often assign and unassign the same people. */
const worker = fc.constantFrom('u-wang', 'u-li', 'u-zhang', 'u-liu', 'u-chen', 'u-yang');

const name = fc.oneof(
	fc.constantFrom('第1网格', '第2网格', '第10网格', '新建路网格', 'Grid A'),
	fc.string({ minLength: 1, maxLength: LIMITS.name }).filter((s) => s.trim().length > 0)
);
const validFields = {
	name,
	households: fc.integer({ min: 0, max: LIMITS.households }),
	boundary: fc.string({ maxLength: 40 }),
	station: fc.constantFrom('', 's1', 's2'),
	buildings: fc.integer({ min: 0, max: LIMITS.buildings }),
	specialNeedsHouseholds: fc.integer({ min: 0, max: 600 })
};
const validPatch = fc.record(validFields, { requiredKeys: [] });
/** Now and then a patch the model must refuse without writing anything. */
const invalidPatch = fc.constantFrom<Record<string, unknown>>(
	{ households: -1 },
	{ households: 2.5 },
	{ households: '300' },
	{ name: '   ' },
	{ name: 5 },
	{ boundary: 'x'.repeat(LIMITS.boundary + 1) },
	{ colour: 'red' }
);

const operation = fc.oneof(
	{
		weight: 2,
		arbitrary: fc.record({
			kind: fc.constant('add' as const),
			at: replica,
			fields: fc.record(
				{ ...validFields, workers: fc.uniqueArray(worker, { maxLength: 3 }) },
				{ requiredKeys: ['name', 'households'] }
			)
		})
	},
	{
		weight: 3,
		arbitrary: fc.record({
			kind: fc.constant('update' as const),
			at: replica,
			grid: pick,
			patch: fc.oneof({ weight: 5, arbitrary: validPatch }, { weight: 1, arbitrary: invalidPatch })
		})
	},
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('archive' as const), at: replica, grid: pick }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), at: replica, grid: pick }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('assign' as const), at: replica, grid: pick, worker }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant('unassign' as const), at: replica, grid: pick, worker }) },
	{
		weight: 2,
		// The receiver gets exactly what it lacks, as after a reconnect.
		arbitrary: fc.record({ kind: fc.constant('sync' as const), from: replica, to: replica })
	},
	{
		weight: 2,
		// Some of the sender's updates, in any order, possibly repeated, possibly with gaps.
		arbitrary: fc.record({
			kind: fc.constant('deliver' as const),
			from: replica,
			to: replica,
			updates: fc.array(fc.nat(), { maxLength: 8, size: 'max' })
		})
	}
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

// ---- the world the operations run in -------------------------------------------------------

class World {
	readonly docs: Y.Doc[];
	/** Every update each replica has produced or received, in the order it saw them. */
	readonly logs: Uint8Array[][];
	readonly added = new Set<string>();
	/** `grid worker` pairs ever assigned / ever unassigned, on any replica. */
	readonly assigned = new Set<string>();
	readonly unassigned = new Set<string>();
	private nextId = 0;

	constructor() {
		// Fixed client ids keep every run (and so every shrink) deterministic.
		const origin = sampleCommunity(100);
		for (const grid of listGrids(origin, { includeArchived: true })) {
			this.added.add(grid.id);
			for (const w of grid.workers) this.assigned.add(`${grid.id} ${w}`);
		}
		this.docs = Array.from({ length: REPLICAS }, (_, i) => replicaOf(origin, i + 1));
		this.logs = this.docs.map((doc) => {
			const log: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array) => log.push(update));
			return log;
		});
	}

	private gridAt(at: number, index: number): string | undefined {
		const ids = listGrids(this.docs[at], { includeArchived: true })
			.map((g) => g.id)
			.sort();
		return ids.length ? ids[index % ids.length] : undefined;
	}

	run(op: Operation): void {
		if (op.kind === 'sync') {
			if (op.from !== op.to) send(this.docs[op.from], this.docs[op.to]);
			return;
		}
		if (op.kind === 'deliver') {
			const log = this.logs[op.from];
			if (op.from === op.to || log.length === 0) return;
			for (const i of op.updates) Y.applyUpdate(this.docs[op.to], log[i % log.length], 'remote');
			return;
		}
		const doc = this.docs[op.at];
		const before = Y.encodeStateAsUpdate(doc);
		try {
			this.edit(doc, op);
		} catch (error) {
			// A refusal is fine, but it must leave the document as it was.
			if (!(error instanceof ModelError)) throw error;
			expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		}
	}

	private edit(doc: Y.Doc, op: Exclude<Operation, { kind: 'sync' | 'deliver' }>): void {
		if (op.kind === 'add') {
			// Ids from a counter rather than newId(), so runs replay exactly.
			const id = addGrid(doc, { ...op.fields, id: `n${this.nextId++}` }, { at: 0 });
			this.added.add(id);
			for (const w of op.fields.workers ?? []) this.assigned.add(`${id} ${w}`);
			return;
		}
		const id = this.gridAt(op.at, op.grid);
		if (!id) return;
		switch (op.kind) {
			case 'update':
				return updateGrid(doc, id, op.patch as never);
			case 'archive':
				return archiveGrid(doc, id);
			case 'restore':
				return restoreGrid(doc, id);
			case 'assign':
				assignGridWorker(doc, id, op.worker);
				this.assigned.add(`${id} ${op.worker}`);
				return;
			case 'unassign':
				this.unassigned.add(`${id} ${op.worker}`);
				return unassignGridWorker(doc, id, op.worker);
		}
	}
}

describe('three replicas editing offline', () => {
	it('converge on one export, losing no grid and no assignment', () => {
		fc.assert(
			fc.property(fc.array(operation, { minLength: 1, maxLength: 40, size: 'max' }), (ops) => {
				const world = new World();
				for (const op of ops) world.run(op);
				syncAll(...world.docs);

				const exports = world.docs.map(exportCommunity);
				expect(canonicalJson(exports[1])).toBe(canonicalJson(exports[0]));
				expect(canonicalJson(exports[2])).toBe(canonicalJson(exports[0]));

				const [result] = exports;
				expect(result.problems).toBeUndefined();
				for (const id of world.added) expect(result.grids, `grid ${id} vanished`).toHaveProperty([id]);
				for (const [id, grid] of Object.entries(result.grids)) {
					expect(new Set(grid.workers).size, `grid ${id} lists a worker twice`).toBe(grid.workers.length);
				}
				for (const pair of world.assigned) {
					if (world.unassigned.has(pair)) continue;
					const [id, w] = pair.split(' ');
					expect(result.grids[id].workers, `${w} lost from grid ${id}`).toContain(w);
				}
			}),
			{ numRuns: 150 }
		);
	}, 30_000); // ~1 s alone; generous for a loaded machine
});
