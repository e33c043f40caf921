import Database from 'better-sqlite3';
import type { Extension } from '@hocuspocus/server';
import * as Y from 'yjs';

/** One row per document holding its whole state, as `@hocuspocus/extension-database` keeps them. */
export function openDocumentsFile(file: string) {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL)');
	const fetch = db.prepare<[string], { data: Buffer }>('SELECT data FROM documents WHERE name = ?');
	const store = db.prepare('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET data = excluded.data');
	return {
		fetch: (name: string): Uint8Array | null => {
			const row = fetch.get(name);
			return row ? new Uint8Array(row.data) : null;
		},
		store: (name: string, state: Uint8Array) => void store.run(name, Buffer.from(state)),
		close: () => db.close()
	};
}

/**
 * Storage the way `@hocuspocus/extension-database` does it: the document's whole state, written
 * on Hocuspocus's debounce (2 s, at most 10 s after the first change), read on load.
 */
export function debouncedStore(file: string): Extension {
	const documents = openDocumentsFile(file);
	return {
		async onLoadDocument({ document, documentName }) {
			const state = documents.fetch(documentName);
			if (state) Y.applyUpdate(document, state);
		},
		async onStoreDocument({ document, documentName }) {
			documents.store(documentName, Y.encodeStateAsUpdate(document));
		}
	};
}
