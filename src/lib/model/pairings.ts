import type * as Y from 'yjs';
import { z } from 'zod';
import { collection } from './community';
import { ModelError } from './errors';
import { FieldReader } from './fields';
import type { Community } from './family';
import { newId } from './ids';
import {
	addToList,
	createRecord,
	getRecord,
	listRecords,
	naturalOrder,
	nestedArray,
	readStamp,
	recordOf,
	removeEntries,
	removeFromList,
	setArchived,
	setFields,
	writeContext,
	type ListOptions,
	type Stamp,
	type WriteOptions
} from './records';
import { LIMITS, parseOrThrow, phoneNumber, recordId } from './schema';

/** Who a community pairs with (手拉手 结对共建), with the labels the UI shows. */
export const PARTNER_KINDS = {
	'district-unit': { zh: '区直单位', en: 'District unit' },
	'property-company': { zh: '物业公司', en: 'Property company' },
	'retired-cadres': { zh: '离退休干部', en: 'Retired cadres' },
	enterprise: { zh: '企业', en: 'Enterprise' },
	school: { zh: '学校', en: 'School' },
	other: { zh: '其他', en: 'Other' }
} as const;
export type PartnerKind = keyof typeof PARTNER_KINDS;
const kinds = Object.keys(PARTNER_KINDS) as [PartnerKind, ...PartnerKind[]];

export const PAIRING_LIMITS = { contacts: 20, representatives: 20, userId: 64 } as const;

const epochMs = z.number().int('must be a whole number').min(0, 'must not be negative');
const userId = z.string().min(1, 'must not be empty').max(PAIRING_LIMITS.userId);
const contact = z.object({
	name: z.string().trim().min(1, 'must not be empty').max(LIMITS.name),
	phone: phoneNumber.default(''),
	role: z.string().trim().max(LIMITS.name).default('')
});
export type Contact = z.infer<typeof contact>;
export type ContactInput = z.input<typeof contact>;

const pairingFields = z.object({
	partner: z.string().trim().min(1, 'must not be empty').max(LIMITS.name),
	kind: z.enum(kinds),
	signedAt: epochMs,
	termStart: epochMs,
	termEnd: epochMs
});
const termInOrder = { message: 'must not be before the start', path: ['termEnd'] };
export const newPairingInput = pairingFields
	.partial({ kind: true })
	.extend({
		id: recordId.optional(),
		contacts: z.array(contact).max(PAIRING_LIMITS.contacts).optional(),
		representatives: z.array(userId).max(PAIRING_LIMITS.representatives).optional()
	})
	.refine((p) => p.termEnd >= p.termStart, termInOrder);
export type NewPairingInput = z.input<typeof newPairingInput>;
export const pairingPatch = pairingFields.partial();
export type PairingPatch = z.input<typeof pairingPatch>;

/** A 手拉手 agreement's header; its commitments live in the pairing's own document. */
export interface Pairing extends Stamp {
	id: string;
	partner: string;
	kind: PartnerKind;
	contacts: Contact[];
	/** Accounts (role `partner`) that speak for the partner unit and report on this agreement. */
	representatives: string[];
	signedAt: number;
	termStart: number;
	termEnd: number;
	problems: string[];
}

function pairings(doc: Y.Doc): Y.Map<unknown> {
	return collection(doc, 'pairings');
}

function readPairing(id: string, map: Y.Map<unknown>): Pairing {
	const r = new FieldReader(map, `pairings.${id}`);
	const kind = r.string('kind', 'other');
	if (!(kind in PARTNER_KINDS)) r.problems.push(`pairings.${id}.kind ${kind} is unknown`);
	return {
		id,
		partner: r.string('partner'),
		kind: kind in PARTNER_KINDS ? (kind as PartnerKind) : 'other',
		contacts: r.entries('contacts', contact),
		representatives: r.stringSet('representatives'),
		signedAt: r.number('signedAt'),
		termStart: r.number('termStart'),
		termEnd: r.number('termEnd'),
		...readStamp(r),
		problems: r.problems
	};
}

/** Agreements by partner name, then id. */
export function listPairings(doc: Y.Doc, options: ListOptions = {}): Pairing[] {
	return listRecords(pairings(doc), 'pairings', readPairing, options, naturalOrder((p) => p.partner));
}

