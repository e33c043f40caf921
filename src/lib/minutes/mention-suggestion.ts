import type { MentionOptions } from '@tiptap/extension-mention';
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';

export interface MentionCandidate {
	id: string;
	name: string;
}

type Suggestion = MentionOptions['suggestion'];

/**
 * Typing @ lists the community's members by name; arrow keys and Enter (or a tap) pick one.
 * The list is a plain listbox placed under the caret, inside the page's own stacking.
 */
export function mentionSuggestion(members: () => MentionCandidate[], noMatch: string): Suggestion {
	return {
		char: '@',
		items: ({ query }) => {
			const wanted = query.trim().toLowerCase();
			return members()
				.filter((m) => !wanted || m.name.toLowerCase().includes(wanted))
				.slice(0, 8);
		},
		render: () => {
			let list: HTMLUListElement | null = null;
			let props: SuggestionProps<MentionCandidate> | null = null;
			let active = 0;

			const choose = (index: number) => {
				const item = props?.items[index];
				if (item && props) props.command({ id: item.id, label: item.name });
			};
			const draw = () => {
				if (!list || !props) return;
				list.replaceChildren();
				if (props.items.length === 0) {
					const empty = document.createElement('li');
					empty.className = 'empty';
					empty.textContent = noMatch;
					list.append(empty);
				}
				props.items.forEach((item, index) => {
					const option = document.createElement('li');
					option.setAttribute('role', 'option');
					option.setAttribute('aria-selected', String(index === active));
					option.textContent = item.name;
					option.addEventListener('mousedown', (event) => {
						event.preventDefault();
						choose(index);
					});
					list!.append(option);
				});
				const rect = props.clientRect?.();
				if (rect) {
					list.style.left = `${Math.max(8, Math.min(rect.left, window.innerWidth - 220)) + window.scrollX}px`;
					list.style.top = `${rect.bottom + 4 + window.scrollY}px`;
				}
			};
			return {
				onStart: (next) => {
					props = next;
					active = 0;
					list = document.createElement('ul');
					list.className = 'mention-list';
					list.setAttribute('role', 'listbox');
					list.dataset.testid = 'mention-list';
					document.body.append(list);
					draw();
				},
				onUpdate: (next) => {
					props = next;
					active = Math.min(active, Math.max(0, next.items.length - 1));
					draw();
				},
				onKeyDown: ({ event }: SuggestionKeyDownProps) => {
					const count = props?.items.length ?? 0;
					if (event.key === 'ArrowDown' && count) active = (active + 1) % count;
					else if (event.key === 'ArrowUp' && count) active = (active + count - 1) % count;
					else if (event.key === 'Enter' || event.key === 'Tab') {
						choose(active);
						return count > 0;
					} else return false;
					draw();
					return true;
				},
				onExit: () => {
					list?.remove();
					list = null;
					props = null;
				}
			};
		}
	};
}
