import { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { claimAuthorship, fragmentText, frozenCopy, listDeletions, minutesBody, newDocument } from '../src/lib/model';
import { compareMinutes, type ComparedSide } from '../src/lib/minutes/attribution';
import { diffTexts } from '../src/lib/minutes/diff';
import { DeletionRecords } from '../server/relay/deletions';
import { seededRandom } from '../server/seed/random';
import type { Bench, BenchContext } from './context';
import { formatNumber } from './report';
import { median } from './stats';

const NAME = 'community:bench:meeting:long';
const CHARACTERS = '居民代表提出小区停车位不足问题物业公司表示将在东门增设临时车位社区党支部书记建议成立议事小组征求意见';
/** Simulated seconds between two keystrokes (an IME commit), so the relay's deletion runs form as in a meeting. */
const KEYSTROKE_MS = 2000;

interface Writer {
	userId: string;
	doc: Y.Doc;
	/** The paragraph this writer types in, and where in its text. */
	paragraph: number;
	offset: number;
}

const textAt = (doc: Y.Doc, index: number) => (minutesBody(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;

/**
 * Two managers write one long meeting's minutes, keystroke by keystroke through the Yjs API as
 * the editor writes it (one transaction per key or IME commit): typing, fixing typos with
 * backspace, now and then deleting a phrase anywhere (the other's too), a new paragraph every
 * line or so. Every keystroke reaches the relay (the real extension that records deleters, on
 * a simulated clock) under its writer; the other writer catches up after each turn. The
 * minutes are compared halfway and at the end as two versions would be (no version is written
 * into the document, so its size is the minutes' alone).
 */
function writeLongMinutes(characters: number) {
	let now = Date.UTC(2030, 3, 2, 1, 0);
	const relay = new Hocuspocus({ quiet: true, extensions: [new DeletionRecords(() => now)] });
	return relay.openDirectConnection(NAME).then(async (direct) => {
		const hub = relay.documents.get(NAME)!;
		/** The same keystrokes in a replica that keeps deleted text but records nobody, and one that collects it (the default). */
		const kept = newDocument(NAME);
		const collected = new Y.Doc();
		const writers: Writer[] = ['u-sec', 'u-admin'].map((userId, i) => {
			const doc = newDocument(NAME);
			// Fixed, so the order of two paragraphs added at once, and so the whole run, replays from the seed.
			doc.clientID = i + 1;
			claimAuthorship(doc, userId);
			return { userId, doc, paragraph: 0, offset: 0 };
		});
		const first = writers[0].doc;
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText('')]);
		minutesBody(first).insert(0, [paragraph]);
		for (const writer of writers) {
			writer.doc.on('update', (update: Uint8Array, origin: unknown) => {
				if (origin === 'relay') return;
				Y.applyUpdate(hub, update, { context: { user: { id: writer.userId } } });
				Y.applyUpdate(kept, update);
				Y.applyUpdate(collected, update);
			});
		}
		Y.applyUpdate(hub, Y.encodeStateAsUpdate(first), { context: { user: { id: 'u-sec' } } });
		Y.applyUpdate(kept, Y.encodeStateAsUpdate(first));
		Y.applyUpdate(collected, Y.encodeStateAsUpdate(first));
		const catchUp = (writer: Writer) => Y.applyUpdate(writer.doc, Y.encodeStateAsUpdate(hub, Y.encodeStateVector(writer.doc)), 'relay');

		const random = seededRandom(8);
		const pick = (n: number) => Math.floor(random() * n);
		let typed = 0;
		let deleted = 0;
		const state = (): ComparedSide => ({ text: fragmentText(minutesBody(hub)), snapshot: Y.snapshot(hub) });
		let halfway: ComparedSide | null = null;
		for (let turn = 0; typed < characters; turn++) {
			// The secretary writes most of it; the administrator adds and corrects now and then.
			const writer = writers[turn % 4 === 3 ? 1 : 0];
			catchUp(writer);
			const body = minutesBody(writer.doc);
			if (writer.paragraph >= body.length) writer.paragraph = body.length - 1;
			writer.offset = Math.min(writer.offset, textAt(writer.doc, writer.paragraph).length);
			for (let key = 0; key < 20 && typed < characters; key++) {
				now += KEYSTROKE_MS;
				const text = textAt(writer.doc, writer.paragraph);
				const roll = random();
				if (roll < 0.18 && writer.offset > 0) {
					const count = Math.min(writer.offset, 1 + pick(3));
					text.delete(writer.offset - count, count);
					writer.offset -= count;
					deleted += count;
				} else if (roll < 0.2) {
					const target = pick(body.length);
					const other = textAt(writer.doc, target);
					const count = Math.min(other.length, 4 + pick(16));
					if (count === 0) continue;
					other.delete(pick(other.length - count + 1), count);
					deleted += count;
					if (target === writer.paragraph) writer.offset = Math.min(writer.offset, other.length);
				} else if (roll < 0.23 && text.length > 80) {
					const next = new Y.XmlElement('paragraph');
					next.insert(0, [new Y.XmlText('')]);
					body.push([next]);
					writer.paragraph = body.length - 1;
					writer.offset = 0;
				} else {
					const commit = Array.from({ length: 1 + pick(4) }, () => CHARACTERS[pick(CHARACTERS.length)]).join('');
					text.insert(writer.offset, commit);
					writer.offset += commit.length;
					typed += commit.length;
				}
			}
			if (!halfway && typed >= characters / 2) halfway = state();
		}
		const end = state();
		const copy = frozenCopy(minutesBody(hub));
		const sizes = { recorded: Y.encodeStateAsUpdate(hub), kept: Y.encodeStateAsUpdate(kept), collected: Y.encodeStateAsUpdate(collected) };
		const hubCopy = newDocument(NAME);
		Y.applyUpdate(hubCopy, sizes.recorded);
		await direct.disconnect();
		return { hub: hubCopy, ...sizes, copy, typed, deleted, halfway: halfway!, end };
	});
}

/** Median ms of `repetitions` runs of `work`, after one run not counted (the JIT warms up). */
function timed(repetitions: number, work: () => void): number {
	work();
	const times: number[] = [];
	for (let i = 0; i < repetitions; i++) {
		const started = performance.now();
		work();
		times.push(performance.now() - started);
	}
	return median(times);
}

async function run({ quick, log }: BenchContext) {
	const characters = quick ? 5_000 : 50_000;
	const minutes = await writeLongMinutes(characters);
	const kb = (bytes: number) => bytes / 1024;
	const { hub, halfway, end } = minutes;
	const runs = listDeletions(hub);
	const snapshot = Y.encodeSnapshot(end.snapshot!);
	log(
		`${minutes.typed} characters typed, ${minutes.deleted} deleted; kept with deleters ${formatNumber(kb(minutes.recorded.byteLength))} KB, ` +
			`kept without ${formatNumber(kb(minutes.kept.byteLength))} KB, collected ${formatNumber(kb(minutes.collected.byteLength))} KB; ` +
			`${runs.length} deletion runs; a version at the end: copy ${formatNumber(kb(minutes.copy.byteLength))} KB, snapshot ${formatNumber(kb(snapshot.byteLength))} KB`
	);
	const comparison = compareMinutes(hub, halfway, end);
	if (comparison.attribution !== 'full') throw new Error(`the long minutes compared without attribution (${comparison.reason})`);
	const repetitions = quick ? 2 : 3;
	const attributed = timed(repetitions, () => compareMinutes(hub, halfway, end));
	const asText = timed(repetitions, () => diffTexts(halfway.text, end.text));
	const openKept = timed(repetitions, () => Y.applyUpdate(newDocument(NAME), minutes.recorded));
	const openCollected = timed(repetitions, () => Y.applyUpdate(new Y.Doc(), minutes.collected));
	const meeting = `a meeting's minutes, ${formatNumber(minutes.typed)} characters typed and ${formatNumber(minutes.deleted)} deleted by two writers`;
	return [
		{
			name: `document size, ${meeting}, deleted text kept and deleters recorded`,
			value: kb(minutes.recorded.byteLength),
			unit: 'KB',
			baseline: 'the same minutes with deleted text collected (Yjs default)',
			baselineValue: kb(minutes.collected.byteLength)
		},
		{
			name: `deleters recorded by the relay (${runs.length} runs) in that document`,
			value: kb(minutes.recorded.byteLength - minutes.kept.byteLength),
			unit: 'KB',
			baseline: 'the document keeping deleted text without them',
			baselineValue: kb(minutes.kept.byteLength)
		},
		{
			name: "a version's Yjs snapshot at the end of that meeting",
			value: kb(snapshot.byteLength),
			unit: 'KB',
			baseline: "a version's frozen copy of the text",
			baselineValue: kb(minutes.copy.byteLength)
		},
		{
			name: 'opening that document (Yjs applyUpdate), deleted text kept and deleters recorded',
			value: openKept,
			unit: 'ms',
			baseline: 'the same minutes collected',
			baselineValue: openCollected
		},
		{
			name: 'attributed comparison of that meeting halfway and at the end (every writer and deleter named)',
			value: attributed,
			unit: 'ms',
			baseline: 'the same two states compared as text (no names)',
			baselineValue: asText
		}
	];
}

export const minutesHistory: Bench = { name: 'Minutes history: deleted text kept, deleters recorded', run };
