import { describe, expect, it } from 'vitest';
import { translate } from '$lib/i18n';
import { REFUSALS } from '$lib/model';
import { byReadingOrder, documentOutlook, documentTitle, lastConfirmed, offlineProgress, type Names } from './describe';
import type { DocumentState } from './status';

const names: Names = {
	community: (id) => (id === 'wenyuan' ? '文苑社区' : id),
	meeting: (_, id) => (id === 'm1' ? '11月议事协商会' : null),
	pairing: (_, id) => (id === 'p1' ? '区城市管理局' : null),
	grid: (_, id) => (id === 'g01' ? '文苑第1网格' : null)
};

function said(name: string): string {
	const { community, document } = documentTitle(name, names);
	return `${community} · ${translate('zh-CN', document.key, document.values)}`;
}

const state = (patch: Partial<DocumentState> = {}): DocumentState => ({
	name: 'community:wenyuan',
	pending: 0,
	refused: null,
	rejected: null,
	lastSynced: null,
	confirmedAt: null,
	...patch
});

describe('documents named for people', () => {
	it('says which community and what the document is, never its technical name', () => {
		expect(said('community:wenyuan')).toBe('文苑社区 · 社区主文档');
		expect(said('community:wenyuan:period:2026-11')).toBe('文苑社区 · 2026年11月案件与服务');
		expect(said('community:wenyuan:meeting:m1')).toBe('文苑社区 · 会议纪要「11月议事协商会」');
		expect(said('community:wenyuan:meeting:m2')).toBe('文苑社区 · 会议纪要');
		expect(said('community:wenyuan:pairing:p1')).toBe('文苑社区 · 结对协议「区城市管理局」');
		expect(said('community:wenyuan:private')).toBe('文苑社区 · 关怀服务团队名单');
		expect(said('community:wenyuan:private:grid:g01')).toBe('文苑社区 · 文苑第1网格居民关怀档案');
		expect(said('something-else')).toBe(' · 文档 something-else');
	});
});

describe('what happens next to a document', () => {
	const next = (document: DocumentState, connection: 'online' | 'offline' | 'connecting') => {
		const outlook = documentOutlook(document, connection);
		return [outlook.condition, outlook.next.key];
	};

	it('follows the connection while nothing needs the user', () => {
		expect(next(state({ pending: 2 }), 'offline')).toEqual(['offline', 'syncPanel.next.sendWhenOnline']);
		expect(next(state(), 'offline')).toEqual(['offline', 'syncPanel.next.receiveWhenOnline']);
		expect(next(state({ pending: 2 }), 'connecting')).toEqual(['connecting', 'syncPanel.next.sendWhenConnected']);
		expect(next(state({ pending: 2 }), 'online')).toEqual(['online', 'syncPanel.next.awaitingConfirmation']);
		expect(next(state(), 'online')).toEqual(['online', 'syncPanel.next.upToDate']);
	});

	it('puts a rejected change, then a refusal, before the connection, and says who can fix a refusal', () => {
		expect(next(state({ rejected: 'not allowed', refused: 'x', pending: 1 }), 'online')).toEqual(['rejected', 'syncPanel.next.rejected']);
		expect(next(state({ refused: REFUSALS.badToken }), 'online')).toEqual(['refused', 'syncPanel.next.signIn']);
		expect(next(state({ refused: 'no such thing' }), 'offline')).toEqual(['refused', 'syncPanel.next.askSecretary']);
	});
});

describe('what of a community is on this device', () => {
	it('counts the synced documents and dates the community by its root', () => {
		const documents = [
			state({ name: 'community:wenyuan', lastSynced: 5 }),
			state({ name: 'community:wenyuan:period:2026-11', lastSynced: 9 }),
			state({ name: 'community:wenyuan:period:2026-10' }),
			state({ name: 'community:other', lastSynced: 7 })
		];
		expect(offlineProgress(documents, 'wenyuan')).toEqual({ ready: 2, total: 3, lastSynced: 5 });
		expect(offlineProgress([state({ name: 'community:wenyuan:period:2026-11', lastSynced: 9 })], 'wenyuan').lastSynced).toBeNull();
		expect(offlineProgress(documents, 'nowhere')).toEqual({ ready: 0, total: 0, lastSynced: null });
	});
});

describe('the panel\'s order and times', () => {
	it('reads the main document first, then the months newest first, then meetings and pairings', () => {
		const names = ['community:a:pairing:p1', 'community:a:period:2026-10', 'community:a:meeting:m1', 'community:a', 'community:a:period:2026-11'];
		expect([...names].sort(byReadingOrder)).toEqual([
			'community:a',
			'community:a:period:2026-11',
			'community:a:period:2026-10',
			'community:a:meeting:m1',
			'community:a:pairing:p1'
		]);
	});

	it('dates the last confirmation by the later of a confirmation and a completed sync', () => {
		expect(lastConfirmed(state())).toBeNull();
		expect(lastConfirmed(state({ lastSynced: 5, pending: 1 }))).toBe(5);
		expect(lastConfirmed(state({ lastSynced: 5, confirmedAt: 8 }))).toBe(8);
	});
});
