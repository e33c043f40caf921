import { execFileSync, fork, spawn, type ChildProcess, type Serializable } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The project root: every process is started from there, as `npm run serve` does. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_TIMEOUT_MS = 60_000;
export const PROFILES = `${ROOT}bench/.cache/profiles`;

// A benchmark that ends early (an error, Ctrl-C) must not leave servers or generators behind.
const children = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

/**
 * Servers on the first core, load generators on the others (as the orientation figures
 * were measured), where `taskset` exists and there is more than one core; otherwise, or with
 * BENCH_PIN=0, unpinned.
 */
export const CORES = cpus().length;
export const PINNED = CORES > 1 && existsSync('/usr/bin/taskset') && process.env.BENCH_PIN !== '0';
export const SERVER_CPUS = '0';
export const LOAD_CPUS = `1-${CORES - 1}`;

function pin(pid: number | undefined, list: string): void {
	if (!PINNED || pid === undefined) return;
	try {
		execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'ignore' });
	} catch {
		// The process may already have exited; its own start-up error is what matters then.
	}
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is none. */
export function cpuSeconds(pid: number): number | null {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		// utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return null;
	}
}

export interface ServerProcess {
	readonly port: number;
	readonly pid: number;
	/** ws://127.0.0.1:<port><path> */
	url(path: string): string;
	output(): string;
	/** SIGTERM and wait for the exit. */
	stop(): Promise<void>;
	/** SIGKILL and wait for the exit: a crash. */
	kill(): Promise<void>;
}

/**
 * Starts `node --import tsx <script>` on loopback with `env`, pinned to the server core, and
 * resolves once it prints `listening on http://127.0.0.1:<port>`.
 */
export function startServerProcess(script: string, env: Record<string, string>, port = 0): Promise<ServerProcess> {
	// BENCH_PROFILE=1: each server writes a CPU profile (open it in Chrome's DevTools) on exit.
	const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES}`] : [];
	const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	pin(child.pid, SERVER_CPUS);
	let log = '';
	const exited = new Promise<void>((done) =>
		child.once('exit', () => {
			children.delete(child);
			done();
		})
	);
	const halt = async (signal: NodeJS.Signals) => {
		if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		await exited;
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${script} did not start within ${START_TIMEOUT_MS} ms:\n${log}`));
		}, START_TIMEOUT_MS);
		const onData = (chunk: Buffer) => {
			// Only the start-up output is kept: a long run must not grow the log without end.
			if (log.length < 100_000) log += chunk.toString();
			const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/m.exec(log);
			if (!match) return;
			clearTimeout(timer);
			const listening = Number(match[1]);
			resolve({
				port: listening,
				pid: child.pid!,
				url: (path) => `ws://127.0.0.1:${listening}${path}`,
				output: () => log,
				stop: () => halt('SIGTERM'),
				kill: () => halt('SIGKILL')
			});
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`${script} exited before listening:\n${log}`));
		});
	});
}

/**
 * A load generator: `node --import tsx <script>` with an IPC channel, pinned to the load cores
 * once it says "ready".
 * It gets `input` as its first message and answers with messages of its own.
 */
export interface Generator<Out> {
	readonly child: ChildProcess;
	/** The next message of the given type. */
	next<T extends Out>(type: string): Promise<T>;
	send(message: Serializable): void;
	/** Resolves when it has exited; kills it if it has not after `graceMs`. */
	exit(graceMs?: number): Promise<void>;
}

export function startGenerator<Out extends { type: string }>(
	script: string,
	input: Serializable,
	env: Record<string, string> = {}
): Generator<Out> {
	const child = fork(script, [], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		execArgv: ['--import', 'tsx', '--expose-gc'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	children.add(child);
	const exited = new Promise<void>((done) =>
		child.once('exit', () => {
			children.delete(child);
			done();
		})
	);
	const inbox: Out[] = [];
	const waiting: { type: string; resolve: (message: Out) => void }[] = [];
	child.on('message', (message: Out) => {
		// Starting (compiling, connecting, making its edits) runs on any core, with nothing
		// measured yet; from "ready" on, the generator keeps to the load cores.
		if (message.type === 'ready') pin(child.pid, LOAD_CPUS);
		const index = waiting.findIndex((w) => w.type === message.type);
		if (index >= 0) waiting.splice(index, 1)[0].resolve(message);
		else inbox.push(message);
	});
	child.send(input);
	return {
		child,
		next<T extends Out>(type: string): Promise<T> {
			const index = inbox.findIndex((m) => m.type === type);
			if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0] as T);
			return new Promise((resolve, reject) => {
				waiting.push({ type, resolve: resolve as (message: Out) => void });
				void exited.then(() => reject(new Error(`${script} exited before sending ${type}`)));
			});
		},
		send: (message) => child.send(message),
		async exit(graceMs = 10_000) {
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
	};
}

/** In a generator: its input, and a way to answer. */
export function generatorInput<T>(): Promise<T> {
	return new Promise((resolve) => process.once('message', (message) => resolve(message as T)));
}

export function reply<T extends { type: string }>(message: T): Promise<void> {
	return new Promise((resolve, reject) => process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())));
}

/** The next message of `type` from the parent. */
export function fromParent<T extends { type: string }>(type: string): Promise<T> {
	return new Promise((resolve) => {
		const listener = (message: T) => {
			if (message.type !== type) return;
			process.off('message', listener);
			resolve(message);
		};
		process.on('message', listener);
	});
}
