/** The reference server of y-websocket (`@y/websocket-server` 0.1.1), in memory, no persistence. */
import { setupWSConnection } from '@y/websocket-server/utils';
import { listen } from './listen';

listen((ws, req) => setupWSConnection(ws, req, { docName: decodeURIComponent((req.url ?? '/').slice(1).split('?')[0]) }));
