import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/support/postgres';
import { POSTGRES_MIGRATIONS } from './migrations';
import { openPostgresStore } from './postgres';
import type { Store } from './types';

let database: TestDatabase;

beforeEach(async () => {
	database = await createTestDatabase();
});

afterEach(async () => {
	await database.drop();
});

// Each test migrates fresh databases and commits hundreds of appends with fsync: seconds on a
// loaded machine, beyond the unit tests' 5 s default.
describe('postgres store', { timeout: 60_000 }, () => {
	it('migrates once even when several relays start at once, and refuses a newer database', async () => {
		const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(database.url)));
		await Promise.all(stores.map((store) => store.close()));
		expect(await database.sql('SELECT version FROM schema_version')).toEqual([{ version: POSTGRES_MIGRATIONS.length }]);
		await database.sql(`UPDATE schema_version SET version = ${POSTGRES_MIGRATIONS.length + 1}`);
		await expect(openPostgresStore(database.url)).rejects.toThrow(/newer than this server knows/);
	});

	it('lets a reader that follows a document by id miss nothing two relays append at once', async () => {
		const writers = await Promise.all([1, 2].map(() => openPostgresStore(database.url, { poolSize: 4 })));
		const reader: Store = await openPostgresStore(database.url);
		try {
			const name = 'community:a';
			const total = 2 * 4 * 25;
			const writing = Promise.all(
				writers.flatMap((writer, w) =>
					[0, 1, 2, 3].map(async (lane) => {
						for (let i = 0; i < 25; i++) {
							const update = new Uint8Array([w, lane, i]);
							await writer.appendUpdates([
								{ name: 'community:b', update },
								{ name, update }
							]);
						}
					})
				)
			);
			// Following the log the way a relay pulls it: whatever it reads, it never goes back for.
			const seen: string[] = [];
			let through = 0;
			let done = false;
			void writing.then(() => (done = true));
			while (!done || seen.length < total) {
				for (const row of await reader.updatesAfter(name, through)) {
					seen.push([...row.data].join('.'));
					through = row.id;
				}
				if (done && seen.length < total && (await reader.updatesAfter(name, through)).length === 0) break;
			}
			await writing;
			expect(new Set(seen).size).toBe(total);
		} finally {
			await Promise.all([...writers, reader].map((store) => store.close()));
		}
	});
});
