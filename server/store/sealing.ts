import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { isPrivateKind, parseDocName } from '../../src/lib/model';
import { StoreError } from './types';

/**
 * Sealed bytes begin with eight 0xFF bytes: a Yjs update cannot (its first number, a varuint,
 * would run past 2^53 and fail to decode), so stored bytes say themselves whether they are sealed.
 */
const MAGIC = Buffer.alloc(8, 0xff);
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 1 + IV_BYTES;

/** Whether a document's stored bytes are sealed: the residents' care records and the care team. */
export function sealsDocument(name: string): boolean {
	const ref = parseDocName(name);
	return ref !== null && isPrivateKind(ref.kind);
}

export function isSealed(bytes: Uint8Array): boolean {
	return bytes.byteLength >= HEADER_BYTES + TAG_BYTES && MAGIC.every((byte, i) => bytes[i] === byte);
}

/**
 * Encryption at rest of the private documents (snapshots, the update log and its history) with
 * AES-256-GCM. The data key is derived (HKDF-SHA-256) from the server's secret, the one signing
 * sign-in tokens (`secret.key` beside the SQLite file, a row of PostgreSQL's `secrets`): a copy
 * of the database alone opens no resident's record. Each row has its own random IV, and the
 * document's name is authenticated with it, so a row moved to another document fails to open.
 */
export class Sealer {
	private constructor(private readonly key: Buffer) {}

	static fromSecret(secret: Uint8Array): Sealer {
		return new Sealer(Buffer.from(hkdfSync('sha256', secret, 'gongzhi-workspace', 'private documents at rest v1', 32)));
	}

	seal(name: string, plain: Uint8Array): Uint8Array {
		const iv = randomBytes(IV_BYTES);
		const cipher = createCipheriv('aes-256-gcm', this.key, iv);
		cipher.setAAD(Buffer.from(name));
		const body = Buffer.concat([cipher.update(plain), cipher.final()]);
		return new Uint8Array(Buffer.concat([MAGIC, Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]));
	}

	/**
	 * The plain bytes of a stored row; bytes stored before sealing began come back as they are
	 * (the server seals them at start, `sealPrivateDocuments`).
	 */
	open(name: string, stored: Uint8Array): Uint8Array {
		if (!isSealed(stored)) return stored;
		const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
		if (bytes[MAGIC.length] !== VERSION) throw new StoreError('corrupt', `${name}: sealed with an unknown version`);
		try {
			const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(MAGIC.length + 1, HEADER_BYTES));
			decipher.setAAD(Buffer.from(name));
			decipher.setAuthTag(bytes.subarray(bytes.byteLength - TAG_BYTES));
			return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES, bytes.byteLength - TAG_BYTES)), decipher.final()]));
		} catch {
			throw new StoreError(
				'corrupt',
				`${name}: cannot be decrypted with this server's secret (was secret.key, or the secrets row, replaced?)`
			);
		}
	}

	/** Sealed if the document is a private one, else as it is. */
	sealFor(name: string, bytes: Uint8Array): Uint8Array {
		return sealsDocument(name) ? this.seal(name, bytes) : bytes;
	}

	openFor(name: string, bytes: Uint8Array): Uint8Array {
		return sealsDocument(name) ? this.open(name, bytes) : bytes;
	}
}
