import { translate } from '$lib/i18n';
import type { Translate } from './panels';

/** Exports carry Chinese headers whatever language the page is read in. */
export const inChinese: Translate = (key, params) => translate('zh-CN', key, params);
