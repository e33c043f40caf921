import { CHINA_OFFSET_MS } from '$lib/model';
import type { Locale } from './index';

/**
 * Times shown and entered in China Standard Time, where every community of the product is,
 * whatever the device's own time zone (like the model's months): a report at 23:30 reads 23:30
 * on every screen, and a phone set to UTC does not show a 9:00 activity at 1:00.
 */
const TIME_ZONE = 'Asia/Shanghai';
const pad = (n: number) => String(n).padStart(2, '0');

function parts(ms: number) {
	const d = new Date(ms + CHINA_OFFSET_MS);
	return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes() };
}

/** `YYYY-MM-DD` of `ms` in China time, for `<input type="date">`. */
export function dateInput(ms: number): string {
	const p = parts(ms);
	return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}

/** `HH:mm` of `ms` in China time, for `<input type="time">`. */
export function timeInput(ms: number): string {
	const p = parts(ms);
	return `${pad(p.h)}:${pad(p.mi)}`;
}

/** Epoch ms of a date and time read in China time; NaN when either is incomplete. */
export function fromInputs(date: string, time = '00:00'): number {
	const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	const t = /^(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?$/.exec(time);
	if (!d || !t) return Number.NaN;
	return Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]) - CHINA_OFFSET_MS;
}

/** A `datetime-local` value for `ms`, in China time. */
export function toTimeInput(ms: number): string {
	return `${dateInput(ms)}T${timeInput(ms)}`;
}

/** The epoch ms of a `datetime-local` value read as China time; NaN when empty or malformed. */
export function fromTimeInput(value: string): number {
	const [date, time] = value.split('T');
	return time === undefined ? Number.NaN : fromInputs(date, time);
}

/** 11月26日 / Nov 26, with the year when it is not `now`'s. */
export function formatDate(ms: number, locale: Locale, now = Date.now()): string {
	const year = parts(ms).y === parts(now).y ? undefined : 'numeric';
	return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year, month: 'short', day: 'numeric' }).format(ms);
}

export function formatTime(ms: number, locale: Locale): string {
	return new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
}

/** 11月26日 09:00 (with the year when it is not `now`'s). */
export function formatDateTime(ms: number, locale: Locale, now = Date.now()): string {
	return `${formatDate(ms, locale, now)} ${formatTime(ms, locale)}`;
}

/** 11月26日 09:00–10:30, or across days with both dates. */
export function formatRange(start: number, end: number, locale: Locale, now = Date.now()): string {
	return dateInput(start) === dateInput(end)
		? `${formatDateTime(start, locale, now)}–${formatTime(end, locale)}`
		: `${formatDateTime(start, locale, now)} – ${formatDateTime(end, locale, now)}`;
}

/** A whole day with its weekday, as a day's digest is headed: 2026年5月10日周日. */
export function formatDay(ms: number, locale: Locale): string {
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
	key: 'time.days' | 'time.hours' | 'time.minutes' | 'time.seconds' | 'time.underMinute' | 'time.justNow',
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

/**
 * How long ago, as a person says it: 刚刚 / 3 分钟前 / 2 小时前, then the date and time. `now`
 * before `ms` (another device's clock) reads as just now, never "in 2 minutes".
 */
export function timeAgo(ms: number, locale: Locale, t: Translate, now = Date.now()): string {
	const minutes = Math.floor(Math.max(0, now - ms) / 60_000);
	if (minutes < 1) return t('time.justNow', {});
	const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
	if (minutes < 60) return relative.format(-minutes, 'minute');
	if (minutes < 24 * 60) return relative.format(-Math.floor(minutes / 60), 'hour');
	return formatDateTime(ms, locale, now);
}

/** A storage size in the largest unit that keeps it readable: 820 KB, 12.4 MB, 1.2 GB. */
export function formatBytes(bytes: number, locale: Locale): string {
	const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit > 1 ? 1 : 0 }).format(value);
}
