import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from './community';
import { ModelError } from './errors';
import { Community, MemoryDocumentSource } from './family';
import {
	addPairing,
	addPairingContact,
	addPairingRepresentative,
	pairingsRepresentedBy,
	removePairingRepresentative,
	archivePairing,
	createPairingIn,
	getPairing,
	listPairings,
	pairingTermAt,
	removePairingContact,
	restorePairing,
	updatePairing
} from './pairings';
import { expectRefused, replicaOf, sampleCommunity, syncAll } from './test-helpers';

const JAN_1 = Date.UTC(2026, 0, 1);
const YEAR = 365 * 86_400_000;
const agreement = {
	partner: '新荣区住建局',
	kind: 'district-unit' as const,
	signedAt: JAN_1 - 86_400_000,
	termStart: JAN_1,
	termEnd: JAN_1 + YEAR,
	contacts: [{ name: '刘科长', phone: '0352-6012345', role: '联络人' }]
};

function withPairing() {
	const doc = sampleCommunity();
	const id = addPairing(doc, { ...agreement, id: 'p-zhujian' }, { at: 3, by: 'u-sec' });
	return { doc, id };
}

describe('addPairing', () => {
	it('writes the header with its contacts', () => {
		const { doc, id } = withPairing();
		expect(getPairing(doc, id)).toEqual({
			id: 'p-zhujian',
			partner: '新荣区住建局',
			kind: 'district-unit',
			contacts: [{ name: '刘科长', phone: '0352-6012345', role: '联络人' }],
			representatives: [],
			signedAt: JAN_1 - 86_400_000,
			termStart: JAN_1,
			termEnd: JAN_1 + YEAR,
			archived: false,
			createdAt: 3,
			createdBy: 'u-sec',
			problems: []
		});
		const other = addPairing(doc, { partner: '老干部之家', signedAt: 0, termStart: 0, termEnd: 0 });
		expect(getPairing(doc, other)).toMatchObject({ kind: 'other', contacts: [] });
	});

	it.each([
		['a term ending before it starts', { ...agreement, termEnd: JAN_1 - 1 }, 'termEnd'],
		['an unknown kind', { ...agreement, kind: 'ngo' }, 'kind'],
		['an empty partner', { ...agreement, partner: '' }, 'partner'],
		['a contact with a bad phone', { ...agreement, contacts: [{ name: '刘', phone: 'call me' }] }, 'contacts.0.phone'],
		['a negative date', { ...agreement, signedAt: -1 }, 'signedAt']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const { doc } = withPairing();
		expect(expectRefused(doc, () => addPairing(doc, input as never)).field).toBe(field);
	});

	it('refuses an id already taken', () => {
		const { doc } = withPairing();
		expect(expectRefused(doc, () => addPairing(doc, { ...agreement, id: 'p-zhujian' })).field).toBe('id');
	});
});

describe('updatePairing', () => {
	it('sets the given fields and checks the term against what is stored', () => {
		const { doc, id } = withPairing();
		updatePairing(doc, id, { termEnd: JAN_1 + 2 * YEAR, kind: 'enterprise' });
		expect(getPairing(doc, id)).toMatchObject({ termEnd: JAN_1 + 2 * YEAR, kind: 'enterprise', partner: '新荣区住建局' });
		expect(expectRefused(doc, () => updatePairing(doc, id, { termStart: JAN_1 + 3 * YEAR })).field).toBe('termEnd');
		expect(expectRefused(doc, () => updatePairing(doc, id, { contacts: [] } as never)).field).toBe('contacts');
		expect(expectRefused(doc, () => updatePairing(doc, 'nope', { partner: 'x' })).code).toBe('not-found');
	});
});

describe('archive and term', () => {
	it('archives and restores, keeping an offline edit made meanwhile', () => {
		const { doc: here, id } = withPairing();
		const there = replicaOf(here);
		archivePairing(here, id);
		updatePairing(there, id, { partner: '新荣区住房和城乡建设局' });
		syncAll(here, there);
		expect(listPairings(here)).toEqual([]);
		restorePairing(there, id);
		syncAll(here, there);
		for (const doc of [here, there]) {
			expect(listPairings(doc).map((p) => [p.id, p.partner])).toEqual([[id, '新荣区住房和城乡建设局']]);
		}
	});

	it('says where the term stands at a given time', () => {
		const { doc, id } = withPairing();
		const pairing = getPairing(doc, id)!;
		expect(pairingTermAt(pairing, JAN_1 - 1)).toBe('upcoming');
		expect(pairingTermAt(pairing, JAN_1)).toBe('active');
		expect(pairingTermAt(pairing, JAN_1 + YEAR)).toBe('active');
		expect(pairingTermAt(pairing, JAN_1 + YEAR + 1)).toBe('ended');
	});
});

