import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { updateGrid } from '../../src/lib/model';
import { openSqliteStore } from '../../server/store/sqlite';
import { canonical, connect, getJson, login, waitFor } from './clients';
import { createTestDatabase } from '../support/postgres';
import { runDurabilityTrial } from './durability';
import { startServer } from './harness';

describe('acknowledged means durable', () => {
	it('keeps every acknowledged edit through SIGKILLs of the relay at random moments', async () => {
		const seed = process.env.DURABILITY_SEED ? Number(process.env.DURABILITY_SEED) : undefined;
		const result = await runDurabilityTrial({ clients: 4, edits: 40, kills: 3, seed });
		console.log(`durability trial: ${JSON.stringify(result)}`);
		expect(result.restartMs).toHaveLength(3);
		expect(result.acknowledgedAtKill).toHaveLength(3);
		expect(result.acknowledged).toBe(160);
	});

	it('keeps every acknowledged edit on PostgreSQL too', async () => {
		const database = await createTestDatabase();
		try {
			const result = await runDurabilityTrial({ clients: 3, edits: 30, kills: 2, databaseUrl: database.url });
			console.log(`durability trial on PostgreSQL: ${JSON.stringify(result)}`);
			expect(result.acknowledgedAtKill).toHaveLength(2);
			expect(result.acknowledged).toBe(90);
		} finally {
			await database.drop();
		}
	});

	it('rebuilds a document whose newest snapshot is damaged from the one before and the log', async () => {
		const server = await startServer();
		try {
			const { token } = await login(server, 'heping-sec');
			// Without the cases, whose derived deadline states move with the clock between two calls.
			const exported = async () => {
				const { cases: _cases, ...rest } = (await getJson(server, '/api/communities/heping/export.json', token)).body;
				return rest;
			};
			const secretary = await connect(server, 'community:heping', token);
			updateGrid(secretary.doc, 'g13', { households: 477, boundary: '东至和平街' });
			await secretary.saved();
			secretary.close();
			const before = canonical(await exported());
			expect(before).toContain('东至和平街');

			await server.restart('SIGTERM', () => {
				const db = new Database(join(server.dataDir, 'gongzhi.sqlite'));
				db.exec(`UPDATE snapshots SET state = randomblob(length(state))
				         WHERE id = (SELECT max(id) FROM snapshots WHERE name = 'community:heping')`);
				db.close();
			});
			expect(canonical(await exported())).toBe(before);
			expect(server.output()).toMatch(/snapshot \d+ of community:heping \(taken [^)]+\) fails its checksum/);

			// Once the relay loads it, a sound snapshot replaces the damaged one as the newest.
			const again = await connect(server, 'community:heping', token);
			again.close();
			const store = openSqliteStore(server.dataDir, { warn: () => undefined });
			try {
				await waitFor(
					'a sound newest snapshot',
					async () => (await store.loadDocument('community:heping')).corruptSnapshots === 0
				);
			} finally {
				await store.close();
			}
		} finally {
			await server.stop();
		}
	});
});
