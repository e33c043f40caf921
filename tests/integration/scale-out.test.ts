import { customAlphabet } from 'nanoid';
import Redis from 'ioredis';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGrid, listGrids, rootDocName } from '../../src/lib/model';
import { docOf } from '../../server/store/documents';
import { openPostgresStore } from '../../server/store/postgres';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { TestWebSocket, canonical, client, login, socketTo, waitFor, type Client } from './clients';
import { startServer, type RunningServer } from './harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DOC = rootDocName('wenyuan');
const EDITS = 8;

/**
 * A WebSocket class that connects to the first relay, and on every reconnection to the next in
 * the list: the small round-robin a client needs when a relay behind no balancer dies.
 */
function failover(urls: string[]) {
	let attempt = 0;
	return class extends TestWebSocket {
		constructor() {
			super(urls[attempt++ % urls.length]);
		}
	};
}

interface Editor extends Client {
	label: string;
	/** Grids this client added whose addition the relay acknowledged. */
	acknowledged: string[];
}

describe('two relays on PostgreSQL and Redis', () => {
	let database: TestDatabase;
	const prefix = `gongzhi-test-${customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 10)()}`;
	let a: RunningServer;
	let b: RunningServer;

	beforeAll(async () => {
		database = await createTestDatabase();
		const env = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix };
		// One after the other: the first seeds the demo district, the second finds it there.
		a = await startServer({ env });
		b = await startServer({ env });
	});

	afterAll(async () => {
		await b?.stop();
		await database?.drop();
		const redis = new Redis(REDIS_URL);
		const keys = await redis.keys(`${prefix}:*`);
		if (keys.length) await redis.del(...keys);
		redis.quit();
	});

	it('serves the same documents from both, and when one dies its clients go on with the other, losing nothing', async () => {
		const { token } = await login(a, 'wenyuan-sec');
		const editor = (label: string, urls: string[]): Editor => {
			const socket = socketTo(b, { fastReconnect: true, WebSocketPolyfill: failover(urls) });
			return { ...client(b, DOC, token, new Y.Doc(), socket), label, acknowledged: [] };
		};
		// Clients spread over both relays; those of `a` know `b` as the one to fail over to.
		const editors = [
			editor('a1', [a.wsUrl, b.wsUrl]),
			editor('a2', [a.wsUrl, b.wsUrl]),
			editor('b1', [b.wsUrl]),
			editor('b2', [b.wsUrl])
		];
		await Promise.all(
			editors.map(
				(e) =>
					new Promise<void>((resolve) => {
						e.provider.on('synced', () => resolve());
						e.provider.attach();
					})
			)
		);

		let crashed: Promise<void> | null = null;
		await Promise.all(
			editors.map(async (e) => {
				for (let i = 0; i < EDITS; i++) {
					const id = `${e.label}-${i}`;
					addGrid(e.doc, { id, name: `${e.label} 第${i}网格`, households: 100 + i });
					await e.saved();
					e.acknowledged.push(id);
					// Halfway through, relay `a` dies with its clients' edits in flight.
					if (e.label === 'a1' && i === EDITS / 2) crashed = a.crash();
				}
			})
		);
		await crashed;

		const expected = editors.flatMap((e) => e.acknowledged).sort();
		expect(expected).toHaveLength(editors.length * EDITS);
		const gridsOf = (doc: Y.Doc) => listGrids(doc).map((grid) => grid.id).filter((id) => /^[ab]\d-/.test(id)).sort();
		await waitFor('every client to hold every edit', () => editors.every((e) => gridsOf(e.doc).length === expected.length), 20_000);
		const states = editors.map((e) => canonical(e.doc.getMap('grids').toJSON()));
		expect(new Set(states).size).toBe(1);
		for (const e of editors) expect(gridsOf(e.doc)).toEqual(expected);

		// The relay left standing relays the document through Redis, under this deployment's prefix.
		const redis = new Redis(REDIS_URL);
		try {
			expect(await redis.pubsub('CHANNELS', `${prefix}:*`)).toContain(`${prefix}:${DOC}`);
		} finally {
			redis.quit();
		}

		// What the database holds, as any relay would load it.
		const store = await openPostgresStore(database.url, { warn: () => undefined });
		try {
			expect(gridsOf(docOf(DOC, await store.loadDocument(DOC)))).toEqual(expected);
		} finally {
			await store.close();
		}
		for (const e of editors) e.close();
	});
});
