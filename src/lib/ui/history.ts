import type { MessageKey } from '$lib/i18n';
import type { FieldChange } from '$lib/model';

/** One line of a record's history as `ChangeHistory` shows it. */
export interface HistoryItem {
	key: string;
	/** The writer's device time. */
	at: number;
	/** When the relay received it, where the record keeps that (a case's events). */
	relayAt?: number;
	text: string;
}

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const shown = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value));

/**
 * Field changes as history lines: "<who> changed <field> from <a> to <b>", archiving and
 * restoring said as such. `label` names a field in the reader's language; `format` shows a value
 * (a date, a grid's name) where the raw one would not read well.
 */
export function fieldChangeItems(
	changes: FieldChange[],
	t: Translate,
	options: {
		nameOf: (userId: string) => string;
		label: (field: string) => string;
		format?: (field: string, value: unknown) => string | null;
	}
): HistoryItem[] {
	const value = (field: string, v: unknown) => options.format?.(field, v) ?? shown(v);
	return changes.map((change, index) => {
		const who = options.nameOf(change.by);
		const text =
			change.field === 'archived'
				? t(change.value ? 'changes.archived' : 'changes.restored', { who })
				: t(shown(change.previous) === '—' ? 'changes.set' : 'changes.changed', {
						who,
						field: options.label(change.field),
						previous: value(change.field, change.previous),
						value: value(change.field, change.value)
					});
		return { key: `field:${index}:${change.at}:${change.by}`, at: change.at, text };
	});
}
