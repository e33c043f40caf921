import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
	it('has defaults for everything, and treats empty variables as unset', () => {
		expect(loadConfig({ PORT: '' })).toEqual({
			host: '127.0.0.1',
			port: 3000,
			dataDir: path.resolve('data'),
			seed: 'demo',
			tokenTtlSeconds: 30 * 86400,
			retentionSeconds: 30 * 86400,
			sqliteSynchronous: 'normal',
			databaseUrl: null,
			redisUrl: null,
			redisPrefix: 'gongzhi',
			buildDir: fileURLToPath(new URL('../build', import.meta.url)),
			attachmentQuotaBytes: 1024 * 1024 * 1024
		});
	});

	it('reads every variable, PORT=0 included', () => {
		const config = loadConfig({
			HOST: '0.0.0.0',
			PORT: '0',
			DATA_DIR: '/srv/gz',
			SEED: 'none',
			TOKEN_TTL: '12h',
			RETENTION: '7d',
			SQLITE_SYNCHRONOUS: 'FULL',
			DATABASE_URL: 'postgres://gz@db.internal:5432/gongzhi',
			REDIS_URL: 'redis://cache.internal:6379',
			REDIS_PREFIX: 'gz-prod',
			BUILD_DIR: '/srv/gz-app',
			ATTACHMENT_QUOTA_MB: '50'
		});
		expect(config).toEqual({
			host: '0.0.0.0',
			port: 0,
			dataDir: '/srv/gz',
			seed: 'none',
			tokenTtlSeconds: 43200,
			retentionSeconds: 7 * 86400,
			sqliteSynchronous: 'full',
			databaseUrl: 'postgres://gz@db.internal:5432/gongzhi',
			redisUrl: 'redis://cache.internal:6379',
			redisPrefix: 'gz-prod',
			buildDir: '/srv/gz-app',
			attachmentQuotaBytes: 50 * 1024 * 1024
		});
		expect(loadConfig({ TOKEN_TTL: '3600' }).tokenTtlSeconds).toBe(3600);
		expect(loadConfig({ RETENTION: '0' }).retentionSeconds).toBe(0);
	});

	it('names each bad variable, its value and what it should be', () => {
		const attempt = () =>
			loadConfig({ PORT: '70000', SEED: 'all', TOKEN_TTL: '5s', RETENTION: 'forever', SQLITE_SYNCHRONOUS: 'off' });
		expect(attempt).toThrow(ConfigError);
		expect(attempt).toThrow('PORT="70000": must be a whole number from 0 to 65535');
		expect(attempt).toThrow('SEED="all": must be "demo" or "none"');
		expect(attempt).toThrow('TOKEN_TTL="5s": must be a duration from 60s to 366d');
		expect(attempt).toThrow('RETENTION="forever": must be a duration from 0 to 3660d');
		expect(attempt).toThrow('SQLITE_SYNCHRONOUS="off": must be "normal" or "full"');
		expect(() => loadConfig({ ATTACHMENT_QUOTA_MB: '0' })).toThrow('ATTACHMENT_QUOTA_MB="0": must be a whole number of MB');
		expect(() => loadConfig({ PORT: 'eighty' })).toThrow('PORT="eighty"');
		const badUrl = () => loadConfig({ DATABASE_URL: 'mysql://root:s3cret@db/gz' });
		expect(badUrl).toThrow('DATABASE_URL=(hidden): must be a PostgreSQL URL');
		expect(badUrl).not.toThrow(/s3cret/);
		expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow('REDIS_URL needs DATABASE_URL');
	});
});