export function getPairing(doc: Y.Doc, id: string): Pairing | null {
	return getRecord(pairings(doc), id, readPairing);
}

/** Where the agreement's term stands at `now`. */
export function pairingTermAt(pairing: Pairing, now: number): 'upcoming' | 'active' | 'ended' {
	return now < pairing.termStart ? 'upcoming' : now > pairing.termEnd ? 'ended' : 'active';
}

export function addPairing(doc: Y.Doc, input: NewPairingInput, options: WriteOptions = {}): string {
	const { id = newId(), contacts, representatives, ...fields } = parseOrThrow(newPairingInput, input, 'pairing');
	doc.transact(() => {
		createRecord(
			pairings(doc),
			id,
			{ kind: 'other', ...fields, contacts: contacts ?? [], representatives: [...new Set(representatives)] },
			writeContext(options),
			'pairing'
		);
	});
	return id;
}

export function updatePairing(doc: Y.Doc, id: string, patch: PairingPatch, options: WriteOptions = {}): void {
	const fields = parseOrThrow(pairingPatch.strict(), patch, 'pairing');
	const map = recordOf(pairings(doc), id, 'pairing');
	const current = readPairing(id, map);
	if ((fields.termEnd ?? current.termEnd) < (fields.termStart ?? current.termStart)) {
		throw new ModelError('invalid', `pairing termEnd: ${termInOrder.message}`, 'termEnd');
	}
	setFields(map, fields, writeContext(options));
}

/** An ended or mistaken agreement is archived; its document of commitments stays readable. */
export function archivePairing(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(pairings(doc), id, 'pairing'), true, writeContext(options));
}

export function restorePairing(doc: Y.Doc, id: string, options: WriteOptions = {}): void {
	setArchived(recordOf(pairings(doc), id, 'pairing'), false, writeContext(options));
}

/** An insert, so contacts added on two devices offline are both kept. */
export function addPairingContact(doc: Y.Doc, id: string, input: ContactInput): void {
	const value = parseOrThrow(contact.strict(), input, 'contact');
	const map = recordOf(pairings(doc), id, 'pairing');
	if (readPairing(id, map).contacts.length >= PAIRING_LIMITS.contacts) {
		throw new ModelError('invalid', 'pairing contacts: too many for one agreement', 'contacts');
	}
	doc.transact(() => nestedArray(map, 'contacts', 'pairing').push([value]));
}

/** Removes every contact with this name and phone (the same person may have been added twice). */
export function removePairingContact(doc: Y.Doc, id: string, input: Pick<ContactInput, 'name' | 'phone'>): void {
	const value = parseOrThrow(contact.pick({ name: true, phone: true }).strict(), input, 'contact');
	const map = recordOf(pairings(doc), id, 'pairing');
	const same = (entry: unknown) => {
		const item = contact.safeParse(entry);
		return item.success && item.data.name === value.name && item.data.phone === value.phone;
	};
	doc.transact(() => removeEntries(map, 'contacts', same));
}

/** The agreements `userId` represents the partner of (all a partner account is shown); every one when no user is named. */
export function pairingsRepresentedBy(list: Pairing[], userId: string | undefined): Pairing[] {
	return userId === undefined ? list : list.filter((p) => p.representatives.includes(userId));
}

/** An insert, so two managers linking accounts offline both keep theirs. */
export function addPairingRepresentative(doc: Y.Doc, id: string, user: string): void {
	const value = parseOrThrow(z.object({ representatives: userId }), { representatives: user }, 'pairing');
	const map = recordOf(pairings(doc), id, 'pairing');
	const current = readPairing(id, map).representatives;
	if (current.includes(value.representatives)) return;
	if (current.length >= PAIRING_LIMITS.representatives) {
		throw new ModelError('invalid', 'pairing representatives: too many for one agreement', 'representatives');
	}
	doc.transact(() => addToList(map, 'representatives', value.representatives));
}

export function removePairingRepresentative(doc: Y.Doc, id: string, user: string): void {
	const map = recordOf(pairings(doc), id, 'pairing');
	doc.transact(() => removeFromList(map, 'representatives', user));
}

/** Writes the header in the root; the commitments go to the pairing's own document. */
export async function createPairingIn(community: Community, input: NewPairingInput): Promise<string> {
	return addPairing(await community.root(), input, community.context());
}
