/**
 * The browser side of the cold-open benchmark, bundled by Vite and served on loopback. It
 * stores the working set (or the ONE document) in IndexedDB, then, on a fresh page load, times
 * opening it from IndexedDB and rendering the case board from it: every open case, most urgent
 * first, with the time left to each of its 1341 deadlines. The board is plain DOM built from the
 * model's functions, as the app's page reads them (openCasesOf over a Community); the Svelte
 * page itself needs the app's session, router and i18n, which this page does not mount.
 */
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import * as Y from 'yjs';
import { Community, byUrgency, communityOfDoc, isOpenStatus, listCases, listGrids, openCasesOf, type Case } from '../../src/lib/model';
import { OfflineDatabase, OfflineDoc } from '../../src/lib/sync/offline-store';

export type Store = 'offline-store' | 'y-indexeddb';
/** The app's IndexedDB database is per user. */
const USER = 'bench';
/** The relay's origin: what the offline store marks as confirmed rather than pending. */
const RELAY = Symbol('relay');

async function stateOf(name: string): Promise<Uint8Array> {
	return new Uint8Array(await (await fetch(`/state?name=${encodeURIComponent(name)}`)).arrayBuffer());
}

/** Writes the documents as the app does after a sync: one confirmed row per document. */
async function seed(store: Store, names: string[]): Promise<void> {
	const db = store === 'offline-store' ? new OfflineDatabase(USER) : null;
	for (const name of names) {
		const doc = new Y.Doc();
		if (db) {
			const offline = new OfflineDoc(db, name, doc, (origin) => origin === RELAY);
			await offline.whenLoaded;
			Y.applyUpdate(doc, await stateOf(name), RELAY);
			await offline.flushed();
			offline.destroy();
		} else {
			const persistence = new IndexeddbPersistence(name, doc);
			await persistence.whenSynced;
			Y.applyUpdate(doc, await stateOf(name));
			await storeState(persistence);
			await persistence.destroy();
		}
		doc.destroy();
	}
	db?.close();
}

/** Opens one document from IndexedDB, from the app's offline store or y-indexeddb. */
async function load(store: Store, db: OfflineDatabase | null, name: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	if (db) await new OfflineDoc(db, name, doc, () => false).whenLoaded;
	else await new IndexeddbPersistence(name, doc).whenSynced;
	return doc;
}

const minutesLeft = (deadline: number, now: number) => Math.round((deadline - now) / 60_000);

/**
 * Opens the documents from IndexedDB and renders the case board of the first (the root): ms.
 * The partitioned family is read as the app reads it, through a Community (whatever else it
 * asks for, such as an older month the open-case index names, is opened from IndexedDB too);
 * ONE document holding everything is read as a single-document design would read it.
 */
async function open(store: Store, names: string[]): Promise<{ ms: number; cases: number }> {
	const started = performance.now();
	const db = store === 'offline-store' ? new OfflineDatabase(USER) : null;
	const docs = new Map(await Promise.all(names.map(async (name) => [name, await load(store, db, name)] as const)));
	const now = Date.now();
	const [first] = docs.values();
	let open: Case[];
	if (names.length === 1) {
		open = listCases(first, now).filter((c) => isOpenStatus(c.status)).sort(byUrgency);
	} else {
		const source = { open: async (name: string) => docs.get(name) ?? (await load(store, db, name)) };
		open = await openCasesOf(new Community(communityOfDoc(names[0])!, source, { userId: USER, now: () => now }));
	}
	const gridNames = new Map(listGrids(first, { includeArchived: true }).map((grid) => [grid.id, grid.name]));
	const board = document.createElement('ul');
	board.dataset.testid = 'case-board';
	for (const c of open) {
		const card = document.createElement('li');
		card.innerHTML = `<h3></h3><p></p><p></p>`;
		card.children[0].textContent = c.title;
		card.children[1].textContent = `${gridNames.get(c.grid) ?? c.grid} · ${c.level} · ${c.status}`;
		card.children[2].textContent = Object.entries(c.deadlines)
			.map(([which, at]) => `${which} ${c.pending[which as keyof typeof c.pending] ? `${minutesLeft(at!, now)} 分钟` : '✓'}`)
			.join(' · ');
		if (c.nextDeadline !== null && c.nextDeadline < now) card.className = 'overdue';
		board.append(card);
	}
	const heading = document.createElement('h2');
	heading.textContent = `${open.length} 件未办结`;
	document.body.replaceChildren(heading, board);
	// Laid out and painted, as a user would see it.
	void board.offsetHeight;
	await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
	return { ms: performance.now() - started, cases: open.length };
}

/**
 * The CRDT's own cost in this browser: the same documents' bytes (fetched first, not timed)
 * applied to fresh Y.Docs, with no store and no rendering: ms.
 */
async function applyOnly(names: string[]): Promise<number> {
	const states = await Promise.all(names.map(stateOf));
	const started = performance.now();
	for (const state of states) Y.applyUpdate(new Y.Doc(), state);
	return performance.now() - started;
}

declare global {
	interface Window {
		bench: { seed: typeof seed; open: typeof open; applyOnly: typeof applyOnly };
	}
}
window.bench = { seed, open, applyOnly };
