import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: tests spawn the server from there, as `npm run serve` does. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export interface ServerOptions {
	/** 'demo' (default) seeds an empty data dir with the demo district. */
	seed?: 'demo' | 'none';
	/** Use this data dir instead of a fresh temporary one; it is then left in place on stop. */
	dataDir?: string;
	env?: Record<string, string>;
}

/**
 * The real server (`node --import tsx server/index.ts`) as a child process on a free port,
 * which it keeps across restarts.
 */
export interface RunningServer {
	readonly url: string;
	readonly wsUrl: string;
	readonly port: number;
	readonly dataDir: string;
	/** Everything the server printed (stdout and stderr) since the last (re)start. */
	output(): string;
	/**
	 * Stops it with `signal` (SIGTERM: graceful; SIGKILL: a crash) and starts it on the same data,
	 * running `whileDown` in between (to look at the data as the crash left it).
	 */
	restart(signal?: 'SIGTERM' | 'SIGKILL', whileDown?: () => void | Promise<void>): Promise<void>;
	/** SIGTERM, expects a clean exit, then deletes the data dir if the harness made it. */
	stop(): Promise<void>;
	/** SIGKILL, for good (a crashed machine), then deletes the data dir if the harness made it. */
	crash(): Promise<void>;
}

// A test run that ends without stop() (a crash, a forgotten afterAll) must not leave servers behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

interface Started {
	child: ChildProcess;
	port: number;
	output: () => string;
	exited: Promise<number | string>;
}

function spawnServer(dataDir: string, options: ServerOptions, port = 0): Promise<Started> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, SEED: options.seed ?? 'demo', ...options.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	child.once('exit', () => running.delete(child));
	let log = '';
	const output = () => log;
	const exited = new Promise<number | string>((done) =>
		child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown'))
	);
	return new Promise((resolveStart, rejectStart) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			rejectStart(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${log}`));
		}, START_TIMEOUT_MS);
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			const match = /^listening on http:\/\/[^\s:]+:(\d+)$/m.exec(log);
			if (match) {
				clearTimeout(timer);
				resolveStart({ child, port: Number(match[1]), output, exited });
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		exited.then((how) => {
			clearTimeout(timer);
			rejectStart(new Error(`server exited (${how}) before listening:\n${log}`));
		});
	});
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
	const ownsDir = !options.dataDir;
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gongzhi-test-'));
	let current: Started;
	try {
		current = await spawnServer(dataDir, options);
	} catch (error) {
		if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}

	async function halt(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
		current.child.kill(signal);
		const how = await current.exited;
		if (signal === 'SIGTERM' && how !== 0) {
			throw new Error(`server exited with ${how} on SIGTERM:\n${current.output()}`);
		}
	}

	async function haltFor(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
		try {
			await halt(signal);
		} finally {
			if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
		}
	}

	return {
		get url() {
			return `http://127.0.0.1:${current.port}`;
		},
		get wsUrl() {
			return `ws://127.0.0.1:${current.port}/sync`;
		},
		get port() {
			return current.port;
		},
		dataDir,
		output: () => current.output(),
		async restart(signal = 'SIGTERM', whileDown) {
			await halt(signal);
			await whileDown?.();
			// Same port, so clients still connected (a browser) reconnect by themselves.
			current = await spawnServer(dataDir, options, current.port);
		},
		stop: () => haltFor('SIGTERM'),
		crash: () => haltFor('SIGKILL')
	};
}
