import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import {
	DataError,
	dumpCommunity,
	importDump,
	parseDump,
	restoreCommunityTo,
	type DocumentChange
} from '../store/community-data';
import { openStore } from '../store/open';
import { backupSqlite, restoreSqlite, type StoreFileSummary } from '../store/sqlite-files';
import type { Store } from '../store/types';
import { UsageError, exactly, required, type Output } from './args';

export const DATA_USAGE = `  backup <file> [--force]               copy the database, consistently, while the server runs
  restore <file> [--force]              replace the database by a backup (stop the server first;
                                        --force when DATA_DIR already holds one)
  export <community> [--out <file> [--force]]
                                        a community's documents as JSON (to stdout without --out)
  import <file>                         merge such a dump in, creating the community if missing
  restore-point <community> --at <time> turn the community back to how it was at <time>
                                        (ISO 8601 or epoch ms), as a new change`;

export const DATA_COMMANDS: readonly string[] = ['backup', 'restore', 'export', 'import', 'restore-point'];

export interface DataOptions {
	out?: string;
	at?: string;
	force?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const describeFile = (s: StoreFileSummary) =>
	`${Math.ceil(s.bytes / 1024)} KB, ${plural(s.communities, 'community', 'communities')}, ${plural(s.users, 'user')}`;

/** "2026-11-26T08:00:00+08:00", "2026-11-26" or epoch milliseconds. */
function parseTime(text: string): number {
	const at = /^\d+$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
	if (!Number.isFinite(at)) {
		throw new UsageError(`--at ${JSON.stringify(text)} is not an ISO 8601 time or epoch milliseconds`);
	}
	return at;
}

function summarize(changes: DocumentChange[]): string {
	const changed = changes.filter((c) => c.bytes > 0).length;
	return `${plural(changed, 'document')} changed, ${changes.length - changed} unchanged`;
}

async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
	const store = await openStore(config);
	try {
		return await fn(store);
	} finally {
		await store.close();
	}
}

/** backup and restore copy the SQLite file; PostgreSQL has its own tools for that. */
function requireSqlite(config: Config, command: string): void {
	if (config.databaseUrl) {
		throw new DataError(
			`${command} copies the SQLite file, and DATABASE_URL puts the data in PostgreSQL: ` +
				'use pg_dump / pg_restore there, or export / import a community'
		);
	}
}

/** backup, restore, export, import and restore-point, over the store of `config.dataDir`. */
export async function runDataCommand(
	command: string,
	args: string[],
	options: DataOptions,
	config: Config,
	output: Output
): Promise<void> {
	switch (command) {
		case 'backup': {
			const [file] = exactly(args, 1, 'backup');
			requireSqlite(config, 'backup');
			const summary = await backupSqlite(config.dataDir, file, options.force);
			return output.out(`backed up ${config.dataDir} to ${file} (${describeFile(summary)})`);
		}
		case 'restore': {
			const [file] = exactly(args, 1, 'restore');
			requireSqlite(config, 'restore');
			const { summary, replaced } = await restoreSqlite(config.dataDir, file, options.force);
			output.out(`restored ${file} into ${config.dataDir} (${describeFile(summary)})`);
			if (replaced) output.out(`the database it replaced is kept as ${path.basename(replaced)}`);
			return;
		}
		case 'export': {
			const [communityId] = exactly(args, 1, 'export');
			const dump = await withStore(config, (store) => dumpCommunity(store, communityId));
			const json = JSON.stringify(dump, null, '\t');
			if (options.out === undefined) return output.out(json);
			if (fs.existsSync(options.out) && !options.force) {
				throw new DataError(`${options.out} exists; add --force to overwrite it`);
			}
			fs.writeFileSync(options.out, `${json}\n`);
			const count = Object.keys(dump.documents).length;
			return output.out(`exported community ${communityId} (${plural(count, 'document')}) to ${options.out}`);
		}
		case 'import': {
			const [file] = exactly(args, 1, 'import');
			if (!fs.existsSync(file)) throw new DataError(`${file} does not exist`);
			const parsed = parseDump(fs.readFileSync(file, 'utf8'));
			const { created, documents } = await withStore(config, (store) => importDump(store, parsed));
			const id = parsed.dump.community.id;
			return output.out(`imported community ${id} (${created ? 'created' : 'merged'}): ${summarize(documents)}`);
		}
		case 'restore-point': {
			const [communityId] = exactly(args, 1, 'restore-point');
			const at = parseTime(required(options.at, 'at'));
			const changes = await withStore(config, (store) => restoreCommunityTo(store, communityId, at));
			output.out(`community ${communityId} is back to ${new Date(at).toISOString()}: ${summarize(changes)}`);
			for (const { name, bytes } of changes) if (bytes) output.out(`  ${name} (${bytes} bytes)`);
			return;
		}
		default:
			throw new UsageError(`unknown command: ${command}`);
	}
}
