import { derived, writable } from 'svelte/store';
import { ModelError } from '$lib/model';
import { attributionMessages } from './attribution';
import { careMessages } from './care';
import { careSickbedMessages } from './careSickbed';
import { casesMessages } from './cases';
import { dashboardMessages } from './dashboard';
import { en } from './en';
import { memberMessages } from './members';
import { minutesMessages } from './minutes';
import { minutesHistoryMessages } from './minutesHistory';
import { offlineMessages } from './offline';
import { pairingMessages } from './pairings';
import { photoMessages } from './photos';
import { searchMessages } from './search';
import { volunteerMessages } from './volunteers';
import { zhCN } from './zh-CN';

export type Locale = 'zh-CN' | 'en';

/**
 * The app's core messages, then each feature's (see messages.ts): a feature's file is spread
 * into both catalogues here.
 */
export const catalogs = {
	'zh-CN': {
		...zhCN,
		...casesMessages['zh-CN'],
		...volunteerMessages['zh-CN'],
		...pairingMessages['zh-CN'],
		...minutesMessages['zh-CN'],
		...minutesHistoryMessages['zh-CN'],
		...attributionMessages['zh-CN'],
		...searchMessages['zh-CN'],
		...offlineMessages['zh-CN'],
		...photoMessages['zh-CN'],
		...memberMessages['zh-CN'],
		...dashboardMessages['zh-CN'],
		...careMessages['zh-CN'],
		...careSickbedMessages['zh-CN']
	},
	en: {
		...en,
		...casesMessages.en,
		...volunteerMessages.en,
		...pairingMessages.en,
		...minutesMessages.en,
		...minutesHistoryMessages.en,
		...attributionMessages.en,
		...searchMessages.en,
		...offlineMessages.en,
		...photoMessages.en,
		...memberMessages.en,
		...dashboardMessages.en,
		...careMessages.en,
		...careSickbedMessages.en
	}
} satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof catalogs)['zh-CN'];
const STORAGE_KEY = 'gongzhi.locale';

function initialLocale(): Locale {
	if (typeof localStorage === 'undefined') return 'zh-CN';
	return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export const locale = writable<Locale>(initialLocale());
locale.subscribe((value) => {
	if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, value);
	if (typeof document !== 'undefined') document.documentElement.lang = value;
});

export function translate(lang: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
	return (catalogs[lang] as Record<MessageKey, string>)[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** `$t('key', { count })` in components. */
export const t = derived(locale, (lang) => (key: MessageKey, params?: Record<string, string | number>) =>
	translate(lang, key, params)
);

/**
 * The user-facing message for an error thrown by the model. A `scope` (`volunteer`,
 * `activity` …) picks `error.<scope>.<field>` before `error.<field>`: fields of different
 * records share names.
 */
export function errorMessageKey(error: unknown, scope?: string): { key: MessageKey; detail: string } {
	if (error instanceof ModelError) {
		if (error.code === 'not-found') return { key: 'error.not-found', detail: error.message };
		const keys = [scope && `error.${scope}.${error.field}`, `error.${error.field}`];
		const known = error.field && keys.find((key): key is MessageKey => !!key && key in catalogs['zh-CN']);
		if (known) return { key: known, detail: error.message };
	}
	return { key: 'error.generic', detail: error instanceof Error ? error.message : String(error) };
}
