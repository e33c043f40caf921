import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	SCHEMA_VERSION,
	collection,
	initCommunity,
	isInitialised,
	migrate,
	readMeta,
	renameCommunity
} from './community';
import { LIMITS } from './schema';
import { expectRefused, recordUpdates, replicaOf, stateOf, syncAll } from './test-helpers';

describe('initCommunity', () => {
	it('writes the meta with the current schema version', () => {
		const doc = new Y.Doc();
		expect(isInitialised(doc)).toBe(false);
		initCommunity(doc, { id: 'xinrong-1', name: ' 新荣社区 ', district: '新荣区' });
		expect(isInitialised(doc)).toBe(true);
		expect(readMeta(doc)).toEqual({
			id: 'xinrong-1',
			name: '新荣社区',
			district: '新荣区',
			schemaVersion: SCHEMA_VERSION,
			problems: []
		});
	});

	it('is idempotent: an existing community keeps its meta and nothing is written', () => {
		const doc = new Y.Doc();
		initCommunity(doc, { id: 'xinrong-1', name: '新荣社区' });
		const stop = recordUpdates(doc);
		initCommunity(doc, { id: 'other', name: '别的社区', district: 'x' });
		expect(stop()).toEqual([]);
		expect(readMeta(doc)).toMatchObject({ id: 'xinrong-1', name: '新荣社区', district: '' });
	});

	it.each([
		['an uppercase id', { id: 'Xinrong', name: 'n' }, 'id'],
		['an id with a colon', { id: 'a:private', name: 'n' }, 'id'],
		['an empty id', { id: '', name: 'n' }, 'id'],
		['a numeric id', { id: 7, name: 'n' }, 'id'],
		['a blank name', { id: 'a', name: '  ' }, 'name'],
		['an over-long name', { id: 'a', name: 'n'.repeat(LIMITS.name + 1) }, 'name'],
		['an over-long district', { id: 'a', name: 'n', district: 'd'.repeat(LIMITS.name + 1) }, 'district']
	])('refuses %s, writing nothing', (_label, input, field) => {
		const doc = new Y.Doc();
		const error = expectRefused(doc, () => initCommunity(doc, input as never));
		expect([error.code, error.field]).toEqual(['invalid', field]);
		expect(isInitialised(doc)).toBe(false);
	});
});

describe('renameCommunity', () => {
	it('renames, trimmed', () => {
		const doc = new Y.Doc();
		initCommunity(doc, { id: 'a', name: '旧名' });
		renameCommunity(doc, ' 新名 ');
		expect(readMeta(doc).name).toBe('新名');
	});

	it('refuses a community with no meta', () => {
		const doc = new Y.Doc();
		expect(expectRefused(doc, () => renameCommunity(doc, '新名')).code).toBe('not-initialised');
		expect(isInitialised(doc)).toBe(false);
	});

	it('refuses a blank name, writing nothing', () => {
		const doc = new Y.Doc();
		initCommunity(doc, { id: 'a', name: '旧名' });
		expect(expectRefused(doc, () => renameCommunity(doc, ' ')).field).toBe('name');
	});
});

describe('readMeta', () => {
	it('reads around wrong types and reports them', () => {
		const doc = new Y.Doc();
		const meta = collection(doc, 'meta');
		meta.set('id', 5);
		meta.set('name', '新荣社区');
		meta.set('schemaVersion', '1');
		expect(readMeta(doc)).toEqual({
			id: '',
			name: '新荣社区',
			district: '',
			schemaVersion: 0,
			problems: ['meta.id should be text', 'meta.schemaVersion should be a number']
		});
	});
});

describe('migrate', () => {
	/** A community as written before schemaVersion existed. */
	function legacy(): Y.Doc {
		const doc = new Y.Doc();
		const meta = collection(doc, 'meta');
		meta.set('id', 'old');
		meta.set('name', '老社区');
		return doc;
	}

	it('brings an older document up to the current version', () => {
		for (const version of [undefined, 0, '1', null]) {
			const doc = legacy();
			if (version !== undefined) collection(doc, 'meta').set('schemaVersion', version);
			migrate(doc);
			expect(readMeta(doc)).toMatchObject({ id: 'old', name: '老社区', schemaVersion: SCHEMA_VERSION, problems: [] });
		}
	});

	it('is idempotent and writes nothing the second time', () => {
		const doc = legacy();
		const stopFirst = recordUpdates(doc);
		migrate(doc);
		expect(stopFirst()).toHaveLength(1);
		const before = stateOf(doc);
		const stop = recordUpdates(doc);
		migrate(doc);
		migrate(doc);
		expect(stop()).toEqual([]);
		expect(stateOf(doc)).toEqual(before);
	});

	it('writes nothing to a current document, a newer one, or one with no meta', () => {
		const current = new Y.Doc();
		initCommunity(current, { id: 'a', name: 'n' });
		const newer = new Y.Doc();
		initCommunity(newer, { id: 'b', name: 'n' });
		collection(newer, 'meta').set('schemaVersion', SCHEMA_VERSION + 1);
		const empty = new Y.Doc();

		for (const doc of [current, newer, empty]) {
			const before = stateOf(doc);
			const stop = recordUpdates(doc);
			migrate(doc);
			expect(stop()).toEqual([]);
			expect(stateOf(doc)).toEqual(before);
		}
		expect(readMeta(newer).schemaVersion).toBe(SCHEMA_VERSION + 1);
		expect(isInitialised(empty)).toBe(false);
	});

	it('converges when two replicas migrate the same document concurrently', () => {
		const a = legacy();
		const b = replicaOf(a);
		migrate(a);
		migrate(b);
		syncAll(a, b);
		expect(readMeta(a)).toEqual(readMeta(b));
		expect(readMeta(a).schemaVersion).toBe(SCHEMA_VERSION);
	});
});
