import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { raiseCase } from './cases';
import { addGrid } from './grids';
import { careCountOf, setCareCount } from './careCounts';
import { grantCareAccess } from './careTeam';
import { addHealthFile } from './healthFiles';
import { addHousehold, getHousehold } from './households';
import { requestSickbed } from './sickbed';
import { logVisit } from './visits';
import { addDecision, addMeeting, updateDecision } from './meetings';
import { markReviewed, minutesBody, restoreVersion, takeVersion } from './minutes';
import { setUpCommunity } from './setup';
import { stateOf } from './test-helpers';
import { MissingContentError, touchesOf, UnreadableUpdateError } from './touches';
import { STORAGE_LIMITS, storageProblem } from './validation';
import type { DocumentKind } from './documents';

/** A root with a grid, and a month with a case. */
function docs() {
	const root = new Y.Doc();
	setUpCommunity(root, { id: 'a', name: '文苑社区' });
	addGrid(root, { id: 'g1', name: '第1网格', households: 300 });
	const period = new Y.Doc();
	const caseId = raiseCase({ root, period }, { grid: 'g1', title: '井盖缺失', level: 'ordinary' }, { by: 'u1' });
	return { root, period, caseId };
}

/** The problems of what `write` does to a copy of `doc`, as the relay would judge the update. */
function problemsOf(kind: DocumentKind, doc: Y.Doc, write: (copy: Y.Doc) => void): string[] {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, stateOf(doc));
	const before = Y.encodeStateVector(copy);
	write(copy);
	return touchesOf(doc, Y.encodeStateAsUpdate(copy, before)).flatMap((t) => storageProblem(kind, t) ?? []);
}

const caseOf = (doc: Y.Doc, id: string) => (doc.getMap('cases').get(id) as Y.Map<unknown>);

