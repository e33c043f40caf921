import { describe, expect, it } from 'vitest';
import { cleanPastedHtml } from './paste';

describe('cleanPastedHtml', () => {
	it('drops Office conditional comments, list bullets, styles, scripts and event handlers', () => {
		const word = `<html><head><style>p{color:red}</style><meta charset=utf-8></head><body>
<!--[if !supportLists]--><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='mso-list:Ignore'>1.<span style='font:7pt'>&nbsp;</span></span>加装电梯<o:p></o:p></p><!--[endif]-->
<p onclick="steal()" style="color:red">议定<b>事项</b></p><script>alert(1)</script><xml><w:WordDocument/></xml></body></html>`;
		const clean = cleanPastedHtml(word);
		expect(clean).not.toMatch(/script|style>|mso-list:Ignore|<o:p>|onclick|<xml|<!--|1\./i);
		expect(clean).toContain('议定<b>事项</b>');
	});

	it('keeps WeChat sections and their text', () => {
		const wechat = '<section style="margin:0"><p><span style="font-size:15px">楼道清理通知</span></p></section>';
		expect(cleanPastedHtml(wechat)).toBe(wechat);
	});
});
