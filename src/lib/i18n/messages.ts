/**
 * A feature's messages in both languages, side by side in one file, so a feature adds its own
 * file instead of growing two shared ones. The English catalogue must name every Chinese key.
 */
export function defineMessages<const Z extends Record<string, string>>(
	zhCN: Z,
	en: Record<keyof Z, string>
): { 'zh-CN': Z; en: Record<keyof Z, string> } {
	return { 'zh-CN': zhCN, en };
}
