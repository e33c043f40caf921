import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt with Node's default cost (N=2^14, r=8, p=1: 16 MiB, ~40 ms here). The parameters are
 * stored with each hash, so raising them later only affects passwords set from then on.
 */
const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
	// maxmem leaves room for stronger stored parameters than the current default.
	const withMemory = { ...options, maxmem: 256 * 1024 * 1024 };
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFC'), salt, keyLength, withMemory, (error, key) =>
			error ? reject(error) : resolve(key)
		)
	);
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(SALT_LENGTH);
	const key = await derive(password, salt, COST, KEY_LENGTH);
	return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [N, r, p] = parts.slice(1, 4).map(Number);
	const salt = Buffer.from(parts[4], 'base64');
	const expected = Buffer.from(parts[5], 'base64');
	if (![N, r, p].every(Number.isSafeInteger) || expected.length === 0) return false;
	try {
		const actual = await derive(password, salt, { N, r, p }, expected.length);
		return timingSafeEqual(actual, expected);
	} catch {
		return false; // parameters scrypt refuses (N not a power of two, too much memory)
	}
}

/** A hash no password matches, so an unknown username costs as much time as a wrong password. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
	decoy ??= hashPassword(randomBytes(16).toString('hex'));
	return decoy;
}
