import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { build } from 'vite';
import { ROOT } from './processes';

/** A browser benchmark's page script (`entry`, under bench/browser/), bundled as the app bundles its own. */
export async function bundlePage(entry: string, outDir: string): Promise<string> {
	await build({
		configFile: false,
		logLevel: 'silent',
		root: ROOT,
		build: {
			outDir,
			emptyOutDir: true,
			minify: true,
			lib: { entry: join(ROOT, entry), formats: ['es'], fileName: () => 'page.js' }
		}
	});
	return readFileSync(join(outDir, 'page.js'), 'utf8');
}

/** Serves a page running `script`, and the documents' states at `/state?name=…`, on loopback only; its URL. */
export function servePage(script: string, states: ReadonlyMap<string, Uint8Array> = new Map()): Promise<{ server: http.Server; url: string }> {
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		if (url.pathname === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
		if (url.pathname === '/state') {
			const state = states.get(url.searchParams.get('name') ?? '');
			return state ? res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(state) : res.writeHead(404).end();
		}
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			resolve({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
		})
	);
}
