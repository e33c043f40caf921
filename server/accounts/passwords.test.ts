import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
	it('stores scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
		const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
		expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
		expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
	});

	it('accepts the password and nothing else', async () => {
		const stored = await hashPassword('correct horse');
		expect(await verifyPassword('correct horse', stored)).toBe(true);
		expect(await verifyPassword('correct horse ', stored)).toBe(false);
		expect(await verifyPassword('', stored)).toBe(false);
	});

	it('rejects stored values that are not scrypt hashes instead of throwing', async () => {
		for (const stored of ['', 'plain', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$c2FsdA==$aGFzaA==', 'scrypt$3$8$1$c2FsdA==$aGFzaA==']) {
			expect(await verifyPassword('anything', stored)).toBe(false);
		}
	});
});
