import { describe, expect, it } from 'vitest';
import { attachmentRef, parseAttachmentRef, photoLink, sniffImageType } from './attachments';

const ID = 'ab'.repeat(32);

describe('attachment references', () => {
	it('formats and parses att:<sha256>', () => {
		expect(attachmentRef(ID)).toBe(`att:${ID}`);
		expect(parseAttachmentRef(attachmentRef(ID))).toBe(ID);
		expect(attachmentRef(ID).length).toBeLessThanOrEqual(200);
	});

	it('reads anything else as no attachment: old links, upper case, short or long hashes', () => {
		for (const ref of ['https://example.org/p.jpg', `att:${ID.toUpperCase()}`, `att:${ID.slice(1)}`, `att:${ID}0`, 'att-123', '', null, undefined]) {
			expect(parseAttachmentRef(ref), String(ref)).toBeNull();
		}
		expect(() => attachmentRef('not-a-hash')).toThrow('not an attachment id');
	});

	it('keeps old web links for display, and nothing else', () => {
		expect(photoLink('https://example.org/p.jpg')).toBe('https://example.org/p.jpg');
		expect(photoLink('http://example.org/p.jpg')).toBe('http://example.org/p.jpg');
		expect(photoLink('javascript:alert(1)')).toBeNull();
		expect(photoLink('blob:abc123')).toBeNull();
		expect(photoLink(`att:${ID}`)).toBeNull();
	});
});

describe('sniffImageType', () => {
	const of = (...bytes: number[]) => new Uint8Array([...bytes, 0, 0, 0, 0]);
	it('recognises JPEG, PNG and WebP by their first bytes', () => {
		expect(sniffImageType(of(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
		expect(sniffImageType(of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('image/png');
		expect(sniffImageType(of(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50))).toBe('image/webp');
	});

	it('refuses everything else: GIF, SVG, HTML, a RIFF that is not WebP, truncated headers, nothing', () => {
		const text = (s: string) => new TextEncoder().encode(s);
		expect(sniffImageType(text('GIF89a……'))).toBeNull();
		expect(sniffImageType(text('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
		expect(sniffImageType(text('<!doctype html><script>alert(1)</script>'))).toBeNull();
		expect(sniffImageType(of(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45))).toBeNull();
		expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e]))).toBeNull();
		expect(sniffImageType(new Uint8Array())).toBeNull();
	});
});
