import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRelay } from '../fuzz/fuzz';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server?.stop();
});

describe('fuzzing (a small run; npm run fuzz runs 10,000 inputs)', () => {
	it('survives malformed frames, updates and requests; stored documents stay sound, others unaffected', async () => {
		const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
		const report = await fuzzRelay(server, 300, seed);
		console.log(`fuzz: ${JSON.stringify(report)}`);
		expect(Object.values(report.outcomes).reduce((a, b) => a + b, 0)).toBe(300);
		expect(report.outcomes['signed in: socket closed 1009'] ?? report.outcomes['anonymous: socket closed 1009']).toBeGreaterThan(0);
		// Nothing of the inputs is kept: memory stays near where it was (not a timing bound).
		expect(report.memoryAfter - report.memoryBefore).toBeLessThan(150 * 1024 * 1024);
	});
});
