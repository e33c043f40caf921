/**
 * Deterministic numbers in [0, 1) from a seed (mulberry32): a fuzz run, a durability trial, a
 * generated benchmark community or the demo's earlier months replay exactly from their seed.
 */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
