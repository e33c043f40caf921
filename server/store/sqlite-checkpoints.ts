import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite folds the WAL back into the database file (a checkpoint, with an fsync of each) once the
 * WAL passes 1,000 pages, inside whichever COMMIT crosses the mark. With one connection on the
 * relay's only thread, that stalls every socket for several milliseconds every few hundred
 * appends (4–12 ms here; longer when the disk is busy), which shows in the fan-out latency.
 * So the store's own connection turns automatic checkpoints off, and this worker thread runs
 * them on a connection of its own: in WAL mode a checkpoint copies committed pages while the
 * relay keeps committing, and a PASSIVE one never waits for it.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { timeout: 5000 });
const checkpoint = () => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
	} catch {
		// Busy or failed: the WAL still holds every commit, and the next turn tries again.
	}
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once('message', () => {
	clearInterval(timer);
	db.close();
	parentPort.close();
});
`;

export interface Checkpoints {
	/** Stops the thread and closes its connection. */
	stop(): Promise<void>;
}

/** Checkpoints `file` every `everyMs` on a thread of their own; the caller's connection must not. */
export function startCheckpoints(file: string, everyMs = 500): Checkpoints {
	const module = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER, { eval: true, workerData: { file, everyMs, module } });
	// An open store must not keep a finished process (a CLI command, a test) alive.
	worker.unref();
	const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
	return {
		async stop() {
			// Held until it has closed its connection: a closing store is waited for.
			worker.ref();
			worker.postMessage('stop');
			await exited;
		}
	};
}
