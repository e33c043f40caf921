/** Polls `check` every `everyMs` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
	check: () => boolean | Promise<boolean>,
	what: string,
	{ timeoutMs = 60_000, everyMs = 20 }: { timeoutMs?: number; everyMs?: number } = {}
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

/** A number the relay's /metrics reports (the first series of that name and labels); NaN when absent. */
export async function relayMetric(port: number, series: string): Promise<number> {
	const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
	const line = text.split('\n').find((l) => l.startsWith(`${series} `));
	return line ? Number(line.split(' ').at(-1)) : NaN;
}

/** Until our relay has unloaded every document: the next open of one loads it from the store. */
export function relayUnloaded(port: number): Promise<void> {
	return until(async () => (await relayMetric(port, 'gongzhi_relay_documents_loaded')) === 0, 'the relay to unload its documents', {
		everyMs: 50
	});
}
