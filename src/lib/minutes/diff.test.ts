import { describe, expect, it } from 'vitest';
import { attributeInsertions, diffChars, diffSummary, diffTexts } from './diff';

describe('diffTexts', () => {
	it('marks inserted and deleted characters inside changed lines, and whole lines added or removed', () => {
		const lines = diffTexts('一、情况通报\n现有车位126个\n旧的一行', '一、情况通报\n现有地面车位130个\n新增一行\n');
		expect(lines).toEqual([
			{ kind: 'same', parts: [{ kind: 'same', text: '一、情况通报' }] },
			{
				kind: 'changed',
				parts: [
					{ kind: 'same', text: '现有' },
					{ kind: 'ins', text: '地面' },
					{ kind: 'same', text: '车位1' },
					{ kind: 'del', text: '26' },
					{ kind: 'ins', text: '30' },
					{ kind: 'same', text: '个' }
				]
			},
			{ kind: 'changed', parts: [{ kind: 'del', text: '旧的' }, { kind: 'ins', text: '新增' }, { kind: 'same', text: '一行' }] },
			{ kind: 'added', parts: [{ kind: 'ins', text: '' }] }
		]);
		expect(diffSummary(lines)).toEqual({ inserted: 6, deleted: 4 });
	});

	it('gives no change for equal texts and handles texts too long for a table', () => {
		expect(diffTexts('甲\n乙', '甲\n乙').every((line) => line.kind === 'same')).toBe(true);
		const long = '字'.repeat(1500);
		const parts = diffChars(`${long}甲`, `乙${long}`);
		expect(parts.filter((p) => p.kind !== 'same').map((p) => p.text)).toEqual(['乙', '甲']);
		const big = Array.from({ length: 2500 }, (_, i) => `第${i}行`);
		const shuffled = [...big].reverse();
		const summary = diffSummary(diffTexts(big.join('\n'), shuffled.join('\n')));
		expect(summary.inserted).toBeGreaterThan(0);
		expect(summary.deleted).toBeGreaterThan(0);
	});
});

describe('attributeInsertions', () => {
	it('names the author of every inserted stretch, split where the author changes, across lines', () => {
		const after = '现有地面车位\n新增一行';
		// 现有 (sec) 地面 (admin) 车位 (sec) ⏎ 新增 (admin) 一行 (sec)
		const authors = ['sec', 'sec', 'admin', 'admin', 'sec', 'sec', null, 'admin', 'admin', 'sec', 'sec'];
		const lines = attributeInsertions(diffTexts('现有车位\n旧的', after), authors);
		expect(lines.flatMap((l) => l.parts.filter((p) => p.kind === 'ins'))).toEqual([
			{ kind: 'ins', text: '地面', author: 'admin' },
			{ kind: 'ins', text: '新增', author: 'admin' },
			{ kind: 'ins', text: '一行', author: 'sec' }
		]);
		// Whole lines removed take no place in the newer text.
		const removedFirst = attributeInsertions(diffTexts('删掉\n保留', '保留\n加上'), ['a', 'a', null, 'b', 'c']);
		expect(removedFirst.flatMap((l) => l.parts.filter((p) => p.kind === 'ins'))).toEqual([
			{ kind: 'ins', text: '加', author: 'b' },
			{ kind: 'ins', text: '上', author: 'c' }
		]);
	});
});
