import { customAlphabet } from 'nanoid';
import pg from 'pg';

/**
 * The PostgreSQL server the tests use (the machine's, trust auth): TEST_DATABASE_URL names a
 * database to connect to for creating and dropping each test's own database.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const suffix = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 12);

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: ADMIN_URL });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

export interface TestDatabase {
	url: string;
	/** Runs SQL in the test's database, for checks and for damaging rows on purpose. */
	sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
	drop(): Promise<void>;
}

/** A fresh, empty database of the test's own, dropped by `drop()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
	const name = `gongzhi_test_${suffix()}`;
	await admin((client) => client.query(`CREATE DATABASE ${name}`));
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async sql(query, params = []) {
			const client = new pg.Client({ connectionString: url.toString() });
			await client.connect();
			try {
				return (await client.query(query, params)).rows;
			} finally {
				await client.end();
			}
		},
		drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined)
	};
}
