/**
 * The baseline relay: a bare `@hocuspocus/server` 3.4.4 with no extensions. With SQLITE_FILE,
 * documents are stored as `@hocuspocus/extension-database` stores them (debounced-store.ts).
 */
import { Hocuspocus } from '@hocuspocus/server';
import { debouncedStore } from './debounced-store';
import { listen } from './listen';

const file = process.env.SQLITE_FILE;
const hocuspocus = new Hocuspocus({ quiet: true, extensions: file ? [debouncedStore(file)] : [] });
listen((ws, req) => hocuspocus.handleConnection(ws, req));
