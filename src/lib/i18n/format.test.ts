import { describe, expect, it } from 'vitest';
import { durationText, formatDateTime, fromTimeInput, toTimeInput } from './format';
import { translate } from './index';

const zh = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('zh-CN', key, params);
const MIN = 60_000;

describe('durationText', () => {
	it('reads days, hours and minutes, and counts the last five minutes down to the second', () => {
		expect(durationText(26 * 60 * MIN + 5 * MIN, zh)).toBe('1天2小时');
		expect(durationText(125 * MIN, zh)).toBe('2小时5分');
		expect(durationText(12 * MIN + 30_000, zh)).toBe('12分钟');
		expect(durationText(4 * MIN + 5_000, zh, { countdown: true })).toBe('4:05');
		expect(durationText(4 * MIN + 5_000, zh)).toBe('4分钟');
		expect(durationText(30_000, zh)).toBe('不到1分钟');
		expect(durationText(-5_000, zh, { countdown: true })).toBe('0:00');
	});
});

describe('formatDateTime', () => {
	it('shows China time whatever the device zone', () => {
		expect(formatDateTime(Date.UTC(2026, 4, 31, 15, 30), 'zh-CN')).toContain('23:30');
		expect(formatDateTime(Date.UTC(2026, 4, 31, 15, 30), 'zh-CN')).toContain('5/31');
	});
});

describe('time inputs', () => {
	it('reads and writes datetime-local values in China time', () => {
		const ms = Date.UTC(2026, 4, 31, 15, 30);
		expect(toTimeInput(ms)).toBe('2026-05-31T23:30');
		expect(fromTimeInput('2026-05-31T23:30')).toBe(ms);
		expect(fromTimeInput('')).toBeNaN();
		expect(fromTimeInput('tomorrow')).toBeNaN();
	});
});
