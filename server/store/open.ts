import type { Config } from '../config';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { StoreOptions } from './store';
import type { Store } from './types';

/** The store the configuration names: PostgreSQL with DATABASE_URL, else the data dir's SQLite file. */
export function openStore(
	config: Pick<Config, 'dataDir' | 'databaseUrl' | 'retentionSeconds' | 'sqliteSynchronous'>,
	options: Omit<StoreOptions, 'retentionSeconds'> = {}
): Promise<Store> {
	const settings = { ...options, retentionSeconds: config.retentionSeconds };
	if (config.databaseUrl) return openPostgresStore(config.databaseUrl, settings);
	return Promise.resolve(openSqliteStore(config.dataDir, { ...settings, sqliteSynchronous: config.sqliteSynchronous }));
}
