import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { rootDocName } from '../src/lib/model';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/browser';
import type { Store } from './browser/page';
import type { Bench, BenchContext } from './context';
import { FULL_SCALE, LARGE_COMMUNITY, QUICK_SCALE, largeCommunity, oneDocument, workingSetOf } from './large-community';
import { formatNumber } from './report';
import { bundlePage, servePage } from './support/page';
import { interleaved, median } from './stats';

const ONE = `${rootDocName(LARGE_COMMUNITY)}:one`;
const VARIANTS = {
	app: { store: 'offline-store', names: workingSetOf() },
	'y-indexeddb': { store: 'y-indexeddb', names: workingSetOf() },
	one: { store: 'offline-store', names: [ONE] }
} satisfies Record<string, { store: Store; names: string[] }>;

/**
 * In Chromium, on a profile on disk: the working set (root + three months) opened from
 * IndexedDB with the app's offline store and the case board rendered from it (browser/page.ts),
 * against plain y-indexeddb on the same documents, against the same five years held in ONE
 * document, and against Yjs alone applying the working set's bytes in the same browser (the floor).
 */
async function run({ quick, log }: BenchContext) {
	const { states } = largeCommunity(quick ? QUICK_SCALE : FULL_SCALE);
	const served = new Map([...workingSetOf().map((name) => [name, states.get(name)!] as const), [ONE, oneDocument(states)]]);
	const dir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-browser-'));
	const { server, url } = await servePage(await bundlePage('bench/browser/page.ts', join(dir, 'dist')), served);
	const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	try {
		const inPage = async <T>(work: (page: import('playwright-core').Page) => Promise<T>) => {
			const page = await context.newPage();
			try {
				await page.goto(url);
				await page.waitForFunction(() => 'bench' in window);
				return await work(page);
			} finally {
				await page.close();
			}
		};
		for (const { store, names } of Object.values(VARIANTS)) {
			await inPage((page) => page.evaluate(([s, n]) => window.bench.seed(s as Store, n as string[]), [store, names] as const));
		}
		const times = await interleaved([...(Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]), 'floor'] as const, quick ? 2 : 5, async (variant) => {
			if (variant === 'floor') {
				const ms = await inPage((page) => page.evaluate((n) => window.bench.applyOnly(n), workingSetOf()));
				log(`  floor: ${formatNumber(ms)} ms applying the working set's bytes to fresh Y.Docs`);
				return ms;
			}
			const { store, names } = VARIANTS[variant];
			const opened = await inPage((page) => page.evaluate(([s, n]) => window.bench.open(s as Store, n as string[]), [store, names] as const));
			log(`  ${variant}: ${formatNumber(opened.ms)} ms, ${opened.cases} open cases on the board`);
			return opened.ms;
		});
		const app = median(times.app);
		log(`ONE document: ${formatNumber(served.get(ONE)!.byteLength / 1e6)} MB; working set: ${formatNumber(workingSetOf().reduce((s, n) => s + served.get(n)!.byteLength, 0) / 1e6)} MB`);
		return [
			{ name: 'browser: open the working set from IndexedDB (app offline store) and render the case board', value: app, unit: 'ms', baseline: 'plain y-indexeddb 9.0.12, same documents', baselineValue: median(times['y-indexeddb']), goal: 'value < 500' as const },
			{ name: 'browser: open the working set from IndexedDB (app offline store) and render the case board', value: app, unit: 'ms', baseline: "Yjs applyUpdate of the same documents' bytes in the same browser", baselineValue: median(times.floor) },
			{ name: 'browser: open the five years as ONE document from IndexedDB and render the case board', value: median(times.one), unit: 'ms', baseline: 'the partitioned working set (app offline store)', baselineValue: app }
		];
	} finally {
		await context.close();
		server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

export const browserOpen: Bench = { name: 'cold open of a large community (browser)', run };