describe('contacts', () => {
	it('keeps contacts added on two devices offline and removes one by name and phone', () => {
		const { doc: a, id } = withPairing();
		const b = replicaOf(a);
		addPairingContact(a, id, { name: '王主任', phone: '13800000001', role: '分管领导' });
		addPairingContact(b, id, { name: '赵干事' });
		syncAll(a, b);
		expect(getPairing(a, id)?.contacts.map((c) => c.name).sort()).toEqual(['刘科长', '王主任', '赵干事'].sort());
		expect(getPairing(b, id)?.contacts).toEqual(getPairing(a, id)?.contacts);

		removePairingContact(b, id, { name: '刘科长', phone: '0352-6012345' });
		syncAll(a, b);
		expect(getPairing(a, id)?.contacts.map((c) => c.name).sort()).toEqual(['王主任', '赵干事'].sort());
	});

	it('refuses a bad contact, writing nothing', () => {
		const { doc, id } = withPairing();
		expect(expectRefused(doc, () => addPairingContact(doc, id, { name: '' })).field).toBe('name');
		expect(expectRefused(doc, () => addPairingContact(doc, id, { name: '钱', email: 'x' } as never)).field).toBe('email');
		for (let i = 1; i < 20; i++) addPairingContact(doc, id, { name: `c${i}` });
		expect(expectRefused(doc, () => addPairingContact(doc, id, { name: 'one more' })).field).toBe('contacts');
	});
});

describe('reading foreign content', () => {
	it('reports broken fields and entries and shows the rest', () => {
		const { doc, id } = withPairing();
		const raw = collection(doc, 'pairings').get(id) as Y.Map<unknown>;
		raw.set('kind', 'club');
		raw.set('termEnd', 'next year');
		(raw.get('contacts') as Y.Array<unknown>).push([{ phone: '13800000000' }]);
		const pairing = getPairing(doc, id)!;
		expect(pairing).toMatchObject({ partner: '新荣区住建局', kind: 'other', termEnd: 0, contacts: [agreement.contacts[0]] });
		expect(pairing.problems).toEqual([
			`pairings.${id}.kind club is unknown`,
			`pairings.${id}.contacts holds an unreadable entry`,
			`pairings.${id}.termEnd should be a number`
		]);
	});
});

describe('over a Community', () => {
	it('writes the header into the root with the actor stamped', async () => {
		const community = new Community('xinrong-1', new MemoryDocumentSource(), { userId: 'u-sec', now: () => JAN_1 });
		const id = await createPairingIn(community, agreement);
		expect(getPairing(await community.root(), id)).toMatchObject({ partner: '新荣区住建局', createdAt: JAN_1, createdBy: 'u-sec' });
		await expect(createPairingIn(community, { ...agreement, partner: ' ' })).rejects.toBeInstanceOf(ModelError);
	});
});

describe('representatives', () => {
	it('links partner accounts to an agreement as a set, and lists what an account represents', () => {
		const { doc, id } = withPairing();
		const other = addPairing(doc, { ...agreement, partner: '恒安物业', representatives: ['u-heng', 'u-heng'] });
		addPairingRepresentative(doc, id, 'u-zhujian');
		addPairingRepresentative(doc, id, 'u-zhujian');
		expect(getPairing(doc, id)?.representatives).toEqual(['u-zhujian']);
		expect(getPairing(doc, other)?.representatives).toEqual(['u-heng']);
		expect(pairingsRepresentedBy(listPairings(doc), 'u-heng').map((p) => p.id)).toEqual([other]);
		expect(pairingsRepresentedBy(listPairings(doc), 'u-nobody')).toEqual([]);
		removePairingRepresentative(doc, id, 'u-zhujian');
		expect(getPairing(doc, id)?.representatives).toEqual([]);
	});

	it('keeps two managers linking accounts offline, and a link made while another removes it', () => {
		const { doc, id } = withPairing();
		addPairingRepresentative(doc, id, 'u-a');
		const phone = replicaOf(doc);
		addPairingRepresentative(doc, id, 'u-b');
		removePairingRepresentative(phone, id, 'u-a');
		addPairingRepresentative(phone, id, 'u-c');
		syncAll(doc, phone);
		expect(getPairing(doc, id)?.representatives.sort()).toEqual(['u-b', 'u-c']);
		expect(getPairing(phone, id)?.representatives.sort()).toEqual(['u-b', 'u-c']);
	});

	it('refuses an empty account id', () => {
		const { doc, id } = withPairing();
		expect(expectRefused(doc, () => addPairingRepresentative(doc, id, ''))).toMatchObject({ code: 'invalid', field: 'representatives' });
	});
});
