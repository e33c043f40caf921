import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the relay takes WebSocket upgrades (public contract: ws://HOST:PORT/sync). */
export const SYNC_PATH = '/sync';

export interface Config {
	host: string;
	/** 0 lets the OS pick a free port (tests read the real one from the console). */
	port: number;
	/** Absolute path of the directory holding the database and the token secret. */
	dataDir: string;
	seed: 'demo' | 'none';
	/** Lifetime of a login token, in seconds. */
	tokenTtlSeconds: number;
	/** How long document history (logged updates, snapshots) is kept for point-in-time restore, in seconds. */
	retentionSeconds: number;
	/** SQLite's `synchronous`: NORMAL survives a killed process, FULL also a power cut. */
	sqliteSynchronous: 'normal' | 'full';
	/** PostgreSQL instead of the SQLite file, for several relay processes (DATABASE_URL). */
	databaseUrl: string | null;
	/** Redis through which several relay processes serve the same documents (REDIS_URL). */
	redisUrl: string | null;
	/** Prefix of this deployment's Redis keys and channels (REDIS_PREFIX). */
	redisPrefix: string;
	/** Absolute path of the built app (`npm run build`'s output), served beside the API. */
	buildDir: string;
	/** Bytes of photos one community may store (ATTACHMENT_QUOTA_MB). */
	attachmentQuotaBytes: number;
}

/** Where `npm run build` puts the app: the project's `build/`, wherever the server is started from. */
const DEFAULT_BUILD_DIR = fileURLToPath(new URL('../build', import.meta.url));

export class ConfigError extends Error {
	override name = 'ConfigError';
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** "30d", "12h", "90m", "3600s" or a bare number of seconds. */
function durationSeconds(text: string): number | null {
	const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
	if (!match) return null;
	return Number(match[1]) * UNIT_SECONDS[(match[2] || 's') as keyof typeof UNIT_SECONDS];
}

const schema = z.object({
	HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
	PORT: z
		.string()
		.default('3000')
		.refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, 'must be a whole number from 0 to 65535')
		.transform(Number),
	DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
	SEED: z.enum(['demo', 'none'], { error: 'must be "demo" or "none"' }).default('demo'),
	TOKEN_TTL: z
		.string()
		.default('30d')
		.transform((v) => durationSeconds(v) ?? NaN)
		.refine(
			(s) => s >= 60 && s <= 366 * 86400,
			'must be a duration from 60s to 366d, written like 30d, 12h, 90m or 3600'
		),
	RETENTION: z
		.string()
		.default('30d')
		.transform((v) => durationSeconds(v) ?? NaN)
		.refine(
			(s) => s >= 0 && s <= 3660 * 86400,
			'must be a duration from 0 to 3660d, written like 30d, 12h, 90m or 3600'
		),
	SQLITE_SYNCHRONOUS: z
		.string()
		.default('normal')
		.transform((v) => v.trim().toLowerCase())
		.pipe(z.enum(['normal', 'full'], { error: 'must be "normal" or "full"' })),
	DATABASE_URL: z
		.string()
		.trim()
		.regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL: postgres://user@host:5432/database')
		.optional(),
	REDIS_URL: z
		.string()
		.trim()
		.regex(/^rediss?:\/\/\S+$/, 'must be a Redis URL: redis://host:6379')
		.optional(),
	REDIS_PREFIX: z
		.string()
		.regex(/^[\w.:-]{1,64}$/, 'must be 1-64 letters, digits, ".", ":", "_" or "-"')
		.default('gongzhi'),
	BUILD_DIR: z.string().min(1, 'must not be empty').optional(),
	ATTACHMENT_QUOTA_MB: z
		.string()
		.default('1024')
		.refine((v) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 1_048_576, 'must be a whole number of MB from 1 to 1048576')
		.transform((v) => Number(v) * 1024 * 1024)
});

/** Reads the environment; unset and empty variables take their defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const present = Object.fromEntries(
		Object.keys(schema.shape)
			.filter((key) => env[key] !== undefined && env[key] !== '')
			.map((key) => [key, env[key]])
	);
	const result = schema.safeParse(present);
	if (!result.success) {
		const lines = result.error.issues.map((issue) => {
			const key = String(issue.path[0]);
			// A URL may carry a password: say which variable is wrong, not what it holds.
			const shown = key.endsWith('_URL') ? '(hidden)' : JSON.stringify(present[key]);
			return `${key}=${shown}: ${issue.message}`;
		});
		throw new ConfigError(`bad configuration:\n  ${lines.join('\n  ')}`);
	}
	const { HOST, PORT, DATA_DIR, SEED, TOKEN_TTL, RETENTION, SQLITE_SYNCHRONOUS, DATABASE_URL, REDIS_URL, REDIS_PREFIX, BUILD_DIR } =
		result.data;
	if (REDIS_URL && !DATABASE_URL) {
		throw new ConfigError(
			'bad configuration:\n  REDIS_URL needs DATABASE_URL: relay processes sharing documents must share one database'
		);
	}
	return {
		host: HOST,
		port: PORT,
		dataDir: path.resolve(DATA_DIR),
		seed: SEED,
		tokenTtlSeconds: TOKEN_TTL,
		retentionSeconds: RETENTION,
		sqliteSynchronous: SQLITE_SYNCHRONOUS,
		databaseUrl: DATABASE_URL ?? null,
		redisUrl: REDIS_URL ?? null,
		redisPrefix: REDIS_PREFIX,
		buildDir: BUILD_DIR ? path.resolve(BUILD_DIR) : DEFAULT_BUILD_DIR,
		attachmentQuotaBytes: result.data.ATTACHMENT_QUOTA_MB
	};
}
