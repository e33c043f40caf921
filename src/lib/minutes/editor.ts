import { Editor, Extension, Mark, mergeAttributes } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Mention from '@tiptap/extension-mention';
import { TableKit } from '@tiptap/extension-table';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import StarterKit from '@tiptap/starter-kit';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import type * as Y from 'yjs';
import { mentionSuggestion, type MentionCandidate } from './mention-suggestion';
import { cleanPastedHtml } from './paste';

/**
 * What a member shows the others (awareness `user`): a reader (`viewing`) is listed apart and
 * has no caret in their editors, since it cannot type.
 */
export interface PresenceUser {
	name: string;
	color: string;
	viewing: boolean;
}

/** A caret, or nothing for a reader (it cannot type, so a caret would say it does). */
function caretOf(user: Record<string, unknown>): HTMLElement {
	const caret = document.createElement('span');
	if (user.viewing) return caret;
	caret.classList.add('collaboration-carets__caret');
	caret.style.borderColor = String(user.color);
	const label = document.createElement('div');
	label.classList.add('collaboration-carets__label');
	label.style.backgroundColor = String(user.color);
	label.textContent = String(user.name);
	caret.append(label);
	return caret;
}

function selectionOf(user: Record<string, unknown>) {
	if (user.viewing) return {};
	return { class: 'ProseMirror-yjs-selection', style: `background-color: ${String(user.color)}70` };
}

/** What the inline marker beside a decision's passage shows. */
export interface DecisionChip {
	label: string;
	state: string;
}

export interface MinutesEditorOptions {
	element: HTMLElement;
	/** The meeting document's `body`. */
	fragment: Y.XmlFragment;
	/** The meeting document's provider: its awareness carries carets and names. */
	provider: HocuspocusProvider;
	user: PresenceUser;
	members: () => MentionCandidate[];
	decision: (id: string) => DecisionChip | null;
	editable: boolean;
	label: string;
	noMatch: string;
}

/** A passage a decision or action item was made from; the decision lives in the meeting header. */
const DecisionPassage = Mark.create({
	name: 'decision',
	inclusive: false,
	addAttributes() {
		return {
			id: {
				default: null,
				parseHTML: (element) => element.getAttribute('data-decision'),
				renderHTML: (attributes) => ({ 'data-decision': attributes.id })
			}
		};
	},
	parseHTML() {
		return [{ tag: 'span[data-decision]' }];
	},
	renderHTML({ HTMLAttributes }) {
		return ['span', mergeAttributes(HTMLAttributes, { class: 'decision-passage' }), 0];
	}
});

const decisionChips = new PluginKey<DecisionSet>('decisionChips');
type DecisionSet = DecorationSet;

/** A chip after the last character of each decision's passage, showing where it stands. */
function chipsOf(state: EditorState, decision: MinutesEditorOptions['decision']): DecorationSet {
	const ends = new Map<string, number>();
	state.doc.descendants((node, pos) => {
		if (!node.isText) return;
		for (const mark of node.marks) {
			if (mark.type.name === 'decision' && typeof mark.attrs.id === 'string') {
				ends.set(mark.attrs.id, Math.max(ends.get(mark.attrs.id) ?? 0, pos + node.nodeSize));
			}
		}
	});
	const widgets = [...ends].flatMap(([id, end]) => {
		const chip = decision(id);
		if (!chip) return [];
		return [
			Decoration.widget(
				end,
				() => {
					const element = document.createElement('span');
					element.className = `decision-chip ${chip.state}`;
					element.contentEditable = 'false';
					element.dataset.decisionChip = id;
					element.textContent = chip.label;
					return element;
				},
				{ side: 1, key: `${id}:${chip.state}:${chip.label}`, ignoreSelection: true }
			)
		];
	});
	return DecorationSet.create(state.doc, widgets);
}

function decisionChipsPlugin(decision: MinutesEditorOptions['decision']): Plugin {
	return new Plugin<DecisionSet>({
		key: decisionChips,
		state: {
			init: (_, state) => chipsOf(state, decision),
			apply: (tr, old, _, state) => (tr.docChanged || tr.getMeta(decisionChips) ? chipsOf(state, decision) : old)
		},
		props: {
			decorations: (state) => decisionChips.getState(state)
		}
	});
}

/**
 * ProseMirror learns where the caret went from the browser's `selectionchange` event, which
 * Chromium queues behind input events and delivers late while the page is busy (the live
 * read, presence, a slow phone): a key pressed right after a click then acted on the old
 * selection — in a freshly opened minutes, the start of the text, where Enter split the first
 * heading and the words went. Before any key, the editor reads the selection the way that
 * event would have it read (`DOMObserver.onSelectionChange`, not in the view's typings).
 */
function readSelectionFirst(view: EditorView): boolean {
	const observer = (view as unknown as { domObserver?: { onSelectionChange?: () => void } }).domObserver;
	if (!view.composing) observer?.onSelectionChange?.();
	return false;
}

const SelectionBeforeKeys = Extension.create({
	name: 'selectionBeforeKeys',
	addProseMirrorPlugins: () => [
		new Plugin({ key: new PluginKey('selectionBeforeKeys'), props: { handleDOMEvents: { keydown: readSelectionFirst } } })
	]
});

/**
 * The minutes editor: TipTap bound to the meeting's `body` fragment, with the collaborators'
 * carets and names, headings, lists, tables, bold/italic and mentions of members. Undo is
 * Yjs's (per user), not the editor's own history (`undoRedo: false`).
 */
export function createMinutesEditor(options: MinutesEditorOptions): Editor {
	const DecisionChips = Extension.create({
		name: 'decisionChips',
		addProseMirrorPlugins: () => [decisionChipsPlugin(options.decision)]
	});
	return new Editor({
		element: options.element,
		editable: options.editable,
		extensions: [
			StarterKit.configure({
				undoRedo: false,
				heading: { levels: [1, 2, 3] },
				// Kept to what the exports render and the model documents: no links, code or
				// underline arriving from a paste.
				link: false,
				code: false,
				codeBlock: false,
				underline: false,
				strike: false,
				// It appends an empty paragraph to minutes ending in a heading, list or table as
				// soon as they are shown: a write on opening, which the relay refuses from a reader
				// (its copy of the minutes is then dropped) and which every manager opening them
				// at once would each add. The gap cursor already lets one type after a table.
				trailingNode: false
			}),
			TableKit.configure({ table: { resizable: false } }),
			Mention.configure({
				HTMLAttributes: { class: 'mention' },
				suggestion: mentionSuggestion(options.members, options.noMatch)
			}),
			DecisionPassage,
			DecisionChips,
			SelectionBeforeKeys,
			Collaboration.configure({ fragment: options.fragment }),
			CollaborationCaret.configure({
				provider: options.provider,
				user: options.user,
				render: caretOf,
				selectionRender: selectionOf
			})
		],
		editorProps: {
			transformPastedHTML: cleanPastedHtml,
			attributes: {
				class: 'minutes-body',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': options.label,
				'data-testid': 'minutes-editor'
			}
		}
	});
}

/** Re-draws the decision chips, after decisions changed in the meeting header. */
export function refreshDecisionChips(editor: Editor): void {
	editor.view.dispatch(editor.state.tr.setMeta(decisionChips, true).setMeta('addToHistory', false));
}

/** A caret colour per user, stable across sessions (the caret extension wants #rrggbb). */
const COLORS = ['#c62828', '#1565c0', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e'];
export function colorOf(userId: string): string {
	let hash = 0;
	for (const char of userId) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
	return COLORS[hash % COLORS.length];
}
