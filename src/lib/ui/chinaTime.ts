/**
 * Dates and times as the community reads them: China time whatever the device's zone, like
 * the model's months (a phone set to UTC must not show a 9:00 activity at 1:00).
 */
const OFFSET_MS = 8 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

function parts(ms: number) {
	const d = new Date(ms + OFFSET_MS);
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
	const t = /^(\d{2}):(\d{2})/.exec(time);
	if (!d || !t) return Number.NaN;
	return Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]) - OFFSET_MS;
}

/** 11月26日 09:00 (with the year when it is not `now`'s). */
export function formatDateTime(ms: number, now = Date.now()): string {
	return `${formatDate(ms, now)} ${timeInput(ms)}`;
}

export function formatDate(ms: number, now = Date.now()): string {
	const p = parts(ms);
	const year = p.y === parts(now).y ? '' : `${p.y}年`;
	return `${year}${p.mo}月${p.d}日`;
}

/** 11月26日 09:00–10:30, or across days with both dates. */
export function formatRange(start: number, end: number, now = Date.now()): string {
	return dateInput(start) === dateInput(end)
		? `${formatDateTime(start, now)}–${timeInput(end)}`
		: `${formatDateTime(start, now)} – ${formatDateTime(end, now)}`;
}
