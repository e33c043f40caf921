/**
 * Meeting times are shown and entered in China Standard Time (UTC+8, no daylight saving), like
 * every domain time of the model, whatever the device's own time zone.
 */
const OFFSET = 8 * 3_600_000;

/** `YYYY-MM-DDTHH:mm` for an `<input type="datetime-local">`. */
export function toLocalInput(ms: number): string {
	return new Date(ms + OFFSET).toISOString().slice(0, 16);
}

/** The epoch ms of a `datetime-local` or `date` value read as China time; NaN when empty or malformed. */
export function fromLocalInput(value: string): number {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(value);
	if (!match) return Number.NaN;
	const [, y, mo, d, h = '0', mi = '0'] = match;
	return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) - OFFSET;
}

export function formatDateTime(ms: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, {
		timeZone: 'Asia/Shanghai',
		year: 'numeric',
		month: 'long',
		day: 'numeric',
		weekday: 'short',
		hour: '2-digit',
		minute: '2-digit',
		hour12: false
	}).format(ms);
}

export function formatDate(ms: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).format(ms);
}
