import { describe, expect, it } from 'vitest';
import { formatDate, fromLocalInput, toLocalInput } from './dates';

describe('China-time inputs', () => {
	it('round-trips a meeting time and reads it in UTC+8 on any device', () => {
		const at = Date.UTC(2026, 5, 12, 7, 30);
		expect(toLocalInput(at)).toBe('2026-06-12T15:30');
		expect(fromLocalInput('2026-06-12T15:30')).toBe(at);
		expect(fromLocalInput('2026-06-12')).toBe(Date.UTC(2026, 5, 11, 16));
		expect(fromLocalInput('')).toBeNaN();
		expect(formatDate(Date.UTC(2026, 4, 31, 17), 'zh-CN')).toBe('2026/6/1');
	});
});
