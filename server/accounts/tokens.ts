import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

const SECRET_FILE = 'secret.key';
export const SECRET_LENGTH = 32;

/**
 * The HS256 key for login tokens: created on first start, reused afterwards so tokens survive
 * a restart. Deleting the file signs everybody out.
 */
export function ensureSecret(dataDir: string): Uint8Array {
	const file = path.join(dataDir, SECRET_FILE);
	fs.mkdirSync(dataDir, { recursive: true });
	try {
		// 'wx' fails if the file exists, so two processes starting at once keep one secret.
		fs.writeFileSync(file, randomBytes(SECRET_LENGTH), { mode: 0o600, flag: 'wx' });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	const secret = fs.readFileSync(file);
	if (secret.length !== SECRET_LENGTH) {
		throw new Error(`${file} should hold ${SECRET_LENGTH} bytes, it holds ${secret.length}; delete it to make a new one`);
	}
	return new Uint8Array(secret);
}

export interface VerifiedToken {
	userId: string;
	expiresAt: number;
}

export interface Tokens {
	issue(userId: string): Promise<string>;
	/** Whom the token was issued to and when it expires (epoch ms); null when malformed, forged or expired. */
	verify(token: string): Promise<VerifiedToken | null>;
}

export function createTokens(secret: Uint8Array, ttlSeconds: number): Tokens {
	return {
		issue: (userId) =>
			new SignJWT({})
				.setProtectedHeader({ alg: 'HS256' })
				.setSubject(userId)
				.setIssuedAt()
				.setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
				.sign(secret),
		async verify(token) {
			try {
				const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
				if (typeof payload.sub !== 'string' || !payload.sub || typeof payload.exp !== 'number') return null;
				return { userId: payload.sub, expiresAt: payload.exp * 1000 };
			} catch {
				return null;
			}
		}
	};
}
