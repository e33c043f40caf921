import { describe, expect, it } from 'vitest';
import { catalogs } from './index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogues', () => {
	const keys = Object.keys(catalogs['zh-CN']) as (keyof (typeof catalogs)['zh-CN'])[];

	it('give every message in both languages, never empty', () => {
		expect(Object.keys(catalogs.en).sort()).toEqual([...keys].sort());
		const empty = keys.filter((key) => !catalogs['zh-CN'][key].trim() || !catalogs.en[key].trim());
		expect(empty).toEqual([]);
	});

	it('use the same placeholders in both languages', () => {
		const differing = keys.filter((key) => placeholders(catalogs['zh-CN'][key]).join() !== placeholders(catalogs.en[key]).join());
		expect(differing).toEqual([]);
	});

	it('keep Chinese in the Chinese catalogue', () => {
		// A message copied over untranslated would read English in the default language. These
		// are names: the language switch offers "English"; CSV and Excel are file formats.
		const names = new Set(['nav.language', 'dash.export.csv', 'dash.export.xlsx']);
		const untranslated = keys.filter((key) => {
			const text = catalogs['zh-CN'][key].replace(/\{\w+\}/g, '');
			return !names.has(key) && /^[\x20-\x7e]*$/.test(text) && /[a-z]{3,}/i.test(text);
		});
		expect(untranslated).toEqual([]);
	});
});
