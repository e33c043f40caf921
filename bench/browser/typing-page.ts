/**
 * The browser side of the typing benchmark, bundled by Vite and served on loopback. It shows a
 * minutes body of a given length in the app's minutes editor (`createMinutesEditor`: TipTap
 * bound to the meeting document, carets on, the page's re-read of the text after every change)
 * or in TipTap without collaboration, puts the caret in the middle, and records for every
 * keydown the time until the frame after it has been painted.
 */
import { Editor } from '@tiptap/core';
import { Selection } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { bodyText, minutesBody } from '../../src/lib/model';
import { createMinutesEditor } from '../../src/lib/minutes/editor';

export type Variant = 'app' | 'plain';

/** Blocks of minutes adding up to `characters`: a heading every ten paragraphs of ~100 characters. */
function blocksOf(characters: number): { tag: 'heading' | 'paragraph'; text: string }[] {
	const sentence = '居民代表提出楼道堆物影响消防通道，物业表示一周内清理并在每栋楼张贴告示，网格员每日巡查并记录。';
	const blocks: { tag: 'heading' | 'paragraph'; text: string }[] = [];
	let total = 0;
	for (let i = 0; total < characters; i++) {
		const text = i % 11 === 0 ? `议题${i / 11 + 1}：停车与消防通道` : `${sentence}${sentence}`.slice(0, Math.min(100, characters - total));
		blocks.push({ tag: i % 11 === 0 ? 'heading' : 'paragraph', text });
		total += [...text].length;
	}
	return blocks;
}

const latencies: number[] = [];
let editor: Editor | null = null;

/** Builds the editor on a body of `characters` and places the caret in the middle of it. */
function mount(variant: Variant, characters: number): number {
	const blocks = blocksOf(characters);
	const element = document.createElement('div');
	document.body.replaceChildren(element);
	if (variant === 'app') {
		const doc = new Y.Doc();
		const body = minutesBody(doc);
		body.insert(
			0,
			blocks.map(({ tag, text }) => {
				const node = new Y.XmlElement(tag);
				if (tag === 'heading') node.setAttribute('level', 2 as unknown as string);
				node.insert(0, [new Y.XmlText(text)]);
				return node;
			})
		);
		// What the meeting page does on every change: read the whole page again, the text included.
		doc.on('update', () => void bodyText(doc));
		// The carets need only the provider's awareness; no relay is involved in typing locally.
		const provider = { awareness: new Awareness(doc) } as unknown as HocuspocusProvider;
		editor = createMinutesEditor({
			element,
			fragment: body,
			provider,
			user: { name: '书记', color: '#c0392b', viewing: false },
			members: () => [],
			decision: () => null,
			editable: true,
			label: 'minutes',
			noMatch: '—'
		});
	} else {
		const escape = (text: string) => text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
		const html = blocks.map(({ tag, text }) => (tag === 'heading' ? `<h2>${escape(text)}</h2>` : `<p>${escape(text)}</p>`)).join('');
		editor = new Editor({ element, extensions: [StarterKit], content: html });
	}
	const { state, view } = editor;
	view.dispatch(state.tr.setSelection(Selection.near(state.doc.resolve(Math.floor(state.doc.content.size / 2)))));
	view.focus();
	window.addEventListener(
		'keydown',
		(event) => {
			const start = event.timeStamp;
			// The frame after the key's work is painted once a task queued from its rAF runs.
			requestAnimationFrame(() => setTimeout(() => latencies.push(performance.now() - start), 0));
		},
		true
	);
	return [...editor.getText()].length;
}

/** Resolves once `count` keystrokes have been measured; their latencies in ms. */
function measured(count: number): Promise<number[]> {
	return new Promise((resolve) => {
		const check = () => (latencies.length >= count ? resolve(latencies.slice(0, count)) : setTimeout(check, 5));
		check();
	});
}

declare global {
	interface Window {
		typingBench: { mount: typeof mount; measured: typeof measured };
	}
}
window.typingBench = { mount, measured };
