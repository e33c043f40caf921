/**
 * The browser side of the cold-open benchmark, bundled by Vite and served on loopback. It
 * stores the working set (or the ONE document) in IndexedDB, then, on a fresh page load, times
 * opening it from IndexedDB and rendering the grid board from it.
 */
import { IndexeddbPersistence, storeState } from 'y-indexeddb';
import * as Y from 'yjs';
import { listGrids } from '../../src/lib/model';
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

/** Opens the documents from IndexedDB and renders the board of the first (the root): ms. */
async function open(store: Store, names: string[]): Promise<number> {
	const started = performance.now();
	const docs = names.map(() => new Y.Doc());
	if (store === 'offline-store') {
		const db = new OfflineDatabase(USER);
		await Promise.all(names.map((name, i) => new OfflineDoc(db, name, docs[i], () => false).whenLoaded));
	} else {
		await Promise.all(names.map((name, i) => new IndexeddbPersistence(name, docs[i]).whenSynced));
	}
	const board = document.createElement('ul');
	board.dataset.testid = 'grid-board';
	for (const grid of listGrids(docs[0])) {
		const card = document.createElement('li');
		card.innerHTML = `<h3></h3><p></p><p></p>`;
		card.children[0].textContent = grid.name;
		card.children[1].textContent = `${grid.households} 户 · ${grid.workers.length} 名网格员`;
		card.children[2].textContent = grid.boundary;
		board.append(card);
	}
	document.body.replaceChildren(board);
	// Laid out and painted, as a user would see it.
	void board.offsetHeight;
	await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
	return performance.now() - started;
}

declare global {
	interface Window {
		bench: { seed: typeof seed; open: typeof open };
	}
}
window.bench = { seed, open };
