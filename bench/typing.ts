import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/browser';
import type { Variant } from './browser/typing-page';
import type { Bench, BenchContext } from './context';
import { formatNumber } from './report';
import { bundlePage, servePage } from './support/page';
import { interleaved, medianOfRuns, percentiles, type Percentiles } from './stats';

/** Issue 8: a minutes body of 50,000 characters stays smooth to type in. */
const LARGE = 50_000;
const SMALL = 1_000;
const CONFIGURATIONS = {
	'app-50k': { variant: 'app', characters: LARGE },
	'app-1k': { variant: 'app', characters: SMALL },
	'plain-50k': { variant: 'plain', characters: LARGE }
} satisfies Record<string, { variant: Variant; characters: number }>;
type Configuration = keyof typeof CONFIGURATIONS;

/** Keys typed one at a time, each once the previous one is painted, as a person types. */
const KEYS = 'abcdefghijklmnopqrstuvwxyz';
const WARMUP = 20;

async function typeAndMeasure(page: Page, keystrokes: number): Promise<number[]> {
	for (let i = 0; i < WARMUP + keystrokes; i++) {
		await page.keyboard.press(KEYS[i % KEYS.length]);
		await page.evaluate((count) => window.typingBench.measured(count), i + 1);
	}
	return (await page.evaluate((count) => window.typingBench.measured(count), WARMUP + keystrokes)).slice(WARMUP);
}

/**
 * In Chromium: keydown → the next painted frame, for keystrokes typed one at a time in the
 * middle of the minutes, with the app's minutes editor (TipTap on the meeting document, carets,
 * the page's re-read of the text) on 50,000 characters, against the same editor on 1,000 and
 * against TipTap without collaboration on the same 50,000.
 */
async function run({ quick, log }: BenchContext) {
	const keystrokes = quick ? 60 : 300;
	const dir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-typing-'));
	const { server, url } = await servePage(await bundlePage('bench/browser/typing-page.ts', join(dir, 'dist')));
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	try {
		const runs = await interleaved(Object.keys(CONFIGURATIONS) as Configuration[], quick ? 1 : 3, async (configuration) => {
			const { variant, characters } = CONFIGURATIONS[configuration];
			const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
			try {
				await page.goto(url);
				await page.waitForFunction(() => 'typingBench' in window);
				const shown = await page.evaluate(([v, c]) => window.typingBench.mount(v as Variant, c as number), [variant, characters] as const);
				const result = percentiles(await typeAndMeasure(page, keystrokes));
				log(`  ${configuration} (${formatNumber(shown)} characters): p50 ${formatNumber(result.p50)} ms, p95 ${formatNumber(result.p95)} ms, p99 ${formatNumber(result.p99)} ms over ${result.count} keys`);
				return result;
			} finally {
				await page.close();
			}
		});
		const of = (configuration: Configuration): Percentiles => medianOfRuns(runs[configuration]);
		const [large, small, plain] = [of('app-50k'), of('app-1k'), of('plain-50k')];
		const figure = (q: 'p50' | 'p95' | 'p99', goal: `value < ${number}` | null) => [
			{
				name: `typing ${q}, keydown → next paint, minutes editor, 50,000 characters`,
				value: large[q],
				unit: 'ms',
				baseline: 'the same editor on 1,000 characters',
				baselineValue: small[q],
				goal
			}
		];
		return [
			...figure('p50', null),
			...figure('p95', 'value < 50'),
			...figure('p99', null),
			{
				name: 'typing p95, keydown → next paint, minutes editor, 50,000 characters',
				value: large.p95,
				unit: 'ms',
				baseline: 'TipTap 3.31.3 without collaboration, same 50,000 characters',
				baselineValue: plain.p95
			}
		];
	} finally {
		await browser.close();
		server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

export const typing: Bench = { name: 'typing in long minutes (browser)', run };
