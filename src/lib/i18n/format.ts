import type { Locale } from './index';

/**
 * Times shown in China Standard Time, where every community of the product is, whatever the
 * device's own time zone: a report at 23:30 reads 23:30 on every screen.
 */
const TIME_ZONE = 'Asia/Shanghai';

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

type Translate = (key: 'time.days' | 'time.hours' | 'time.minutes' | 'time.seconds', params: Record<string, string | number>) => string;

/** "1天3小时", "2小时5分", "12分钟", "4:05" (under five minutes, to the second, as it counts down). */
export function durationText(ms: number, t: Translate): string {
	const { days, hours, minutes, seconds } = durationParts(ms);
	if (days > 0) return t('time.days', { days, hours });
	if (hours > 0) return t('time.hours', { hours, minutes });
	if (minutes >= 5) return t('time.minutes', { minutes });
	return t('time.seconds', { minutes, seconds: String(seconds).padStart(2, '0') });
}
