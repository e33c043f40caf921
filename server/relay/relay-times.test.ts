import { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	addGrid,
	dispatchCase,
	getCase,
	raiseCase,
	rootDocName,
	setUpCommunity
} from '../../src/lib/model';
import { RelayTimes } from './relay-times';

const REPORTED = Date.UTC(2026, 10, 26, 2, 0);

/** A grid worker's phone: its own root and month documents. */
function phone() {
	const root = new Y.Doc();
	setUpCommunity(root, { id: 'a', name: '社区' });
	addGrid(root, { id: 'g1', name: '一', households: 300 });
	return { root, period: new Y.Doc() };
}

describe('relay times', () => {
	it('stamps each new case event with the relay clock, once, and leaves other documents alone', async () => {
		let clock = REPORTED + 5 * 60_000;
		const relay = new Hocuspocus({ quiet: true, extensions: [new RelayTimes(() => clock)] });
		const month = await relay.openDirectConnection('community:a:period:2026-11');
		const root = await relay.openDirectConnection(rootDocName('a'));
		const device = phone();

		const caseId = raiseCase(device, { grid: 'g1', title: '路灯不亮', level: 'ordinary' }, { at: REPORTED, by: 'w1' });
		await month.transact((doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(device.period), 'client'));
		clock += 60_000;
		dispatchCase(device.period, caseId, { department: 'dianli' }, { at: REPORTED + 2 * 60_000, by: 'w1' });
		await month.transact((doc) =>
			Y.applyUpdate(doc, Y.encodeStateAsUpdate(device.period, Y.encodeStateVector(doc)), 'client')
		);

		const stored = relay.documents.get('community:a:period:2026-11')!;
		const events = getCase(stored, caseId, clock)!.events;
		expect(events.map((e) => [e.type, e.at, e.relayAt])).toEqual([
			['reported', REPORTED, REPORTED + 5 * 60_000],
			['dispatched', REPORTED + 2 * 60_000, REPORTED + 6 * 60_000]
		]);
		// The clock starts at the relay's time: the phone's clock was five minutes off.
		expect(getCase(stored, caseId, clock)!.reportedAt).toBe(REPORTED + 5 * 60_000);

		await root.transact((doc) => doc.getMap('grids').set('x', 1));
		expect(relay.documents.get(rootDocName('a'))!.getMap('grids').get('x')).toBe(1);
		await month.disconnect();
		await root.disconnect();
	});
});
