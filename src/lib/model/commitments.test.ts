import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addCommitment,
	addCommitmentIn,
	archiveCommitment,
	commitmentHistory,
	getCommitment,
	isOverdue,
	latestPercent,
	listCommitments,
	pairingsOverviewIn,
	postProgress,
	postProgressIn,
	restoreCommitment,
	summarise,
	updateCommitment
} from './commitments';
import { collection } from './community';
import { addPairing, archivePairing } from './pairings';
import { expectRefused, replicaOf, sampleWorkspace, send, stateOf, syncAll } from './test-helpers';

const DAY = 86_400_000;
const DUE = Date.UTC(2026, 8, 30);
const repair = { text: '为第1网格修缮路灯20盏', side: 'partner', owner: '住建局刘科长', due: DUE } as const;

function agreementDoc() {
	const doc = new Y.Doc();
	const id = addCommitment(doc, repair, { at: 1, by: 'u-sec' });
	return { doc, id };
}

describe('addCommitment and updateCommitment', () => {
	it('writes a commitment with an empty progress log', () => {
		const { doc, id } = agreementDoc();
		expect(getCommitment(doc, id)).toEqual({
			id,
			...repair,
			progress: [],
			percent: 0,
			done: false,
			archived: false,
			createdAt: 1,
			createdBy: 'u-sec',
			problems: []
		});
		updateCommitment(doc, id, { due: DUE + DAY, owner: '' }, { at: 5, by: 'u-sec' });
		expect(getCommitment(doc, id)).toMatchObject({ due: DUE + DAY, owner: '', text: repair.text });
		expect(commitmentHistory(doc, id).map((c) => [c.field, c.previous, c.value, c.by])).toEqual([
			['owner', repair.owner, '', 'u-sec'],
			['due', DUE, DUE + DAY, 'u-sec']
		]);
	});

	it.each([
		['an empty text', { ...repair, text: '' }, 'text'],
		['an unknown side', { ...repair, side: 'both' }, 'side'],
		['no due date', { ...repair, due: undefined }, 'due']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const { doc } = agreementDoc();
		expect(expectRefused(doc, () => addCommitment(doc, input as never)).field).toBe(field);
	});

	it('refuses a bad patch or an unknown commitment, writing nothing', () => {
		const { doc, id } = agreementDoc();
		expect(expectRefused(doc, () => updateCommitment(doc, id, { progress: [] } as never)).field).toBe('progress');
		expect(expectRefused(doc, () => updateCommitment(doc, 'nope', { text: 'x' })).code).toBe('not-found');
	});
});