describe('the storage contract', () => {
	it('accepts what the model writes', () => {
		const { root, period } = docs();
		expect(problemsOf('period', period, (d) => raiseCase({ root, period: d }, { grid: 'g1', title: '路灯', level: 'major' }, { by: 'u1' }))).toEqual([]);
	});

	it('refuses unknown top-level names, unknown fields and values of the wrong type', () => {
		const { root, period, caseId } = docs();
		expect(problemsOf('root', root, (d) => d.getMap('secrets').set('x', 1))).toEqual(['unknown top-level name "secrets" in a root document']);
		expect(problemsOf('period', period, (d) => caseOf(d, caseId).set('bribe', 100))).toEqual([`unknown field "bribe" in cases.${caseId}`]);
		expect(problemsOf('period', period, (d) => caseOf(d, caseId).set('title', 42))).toEqual([
			`cases.${caseId}.title: Invalid input: expected string, received number`
		]);
		// Replacing the log with a map also throws the log's entries away.
		expect(problemsOf('period', period, (d) => caseOf(d, caseId).set('events', new Y.Map()))).toEqual([
			`cases.${caseId}.events: must be a array`,
			`cases.${caseId}.events is append-only: nothing may be removed`
		]);
		expect(problemsOf('period', period, (d) => (caseOf(d, caseId).get('events') as Y.Array<unknown>).push([{ type: 'bribed' }]))).toHaveLength(1);
	});

	it('holds the care records and the care team to their shape', () => {
		const care = new Y.Doc();
		const everything = (d: Y.Doc) => {
			const household = addHousehold(d, { building: '3号楼', door: '502', livingAlone: true, visitEveryDays: 14, members: [{ name: '赵某', ageBand: '80+' }] }, { by: 'u1' });
			const member = getHousehold(d, household)!.members[0].id;
			addHealthFile(d, { household, member, conditions: '高血压', emergencyPhone: '13900000001' }, { by: 'u1' });
			const request = requestSickbed(d, { household, member, reason: '卧床', requestedAt: 1 }, { by: 'u1' });
			logVisit(d, { household, kind: 'sickbed', request, at: 2, done: '换药', followUp: '下周复诊' }, { by: 'u1' });
		};
		expect(problemsOf('care', care, everything)).toEqual([]);
		everything(care);
		const id = [...care.getMap('households').keys()][0];
		// Refusals are logged: in a private document they name the contract's fields, never ids or keys a writer chose.
		expect(problemsOf('care', care, (d) => (d.getMap('households').get(id) as Y.Map<unknown>).set('赵某某', '1'))).toEqual([
			'unknown field "*" in households.*'
		]);
		expect(problemsOf('care', care, (d) => (d.getMap('households').get(id) as Y.Map<unknown>).set('note', '赵'.repeat(501)))).toEqual([
			'households.*.note: Too big: expected string to have <=500 characters'
		]);
		expect(problemsOf('care', care, (d) => d.getMap('钱某').set('x', 1))).toEqual(['unknown top-level name "*" in a care document']);
		expect(problemsOf('private', new Y.Doc(), (d) => grantCareAccess(d, { userId: 'u-doc', grid: 'g1' }, { by: 'sec' }))).toEqual([]);
		expect(problemsOf('private', new Y.Doc(), (d) => d.getMap('residents').set('x', {}))).toEqual(['unknown top-level name "*" in a private document']);
		expect(problemsOf('root', docs().root, (d) => setCareCount(d, 'g1', careCountOf(care, 1)))).toEqual([]);
		expect(problemsOf('root', docs().root, (d) => d.getMap('careCounts').set('g1', { households: '赵某' }))).toHaveLength(1);
	});

	it('refuses oversized values', () => {
		const { period, caseId } = docs();
		const huge = '大'.repeat(STORAGE_LIMITS.string + 1);
		expect(problemsOf('period', period, (d) => caseOf(d, caseId).set('description', huge))).toEqual([
			`cases.${caseId}.description: Too big: expected string to have <=2000 characters`
		]);
		const note = 'x'.repeat(STORAGE_LIMITS.valueBytes);
		expect(problemsOf('period', period, (d) => (caseOf(d, caseId).get('history') as Y.Array<unknown>).push([{ field: 'title', value: note, previous: '', by: 'u1', at: 1 }]))).toEqual([
			`cases.${caseId}.history: is too large`
		]);
	});

	it('refuses removing from a log or deleting a record; replacing a field is fine', () => {
		const { period, caseId } = docs();
		expect(problemsOf('period', period, (d) => (caseOf(d, caseId).get('events') as Y.Array<unknown>).delete(0, 1))).toEqual([
			`cases.${caseId}.events is append-only: nothing may be removed`
		]);
		expect(problemsOf('period', period, (d) => d.getMap('cases').delete(caseId))).toContain(`cases.${caseId}: records are archived, never deleted`);
		expect(problemsOf('period', period, (d) => caseOf(d, caseId).set('title', '井盖已补'))).toEqual([]);
	});

	it('cannot place an update that builds on content it does not have, nor read garbage', () => {
		const { period, caseId } = docs();
		const writer = new Y.Doc();
		Y.applyUpdate(writer, stateOf(period));
		caseOf(writer, caseId).set('location', '东门');
		const first = Y.encodeStateAsUpdate(writer, Y.encodeStateVector(period));
		const between = Y.encodeStateVector(writer);
		caseOf(writer, caseId).set('location', '西门');
		const second = Y.encodeStateAsUpdate(writer, between);
		// The second overwrites content of the first, which the relay has not seen.
		expect(() => touchesOf(period, second)).toThrow(MissingContentError);
		expect(touchesOf(period, first).map((t) => [t.op, t.path.join('.'), t.key])).toEqual([
			['insert', `cases.${caseId}`, 'location'],
			['delete', `cases.${caseId}`, 'location']
		]);
		expect(() => touchesOf(period, new Uint8Array([1, 2, 3, 250]))).toThrow(UnreadableUpdateError);
	});

	it('knows the minutes: reviews, the restore record, decision kinds and state, the decision mark', () => {
		const { root } = docs();
		const meetingId = addMeeting(root, { title: '停车位议事会', date: 1 }, { by: 'u1' });
		const meeting = new Y.Doc();
		minutesBody(meeting).insert(0, [new Y.XmlText('物业两周内完成充电桩选址')]);
		const version = takeVersion(meeting, { name: '定稿' }, { by: 'u1' });
		expect(problemsOf('meeting', meeting, (d) => markReviewed(d, version, { by: 'u2' }))).toEqual([]);
		expect(problemsOf('meeting', meeting, (d) => restoreVersion(d, version, { name: '恢复前' }, { by: 'u1' }))).toEqual([]);
		expect(problemsOf('root', root, (d) => addDecision(d, meetingId, { kind: 'action', text: '选址' }, { by: 'u1' }))).toEqual([]);
		const decision = addDecision(root, meetingId, { kind: 'action', text: '选址' }, { by: 'u1' });
		expect(problemsOf('root', root, (d) => updateDecision(d, meetingId, decision, { done: true }, { by: 'u1' }))).toEqual([]);
		const mark = (value: unknown) => (d: Y.Doc) => (minutesBody(d).get(0) as Y.XmlText).format(0, 4, { decision: value, bold: {} });
		expect(problemsOf('meeting', meeting, mark({ id: decision }))).toEqual([]);
		expect(problemsOf('meeting', meeting, mark(null))).toEqual([]);

		const decisionMap = (d: Y.Doc) =>
			((d.getMap('meetings').get(meetingId) as Y.Map<unknown>).get('decisions') as Y.Map<Y.Map<unknown>>).get(decision)!;
		expect(problemsOf('root', root, (d) => decisionMap(d).set('kind', 'wish'))).toHaveLength(1);
		expect(problemsOf('root', root, (d) => decisionMap(d).set('done', 'yes'))).toEqual([
			`meetings.${meetingId}.decisions.${decision}.done: Invalid input: expected boolean, received string`
		]);
		expect(problemsOf('meeting', meeting, (d) => d.getMap('reviews').set('x', { version, by: 'u2', at: 'now' }))).toHaveLength(1);
		expect(problemsOf('meeting', meeting, (d) => d.getMap('reviews').set('x', new Y.Map()))).toEqual(['reviews.x: must be a plain value']);
		expect(problemsOf('meeting', meeting, (d) => (d.getMap('versions').get(version) as Y.Map<unknown>).set('restores', 'x'.repeat(65)))).toHaveLength(1);
		expect(problemsOf('meeting', meeting, mark({ id: decision, script: '<img>' }))).toHaveLength(1);
		expect(problemsOf('meeting', meeting, mark('x'))).toEqual(['body mark decision: Invalid input: expected object, received string']);
		expect(problemsOf('meeting', meeting, (d) => (minutesBody(d).get(0) as Y.XmlText).format(0, 1, { color: 'x'.repeat(STORAGE_LIMITS.valueBytes) }))).toEqual([
			'body mark color: is too large'
		]);
	});
});
