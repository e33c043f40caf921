/**
 * HTML pasted from Word or WeChat, made plain before the editor parses it into its schema
 * (which keeps only its own nodes and marks, so no foreign style or attribute survives
 * anyway). This removes what the schema would otherwise read as text: Office's conditional
 * comments and hidden list bullets, style sheets, scripts and XML islands.
 */
export function cleanPastedHtml(html: string): string {
	return html
		.replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, '')
		.replace(/<!--[\s\S]*?-->/g, '')
		.replace(/<(script|style|xml|template|noscript|iframe|object|title|head)\b[\s\S]*?<\/\1\s*>/gi, '')
		.replace(/<(script|style|meta|link|base|iframe|object|embed)\b[^>]*>/gi, '')
		.replace(/<span\b[^>]*mso-list:\s*ignore[^>]*>[\s\S]*?<\/span>/gi, '')
		.replace(/<\/?o:[a-z]+\b[^>]*>/gi, '')
		.replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
}
