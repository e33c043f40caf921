import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { newId, rootDocName, setUpCommunity } from '../../src/lib/model';
import { hashPassword } from '../../server/accounts/passwords';
import { openStore } from '../../server/store/open';
import { createTestDatabase, type TestDatabase } from '../../tests/support/postgres';
import { startServerProcess, type ServerProcess } from './processes';

export const BENCH_USER = 'bench';
const BENCH_PASSWORD = 'bench-password';

export type Engine = 'sqlite' | 'postgres';

/** Our relay as it runs in production, `node --import tsx server/index.ts`, on a store of its own. */
export interface OurRelay {
	server: ServerProcess;
	/** The bench user's token: secretary of every community made for the run. */
	token: string;
	dataDir: string;
	databaseUrl: string | null;
	/** Restarts the process on the same store and port (after a kill, say). */
	restart(): Promise<void>;
	/** Stops it and deletes its data: the temporary directory, the PostgreSQL database. */
	close(): Promise<void>;
}

/**
 * Communities named `communityIds`, each set up as the district sets one up, plus `documents`
 * (name → state, for a generated community), and one user who is secretary of all of them.
 */
export async function prepareStore(
	target: { dataDir: string; databaseUrl: string | null },
	communityIds: readonly string[],
	documents: ReadonlyMap<string, Uint8Array>
): Promise<void> {
	const store = await openStore({ ...target, retentionSeconds: 30 * 86400, sqliteSynchronous: 'normal' });
	try {
		const passwordHash = await hashPassword(BENCH_PASSWORD);
		const userId = newId();
		await store.transaction(async (tx) => {
			await tx.createUser({ id: userId, username: BENCH_USER, name: '压测书记', passwordHash });
			for (const id of communityIds) {
				await tx.createCommunity({ id, name: `压测社区${id}` });
				await tx.setMembership({ userId, communityId: id, role: 'secretary' });
				if (documents.has(rootDocName(id))) continue;
				const root = new Y.Doc();
				setUpCommunity(root, { id, name: `压测社区${id}`, district: '新荣区' }, { by: userId, at: Date.now() });
				await tx.storeSnapshot(rootDocName(id), Y.encodeStateAsUpdate(root), 0);
				root.destroy();
			}
			for (const [name, state] of documents) await tx.storeSnapshot(name, state, 0);
		});
	} finally {
		await store.close();
	}
}

/** The bench user's token from a relay listening on `port`. */
export async function login(port: number): Promise<string> {
	const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD })
	});
	if (response.status !== 200) throw new Error(`bench login: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { token: string }).token;
}

export interface OurRelayOptions {
	engine?: Engine;
	communities: readonly string[];
	documents?: ReadonlyMap<string, Uint8Array>;
	/** Extra environment of the server (none of it new: LOG_LEVEL, RETENTION…). */
	env?: Record<string, string>;
}

export async function startOurRelay(options: OurRelayOptions): Promise<OurRelay> {
	const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-'));
	let database: TestDatabase | null = null;
	try {
		if (options.engine === 'postgres') database = await createTestDatabase();
		const databaseUrl = database?.url ?? null;
		await prepareStore({ dataDir, databaseUrl }, options.communities, options.documents ?? new Map());
		const env = { DATA_DIR: dataDir, SEED: 'none', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...options.env };
		let server = await startServerProcess('server/index.ts', env);
		const token = await login(server.port);
		return {
			get server() {
				return server;
			},
			token,
			dataDir,
			databaseUrl,
			async restart() {
				await server.kill();
				server = await startServerProcess('server/index.ts', env, server.port);
			},
			async close() {
				await server.stop();
				rmSync(dataDir, { recursive: true, force: true });
				await database?.drop();
			}
		};
	} catch (error) {
		rmSync(dataDir, { recursive: true, force: true });
		await database?.drop();
		throw error;
	}
}

/** Community ids `bench-000` …, as many as asked. */
export function benchCommunities(count: number): string[] {
	return Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
}
