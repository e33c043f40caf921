import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv } from './csv';

const utf8 = (text: string) => new TextEncoder().encode(text);
/** 姓名,电话 / 王秀兰,13903521101 as a Chinese Windows saves it (GBK). */
const GBK = Uint8Array.from([
	0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb5, 0xe7, 0xbb, 0xb0, 0x0d, 0x0a, 0xcd, 0xf5, 0xd0, 0xe3, 0xc0, 0xbc, 0x2c,
	...utf8('13903521101')
]);

describe('decodeText', () => {
	it('reads UTF-8 and drops a byte order mark', () => {
		expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('姓名,电话')]))).toEqual({ text: '姓名,电话', encoding: 'utf-8' });
		expect(decodeText(utf8('王秀兰')).text).toBe('王秀兰');
	});

	it('reads GBK when the bytes are not UTF-8', () => {
		expect(decodeText(GBK)).toEqual({ text: '姓名,电话\r\n王秀兰,13903521101', encoding: 'gb18030' });
	});
});

describe('parseCsv', () => {
	it('reads quoted fields with separators, doubled quotes and line breaks inside', () => {
		const text = '姓名,单位,技能\r\n"王秀兰","退休教师, 文苑","读报、""陪伴""聊天"\r\n李芳,"大同\n二中",普法\r\n';
		expect(parseCsv(text)).toEqual([
			['姓名', '单位', '技能'],
			['王秀兰', '退休教师, 文苑', '读报、"陪伴"聊天'],
			['李芳', '大同\n二中', '普法']
		]);
	});

	it('accepts LF and CR line ends, a missing final line end, empty fields and a BOM', () => {
		expect(parseCsv('\uFEFFa,b\nc,\rd,"e"')).toEqual([['a', 'b'], ['c', ''], ['d', 'e']]);
		expect(parseCsv('a,,\n')).toEqual([['a', '', '']]);
		expect(parseCsv('')).toEqual([]);
	});

	it('detects tab-separated text pasted from a spreadsheet', () => {
		expect(parseCsv('姓名\t电话\n王秀兰\t13903521101')).toEqual([['姓名', '电话'], ['王秀兰', '13903521101']]);
	});

	it('keeps a quote inside an unquoted field as text', () => {
		expect(parseCsv('a 5" b,c')).toEqual([['a 5" b', 'c']]);
	});
});