describe('progress and fulfilment', () => {
	it('takes the latest update by writer time, then id; done at 100', () => {
		const { doc, id } = agreementDoc();
		postProgress(doc, id, { percent: 60, note: '已修8盏' }, { at: 300, by: 'u-partner' });
		postProgress(doc, id, { percent: 30, note: '补记：上月进度' }, { at: 100, by: 'u-sec' });
		expect(getCommitment(doc, id)).toMatchObject({ percent: 60, done: false });
		expect(getCommitment(doc, id)?.progress.map((p) => p.percent)).toEqual([30, 60]);
		postProgress(doc, id, { percent: 100, note: '全部完工', photo: 'att-123' }, { at: 400 });
		expect(getCommitment(doc, id)).toMatchObject({ percent: 100, done: true });
		expect(getCommitment(doc, id)?.progress[2]).toMatchObject({ photo: 'att-123', note: '全部完工' });
		expect(latestPercent([])).toBe(0);
		expect(
			latestPercent([
				{ id: 'b', at: 5, by: '', percent: 40, note: '' },
				{ id: 'a', at: 5, by: '', percent: 90, note: '' }
			])
		).toBe(40);
	});

	it('is overdue past the due date unless done', () => {
		const { doc, id } = agreementDoc();
		const read = () => getCommitment(doc, id)!;
		expect(isOverdue(read(), DUE)).toBe(false);
		expect(isOverdue(read(), DUE + 1)).toBe(true);
		postProgress(doc, id, { percent: 100 }, { at: DUE + 5 });
		expect(isOverdue(read(), DUE + 10)).toBe(false);
	});

	it('summarises an agreement, leaving out archived commitments', () => {
		const { doc, id } = agreementDoc();
		const other = addCommitment(doc, { text: '组织党员到社区报到', side: 'community', due: DUE + 30 * DAY });
		const dropped = addCommitment(doc, { text: '作废', side: 'community', due: 0 });
		postProgress(doc, id, { percent: 100 });
		postProgress(doc, other, { percent: 50 });
		archiveCommitment(doc, dropped);
		const list = listCommitments(doc, { includeArchived: true });
		expect(summarise(list, DUE + 31 * DAY)).toEqual({ total: 2, done: 1, averagePercent: 75, overdue: 1 });
		expect(summarise(list, DUE)).toMatchObject({ overdue: 0 });
		expect(summarise([], DUE)).toEqual({ total: 0, done: 0, averagePercent: 0, overdue: 0 });
		restoreCommitment(doc, dropped);
		expect(summarise(listCommitments(doc), DUE)).toMatchObject({ total: 3, overdue: 1 });
	});

	it.each([
		['more than 100', { percent: 101 }, 'percent'],
		['a fraction', { percent: 33.3 }, 'percent'],
		['a negative percent', { percent: -1 }, 'percent'],
		['an over-long note', { percent: 5, note: 'x'.repeat(501) }, 'note'],
		['an unknown field', { percent: 5, image: 'x' }, 'image']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const { doc, id } = agreementDoc();
		expect(expectRefused(doc, () => postProgress(doc, id, input as never)).field).toBe(field);
	});

	it('refuses progress on an archived commitment', () => {
		const { doc, id } = agreementDoc();
		archiveCommitment(doc, id);
		expect(expectRefused(doc, () => postProgress(doc, id, { percent: 10 })).field).toBe('archived');
	});

	it('keeps two offline posts and derives the same percent on both sides', () => {
		const { doc: community, id } = agreementDoc();
		const partner = replicaOf(community);
		postProgress(community, id, { percent: 40, note: '社区核实' }, { at: 500, by: 'u-sec' });
		postProgress(partner, id, { percent: 70, note: '单位上报' }, { at: 600, by: 'u-partner' });
		syncAll(community, partner);
		for (const doc of [community, partner]) {
			expect(getCommitment(doc, id)?.progress.map((p) => p.note)).toEqual(['社区核实', '单位上报']);
			expect(getCommitment(doc, id)?.percent).toBe(70);
		}
	});

	it('derives the same percent on every replica whatever the order updates arrive in (property)', () => {
		const post = fc.record({
			replica: fc.nat(2),
			percent: fc.integer({ min: 0, max: 100 }),
			at: fc.integer({ min: 0, max: 5 })
		});
		fc.assert(
			fc.property(fc.array(post, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(2), fc.nat(2))), (posts, exchanges) => {
				const { doc, id } = agreementDoc();
				const replicas = [doc, replicaOf(doc), replicaOf(doc)];
				for (const { replica, percent, at } of posts) postProgress(replicas[replica], id, { percent }, { at });
				for (const [from, to] of exchanges) if (from !== to) send(replicas[from], replicas[to]);
				syncAll(...replicas);
				const read = replicas.map((r) => getCommitment(r, id)!);
				expect(read[0].progress).toHaveLength(posts.length);
				expect(read[1]).toEqual(read[0]);
				expect(read[2]).toEqual(read[0]);
				const latest = Math.max(-1, ...posts.map((p) => p.at));
				const candidates = posts.filter((p) => p.at === latest).map((p) => p.percent);
				expect(candidates.length ? candidates : [0]).toContain(read[0].percent);
			})
		);
	});
});

