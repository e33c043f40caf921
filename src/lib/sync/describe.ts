import type { MessageKey } from '$lib/i18n';
import { parseDocName, refusalOf } from '$lib/model';
import type { Connection, DocumentState } from './status';

/** An i18n message with its values, for a page to translate in the reader's language. */
export interface Phrase {
	key: MessageKey;
	values: Record<string, string | number>;
}

/** What the panel needs to know of a community to name its documents. */
export interface Names {
	community: (communityId: string) => string;
	meeting: (communityId: string, meetingId: string) => string | null;
	pairing: (communityId: string, pairingId: string) => string | null;
	grid: (communityId: string, gridId: string) => string | null;
}

/**
 * A document as a secretary knows it: 社区主文档, 2026年11月案件与服务, 会议纪要「…」,
 * 结对协议「…」, not its technical name (which is what an unknown name falls back to).
 */
export function documentTitle(name: string, names: Names): { community: string; document: Phrase } {
	const ref = parseDocName(name);
	if (!ref) return { community: '', document: { key: 'syncPanel.doc.unknown', values: { name } } };
	const community = names.community(ref.communityId);
	switch (ref.kind) {
		case 'root':
			return { community, document: { key: 'syncPanel.doc.root', values: {} } };
		case 'period': {
			const [year, month] = ref.key.split('-').map(Number);
			return { community, document: { key: 'syncPanel.doc.period', values: { year, month } } };
		}
		case 'meeting': {
			const title = names.meeting(ref.communityId, ref.key);
			return { community, document: title ? { key: 'syncPanel.doc.meeting', values: { title } } : { key: 'syncPanel.doc.meetingUnnamed', values: {} } };
		}
		case 'pairing': {
			const partner = names.pairing(ref.communityId, ref.key);
			return { community, document: partner ? { key: 'syncPanel.doc.pairing', values: { partner } } : { key: 'syncPanel.doc.pairingUnnamed', values: {} } };
		}
		case 'private':
			return { community, document: { key: 'syncPanel.doc.private', values: {} } };
		case 'care':
			return { community, document: { key: 'syncPanel.doc.care', values: { grid: names.grid(ref.communityId, ref.key) ?? ref.key } } };
	}
}

const KIND_ORDER = ['root', 'period', 'meeting', 'pairing', 'private', 'care'];

/** The order a person reads a community's documents in: its main document, the months newest first, then the rest. */
export function byReadingOrder(a: string, b: string): number {
	const [ka, kb] = [parseDocName(a), parseDocName(b)];
	const rank = (ref: typeof ka) => (ref ? KIND_ORDER.indexOf(ref.kind) : KIND_ORDER.length);
	return rank(ka) - rank(kb) || b.localeCompare(a);
}

/**
 * When the relay last held everything this device had of the document: its confirmation of
 * local changes, or the end of a sync (its state stored here), whichever is later.
 */
export function lastConfirmed(document: DocumentState): number | null {
	const times = [document.confirmedAt, document.lastSynced].filter((at): at is number => at !== null);
	return times.length ? Math.max(...times) : null;
}

export type DocumentCondition = 'rejected' | 'refused' | 'offline' | 'connecting' | 'online';

/**
 * Where a document stands and what happens next, in that order of urgency: a rejected change
 * and a refusal need the user; otherwise the connection says what the device will do by itself.
 */
export function documentOutlook(document: DocumentState, connection: Connection): { condition: DocumentCondition; next: Phrase } {
	const phrase = (key: MessageKey, values: Phrase['values'] = {}): Phrase => ({ key, values });
	if (document.rejected !== null) return { condition: 'rejected', next: phrase('syncPanel.next.rejected') };
	if (document.refused !== null) {
		const refusal = refusalOf(document.refused);
		const signIn = refusal === 'noToken' || refusal === 'badToken';
		return { condition: 'refused', next: phrase(signIn ? 'syncPanel.next.signIn' : 'syncPanel.next.askSecretary') };
	}
	const waiting = document.pending > 0;
	if (connection === 'offline') return { condition: 'offline', next: phrase(waiting ? 'syncPanel.next.sendWhenOnline' : 'syncPanel.next.receiveWhenOnline') };
	if (connection === 'connecting') return { condition: 'connecting', next: phrase(waiting ? 'syncPanel.next.sendWhenConnected' : 'syncPanel.next.receiveWhenOnline') };
	return { condition: 'online', next: phrase(waiting ? 'syncPanel.next.awaitingConfirmation' : 'syncPanel.next.upToDate') };
}

/**
 * The community's part of the open documents: how many have been synced onto this device at
 * least once, and when its root (without which it does not open) last was.
 */
export function offlineProgress(documents: DocumentState[], communityId: string): { ready: number; total: number; lastSynced: number | null } {
	const mine = documents.filter((document) => parseDocName(document.name)?.communityId === communityId);
	const root = mine.find((document) => parseDocName(document.name)?.kind === 'root');
	return { ready: mine.filter((document) => document.lastSynced !== null).length, total: mine.length, lastSynced: root?.lastSynced ?? null };
}
