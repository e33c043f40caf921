import type { Locale } from './index';

/**
 * Times shown in China Standard Time, where every community of the product is, whatever the
 * device's own time zone: a report at 23:30 reads 23:30 on every screen.
 */
const TIME_ZONE = 'Asia/Shanghai';

const CHINA_OFFSET_MS = 8 * 3600_000;

/** A `datetime-local` value for `ms`, in China time like every time shown. */
export function toTimeInput(ms: number): string {
	return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 16);
}

/** The epoch ms of a `datetime-local` value read as China time; NaN when empty or malformed. */
export function fromTimeInput(value: string): number {
	return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? Date.parse(`${value}:00+08:00`) : Number.NaN;
}

export function formatDateTime(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale, {
		timeZone: TIME_ZONE,
		month: 'numeric',
		day: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hour12: false
	}).format(ms);
}

export function formatTime(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
}

export function formatDate(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(ms);
}

/** The parts of a span of time, for messages like "2小时5分" / "2 h 5 min". */
export function durationParts(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
	const total = Math.max(0, Math.floor(ms / 1000));
	return {
		days: Math.floor(total / 86400),
		hours: Math.floor((total % 86400) / 3600),
		minutes: Math.floor((total % 3600) / 60),
		seconds: total % 60
	};
}

type Translate = (
	key: 'time.days' | 'time.hours' | 'time.minutes' | 'time.seconds' | 'time.underMinute',
	params: Record<string, string | number>
) => string;

/**
 * "1天3小时", "2小时5分", "12分钟"; a countdown under five minutes goes to the second ("4:05")
 * so it visibly ticks, anything else under a minute reads "不到1分钟".
 */
export function durationText(ms: number, t: Translate, options: { countdown?: boolean } = {}): string {
	const { days, hours, minutes, seconds } = durationParts(ms);
	if (days > 0) return t('time.days', { days, hours });
	if (hours > 0) return t('time.hours', { hours, minutes });
	if (minutes >= 5 || (!options.countdown && minutes > 0)) return t('time.minutes', { minutes });
	if (options.countdown) return t('time.seconds', { minutes, seconds: String(seconds).padStart(2, '0') });
	return t('time.underMinute', {});
}