describe('reading foreign content', () => {
	it('reports broken fields and progress entries and shows the rest', () => {
		const { doc, id } = agreementDoc();
		postProgress(doc, id, { percent: 20 }, { at: 1 });
		const raw = collection(doc, 'commitments').get(id) as Y.Map<unknown>;
		(raw.get('progress') as Y.Array<unknown>).push([{ percent: '100%' }]);
		raw.set('side', 'them');
		raw.set('due', null);
		const read = getCommitment(doc, id)!;
		expect(read).toMatchObject({ text: repair.text, side: 'community', percent: 20, due: 0 });
		expect(read.problems).toEqual([
			`commitments.${id}.side them is unknown`,
			`commitments.${id}.progress holds an unreadable entry`,
			`commitments.${id}.due should be a number`
		]);
	});
});

describe('over a Community', () => {
	async function setup() {
		const { source, community, root } = await sampleWorkspace('u-partner', DUE + DAY);
		const agreement = { partner: '住建局', signedAt: 0, termStart: 0, termEnd: DUE };
		addPairing(root, { ...agreement, id: 'p-live' });
		addPairing(root, { ...agreement, partner: '已解除', id: 'p-ended' });
		archivePairing(root, 'p-ended');
		return { source, community };
	}

	it('writes commitments and progress in the pairing document and summarises every pairing', async () => {
		const { community } = await setup();
		const lamps = await addCommitmentIn(community, 'p-live', repair);
		const visits = await addCommitmentIn(community, 'p-live', { ...repair, text: '每月走访一次', due: DUE + 90 * DAY });
		const posted = await postProgressIn(community, 'p-live', lamps, { percent: 80, note: '已修16盏' });
		const doc = await community.pairing('p-live');
		expect(getCommitment(doc, lamps)?.progress).toEqual([
			{ id: posted, at: DUE + DAY, by: 'u-partner', percent: 80, note: '已修16盏' }
		]);
		const overview = await pairingsOverviewIn(community);
		expect(overview.map((o) => o.pairing.id)).toEqual(['p-live']);
		expect(overview[0].commitments.map((c) => c.id)).toEqual([lamps, visits]);
		expect(overview[0].summary).toEqual({ total: 2, done: 0, averagePercent: 40, overdue: 1 });
		expect((await pairingsOverviewIn(community, DUE))[0].summary.overdue).toBe(0);
	});

	it("gives a partner's overview only its own agreements, without opening the others' documents", async () => {
		const { source, community } = await setup();
		const root = await community.root();
		addPairing(root, { partner: '恒安物业', signedAt: 0, termStart: 0, termEnd: DUE, id: 'p-heng', representatives: ['u-heng'] });
		expect((await pairingsOverviewIn(community, DUE, { representedBy: 'u-heng' })).map((o) => o.pairing.id)).toEqual(['p-heng']);
		expect([...source.docs.keys()].filter((name) => name.includes(':pairing:'))).toEqual(['community:xinrong-1:pairing:p-heng']);
		expect(await pairingsOverviewIn(community, DUE, { representedBy: 'u-nobody' })).toEqual([]);
		const all = await pairingsOverviewIn(community, DUE, { includeArchived: true });
		expect(all.map((o) => o.pairing.id).sort()).toEqual(['p-ended', 'p-heng', 'p-live']);
	});

	it('refuses an unknown or archived pairing, writing nothing anywhere', async () => {
		const { source, community } = await setup();
		const states = () => [...source.docs].map(([name, doc]) => [name, stateOf(doc)]);
		const before = states();
		await expect(addCommitmentIn(community, 'p-none', repair)).rejects.toMatchObject({ code: 'not-found' });
		await expect(addCommitmentIn(community, 'p-ended', repair)).rejects.toMatchObject({ field: 'archived' });
		await expect(postProgressIn(community, 'p-ended', 'c', { percent: 1 })).rejects.toMatchObject({ field: 'archived' });
		expect(states()).toEqual(before);
	});
});
