import { describe, expect, it } from 'vitest';
import { dateInput, durationText, formatBytes, formatDate, formatDateTime, formatRange, fromInputs, fromTimeInput, timeAgo, timeInput, toTimeInput } from './format';
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

const NOV_26_9AM_CHINA = Date.UTC(2026, 10, 26, 1, 0);

describe('dates and times shown', () => {
	it('shows China time whatever the device zone, in the reader\'s language', () => {
		const may31 = Date.UTC(2026, 4, 31, 15, 30);
		expect(formatDateTime(may31, 'zh-CN', may31)).toBe('5月31日 23:30');
		expect(formatDateTime(may31, 'en', may31)).toBe('May 31 23:30');
		expect(formatDateTime(Date.UTC(2026, 4, 31, 16, 0), 'zh-CN', may31)).toBe('6月1日 00:00');
	});

	it('formats dates and ranges, the year only when it is not this year', () => {
		expect(formatDate(NOV_26_9AM_CHINA, 'zh-CN', NOV_26_9AM_CHINA)).toBe('11月26日');
		expect(formatDate(NOV_26_9AM_CHINA, 'zh-CN', Date.UTC(2027, 0, 5))).toBe('2026年11月26日');
		expect(formatDate(NOV_26_9AM_CHINA, 'en', Date.UTC(2027, 0, 5))).toBe('Nov 26, 2026');
		expect(formatRange(NOV_26_9AM_CHINA, NOV_26_9AM_CHINA + 90 * MIN, 'zh-CN', NOV_26_9AM_CHINA)).toBe('11月26日 09:00–10:30');
		expect(formatRange(NOV_26_9AM_CHINA, NOV_26_9AM_CHINA + 1440 * MIN, 'zh-CN', NOV_26_9AM_CHINA)).toBe('11月26日 09:00 – 11月27日 09:00');
	});
});

describe('time inputs', () => {
	it('reads and writes date and time inputs in China time whatever the device zone', () => {
		expect(fromInputs('2026-11-26', '09:00')).toBe(NOV_26_9AM_CHINA);
		expect(fromInputs('2026-11-26', '09:00:00')).toBe(NOV_26_9AM_CHINA);
		expect(dateInput(NOV_26_9AM_CHINA)).toBe('2026-11-26');
		expect(timeInput(NOV_26_9AM_CHINA)).toBe('09:00');
		expect(dateInput(Date.UTC(2026, 10, 26, 16, 30))).toBe('2026-11-27');
		expect(fromInputs('2026-11-26', '')).toBeNaN();
		expect(fromInputs('', '09:00')).toBeNaN();
	});

	it('reads and writes datetime-local values in China time', () => {
		const ms = Date.UTC(2026, 4, 31, 15, 30);
		expect(toTimeInput(ms)).toBe('2026-05-31T23:30');
		expect(fromTimeInput('2026-05-31T23:30')).toBe(ms);
		expect(fromTimeInput('')).toBeNaN();
		expect(fromTimeInput('tomorrow')).toBeNaN();
	});
});

describe('how long ago and how much', () => {
	const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate('en', key, params);
	it('says just now, minutes, hours, then the date; a clock ahead of ours reads just now', () => {
		const now = Date.UTC(2026, 10, 26, 4, 0);
		expect(timeAgo(now - 20_000, 'zh-CN', zh, now)).toBe('刚刚');
		expect(timeAgo(now + 5 * MIN, 'zh-CN', zh, now)).toBe('刚刚');
		expect(timeAgo(now - 3 * MIN, 'zh-CN', zh, now)).toBe('3分钟前');
		expect(timeAgo(now - 3 * MIN, 'en', en, now)).toBe('3 minutes ago');
		expect(timeAgo(now - 125 * MIN, 'zh-CN', zh, now)).toBe('2小时前');
		expect(timeAgo(now - 30 * 60 * MIN, 'zh-CN', zh, now)).toBe(formatDateTime(now - 30 * 60 * MIN, 'zh-CN', now));
	});

	it('shows storage sizes in a readable unit', () => {
		expect(formatBytes(512, 'en')).toBe('512 byte');
		expect(formatBytes(12.43 * 1024 * 1024, 'en')).toBe('12.4 MB');
		expect(formatBytes(3 * 1024 ** 3, 'zh-CN')).toBe('3 GB');
	});
});
