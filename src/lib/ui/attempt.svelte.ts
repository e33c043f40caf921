import { get } from 'svelte/store';
import { errorMessageKey, t } from '$lib/i18n';

/**
 * Runs a write and keeps the message of its failure for the page to show: model errors are
 * translated by field within `scope` (see `errorMessageKey`).
 */
export function attempt(scope?: string) {
	let message = $state('');
	return {
		get message() {
			return message;
		},
		clear() {
			message = '';
		},
		async run(action: () => unknown): Promise<boolean> {
			message = '';
			try {
				await action();
				return true;
			} catch (caught) {
				const { key, detail } = errorMessageKey(caught, scope);
				message = get(t)(key, { detail });
				return false;
			}
		}
	};
}
