import { randomBytes } from 'node:crypto';
import { format } from 'node:util';
import { pino, type Level, type Logger } from 'pino';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const requested = process.env.LOG_LEVEL?.trim().toLowerCase() || 'info';

/**
 * The server's one logger: JSON lines on stdout (`level` as a word, `time` in ISO 8601), level
 * from `LOG_LEVEL`. Nothing here should ever carry a token, a password or document content;
 * the redaction is a net for the day someone logs a whole object carelessly.
 */
export const log: Logger = pino({
	level: LEVELS.includes(requested) ? requested : 'info',
	timestamp: pino.stdTimeFunctions.isoTime,
	formatters: { level: (label) => ({ level: label }) },
	redact: {
		paths: ['token', 'password', 'authorization', '*.token', '*.password', '*.authorization', '*.headers.authorization'],
		censor: '[redacted]'
	}
});
if (!LEVELS.includes(requested)) {
	log.warn({ LOG_LEVEL: process.env.LOG_LEVEL, levels: LEVELS }, 'unknown LOG_LEVEL, logging at info');
}

/** Short random ids for requests and connections: unique enough to grep one out of a day's log. */
export function newId(): string {
	return randomBytes(6).toString('base64url');
}

/** The logger of one WebSocket connection, from the id the upgrade handler gave it. */
export function connectionLog(connectionId: unknown): Logger {
	return typeof connectionId === 'string' ? log.child({ conn: connectionId }) : log;
}

/**
 * Sends what libraries print with `console` (Hocuspocus reports failed hooks that way) through
 * the logger, so stdout stays one JSON object a line.
 */
export function routeConsoleToLog(): void {
	const to = (level: Level) => (...args: unknown[]) => log[level](format(...args));
	console.log = to('info');
	console.info = to('info');
	console.warn = to('warn');
	console.error = to('error');
	console.debug = to('debug');
}
