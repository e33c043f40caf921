import * as Y from 'yjs';
import { ModelError } from './errors';
import { ID_PATTERN } from './ids';
import { isMinutesText } from './minutes';
import { PERIOD_PATTERN } from './time';

/**
 * The documents of one community's workspace (see docs/model.md): a small root, one document
 * per month for what grows with time, one per meeting's minutes, one per pairing agreement,
 * and the private ones: the community's (who is on the care team) and one per grid holding its
 * residents' care records (`care`), so that a grid worker is given its own grids' records only.
 */
export type DocumentKind = 'root' | 'period' | 'meeting' | 'pairing' | 'private' | 'care';

export interface DocumentRef {
	communityId: string;
	kind: DocumentKind;
	/** The month (`YYYY-MM`) of a period, the id of a meeting, pairing or (`care`) grid; '' otherwise. */
	key: string;
}

function checkId(id: string, what: string): string {
	if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
		throw new ModelError('invalid', `${what} ${JSON.stringify(id)} is not a valid id`, 'id');
	}
	return id;
}

export function rootDocName(communityId: string): string {
	return `community:${checkId(communityId, 'community')}`;
}

export function periodDocName(communityId: string, period: string): string {
	if (!PERIOD_PATTERN.test(period)) throw new ModelError('invalid', `period ${period} is not YYYY-MM`, 'period');
	return `${rootDocName(communityId)}:period:${period}`;
}

export function meetingDocName(communityId: string, meetingId: string): string {
	return `${rootDocName(communityId)}:meeting:${checkId(meetingId, 'meeting')}`;
}

export function pairingDocName(communityId: string, pairingId: string): string {
	return `${rootDocName(communityId)}:pairing:${checkId(pairingId, 'pairing')}`;
}

export function privateDocName(communityId: string): string {
	return `${rootDocName(communityId)}:private`;
}

/** The care records of one grid's residents: `community:<id>:private:grid:<gridId>`. */
export function careDocName(communityId: string, gridId: string): string {
	return `${privateDocName(communityId)}:grid:${checkId(gridId, 'grid')}`;
}

/** Whether the document holds personal data of residents: sealed at rest, never exported. */
export function isPrivateKind(kind: DocumentKind): boolean {
	return kind === 'private' || kind === 'care';
}

const NAME = /^community:([a-z0-9][a-z0-9_-]{0,63})(?::(period|meeting|pairing|private)(?::([a-z0-9][a-z0-9_-]{0,63}))?)?$/;
const CARE_NAME = /^community:([a-z0-9][a-z0-9_-]{0,63}):private:grid:([a-z0-9][a-z0-9_-]{0,63})$/;

/** What a document name refers to, or null for any name outside the family. */
export function parseDocName(name: string): DocumentRef | null {
	const care = CARE_NAME.exec(name);
	if (care) return { communityId: care[1], kind: 'care', key: care[2] };
	const match = NAME.exec(name);
	if (!match) return null;
	const [, communityId, kind, key] = match;
	if (!kind) return { communityId, kind: 'root', key: '' };
	if (kind === 'private') return key === undefined ? { communityId, kind, key: '' } : null;
	if (key === undefined) return null;
	if (kind === 'period' && !PERIOD_PATTERN.test(key)) return null;
	return { communityId, kind: kind as DocumentKind, key };
}

/** The community a document belongs to, or null for a name outside the family. */
export function communityOfDoc(documentName: string): string | null {
	return parseDocName(documentName)?.communityId ?? null;
}

/**
 * How a replica holds a document of the family — the app, the relay, the server's readers, the
 * CLI and seeds all make their Y.Doc with these. A meeting's minutes keep the text deleted from
 * them: Yjs would collect it, and without it a version or snapshot cannot be compared with
 * another as the document's own characters (who wrote and who deleted what). Everything else,
 * the minutes' other maps included, is collected as usual.
 */
export function documentOptions(name: string): { gcFilter?: (item: Y.Item) => boolean } {
	return parseDocName(name)?.kind === 'meeting' ? { gcFilter: (item) => !isMinutesText(item) } : {};
}

/** A new, empty replica of the named document. */
export function newDocument(name: string): Y.Doc {
	return new Y.Doc(documentOptions(name));
}
