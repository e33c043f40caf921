import * as Y from 'yjs';
import type { Bench, BenchContext } from './context';
import { FULL_SCALE, QUICK_SCALE, largeCommunity, oneDocument, workingSetOf } from './large-community';
import { formatNumber } from './report';
import { median } from './stats';

/** Median ms of `repetitions` runs of `work`, each on fresh input from `prepare`. */
function timed<T>(repetitions: number, prepare: () => T, work: (input: T) => void): number {
	const times: number[] = [];
	for (let i = 0; i < repetitions; i++) {
		const input = prepare();
		const started = performance.now();
		work(input);
		times.push(performance.now() - started);
	}
	return median(times);
}

function applyAll(updates: Uint8Array[]): Y.Doc[] {
	return updates.map((update) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		return doc;
	});
}

/**
 * The CRDT's own cost on the same data, for reading every other figure as a multiple of it:
 * Yjs applying and encoding the five years as ONE document, against the working set.
 */
async function run({ quick, log }: BenchContext) {
	const { states } = largeCommunity(quick ? QUICK_SCALE : FULL_SCALE);
	const one = oneDocument(states);
	const working = workingSetOf().map((name) => states.get(name) ?? new Uint8Array());
	const repetitions = quick ? 2 : 3;
	const applyOne = timed(repetitions, () => new Y.Doc(), (doc) => Y.applyUpdate(doc, one));
	const applyWorking = timed(repetitions, () => working, (updates) => applyAll(updates));
	const oneDoc = applyAll([one])[0];
	const workingDocs = applyAll(working);
	const encodeOne = timed(repetitions, () => oneDoc, (doc) => Y.encodeStateAsUpdate(doc));
	const encodeWorking = timed(repetitions, () => workingDocs, (docs) => docs.forEach((doc) => Y.encodeStateAsUpdate(doc)));
	const mb = one.byteLength / 1e6;
	log(`ONE document: ${formatNumber(mb)} MB, applied in ${formatNumber(applyOne)} ms (${formatNumber(mb / (applyOne / 1000))} MB/s), encoded in ${formatNumber(encodeOne)} ms`);
	const oneName = `ONE document of the five years (${formatNumber(mb)} MB)`;
	return [
		{ name: `Yjs applyUpdate, ${oneName}`, value: applyOne, unit: 'ms', baseline: 'Yjs applyUpdate of the working set (4 documents)', baselineValue: applyWorking },
		{ name: `Yjs encodeStateAsUpdate, ${oneName}`, value: encodeOne, unit: 'ms', baseline: 'Yjs encodeStateAsUpdate of the working set', baselineValue: encodeWorking }
	];
}

export const yjsFloor: Bench = { name: 'Yjs floor on the large community', run };
