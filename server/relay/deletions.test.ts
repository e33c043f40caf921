import { Hocuspocus } from '@hocuspocus/server';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { deleterOf, listDeletions, minutesBody, rootDocName } from '../../src/lib/model';
import { DeletionRecords, RUN_GAP_MS, RUN_SPAN_MS } from './deletions';

const NAME = 'community:a:meeting:m1';
const T0 = Date.UTC(2030, 3, 2, 7, 0);

/** What Hocuspocus applies a member's update with: its connection, carrying the context. */
const connectionOf = (userId: string) => ({ context: { user: { id: userId }, connectionId: `conn-${userId}` } });

describe('deletion records', () => {
	it('records who deleted minutes text with the relay clock, one run per user while they keep at it', async () => {
		let now = T0;
		const relay = new Hocuspocus({ quiet: true, extensions: [new DeletionRecords(() => now)] });
		const direct = await relay.openDirectConnection(NAME);
		const document = relay.documents.get(NAME)!;

		// A member's device writes the minutes; the relay takes its updates in under that member.
		const device = new Y.Doc();
		const paragraph = new Y.XmlElement('paragraph');
		const text = new Y.XmlText('一二三四五六七八九十甲乙丙丁戊己庚辛壬癸');
		paragraph.insert(0, [text]);
		minutesBody(device).insert(0, [paragraph]);
		const send = (userId: string) =>
			Y.applyUpdate(document, Y.encodeStateAsUpdate(device, Y.encodeStateVector(document)), connectionOf(userId));
		send('u-sec');
		expect(listDeletions(document)).toEqual([]);

		text.delete(0, 1);
		send('u-sec');
		now += RUN_GAP_MS;
		text.delete(0, 1);
		send('u-sec');
		// Someone else's deletion meanwhile is theirs.
		text.delete(0, 1);
		send('u-admin');
		// After a pause a new run begins; one kept up without pause ends once it is long.
		now += RUN_GAP_MS + 1;
		const third = now;
		while (now - third <= RUN_SPAN_MS) {
			text.delete(0, 1);
			send('u-sec');
			now += RUN_GAP_MS;
		}
		text.delete(0, 1);
		send('u-sec');
		// Deletions no member sent (the admin CLI, another relay) name nobody.
		text.delete(0, 1);
		Y.applyUpdate(document, Y.encodeStateAsUpdate(device, Y.encodeStateVector(document)), 'log');

		const runs = listDeletions(document).map((r) => [r.by, r.from - T0, r.to - T0]);
		const lastInRun = third - T0 + RUN_SPAN_MS;
		expect(runs).toEqual([
			['u-sec', 0, RUN_GAP_MS],
			['u-admin', RUN_GAP_MS, RUN_GAP_MS],
			['u-sec', third - T0, lastInRun],
			['u-sec', lastInRun + RUN_GAP_MS, lastInRun + RUN_GAP_MS]
		]);
		const deleter = deleterOf(document);
		const first = text._item!.id.clock + 1;
		const who = (i: number) => deleter(Y.createID(device.clientID, first + i))?.by ?? null;
		expect([0, 1, 2, 3, 14, 15, 16].map(who)).toEqual(['u-sec', 'u-sec', 'u-admin', 'u-sec', 'u-sec', null, null]);

		// The relay's own copy keeps the deleted text, so a new replica gets it too.
		const fresh = new Y.Doc({ gc: false });
		Y.applyUpdate(fresh, Y.encodeStateAsUpdate(document));
		const kept: string[] = [];
		const freshText = (minutesBody(fresh).get(0) as Y.XmlElement).get(0) as Y.XmlText;
		for (let item = freshText._start; item; item = item.right) if (item.content instanceof Y.ContentString) kept.push(item.content.str);
		expect(kept.join('')).toBe('一二三四五六七八九十甲乙丙丁戊己庚辛壬癸');
		await direct.disconnect();
	});

	it('leaves the other documents as they were', async () => {
		const relay = new Hocuspocus({ quiet: true, extensions: [new DeletionRecords()] });
		const direct = await relay.openDirectConnection(rootDocName('a'));
		const root = relay.documents.get(rootDocName('a'))!;
		const device = new Y.Doc();
		minutesBody(device).insert(0, [new Y.XmlText('不是纪要文档')]);
		(minutesBody(device).get(0) as Y.XmlText).delete(0, 2);
		Y.applyUpdate(root, Y.encodeStateAsUpdate(device), connectionOf('u-sec'));
		expect(root.getMap('deletions').size).toBe(0);
		await direct.disconnect();
	});
});
