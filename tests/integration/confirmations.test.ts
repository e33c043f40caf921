import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toBase64 } from 'lib0/buffer';
import { summaryOf, updateGrid } from '../../src/lib/model';
import { connect, login, waitFor } from './clients';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;

beforeAll(async () => {
	server = await startServer();
});

afterAll(async () => {
	await server?.stop();
});

describe('asking the relay whether it holds changes', () => {
	it('answers contained for changes it stored, not for changes it never saw, and ignores garbage', async () => {
		const { token } = await login(server, 'wenyuan-sec');
		const c = await connect(server, 'community:wenyuan', token);
		try {
			const answers: { id: number; contained: boolean }[] = [];
			c.provider.on('stateless', ({ payload }: { payload: string }) => answers.push(JSON.parse(payload)));
			const updates: Uint8Array[] = [];
			c.doc.on('update', (update: Uint8Array) => updates.push(update));
			updateGrid(c.doc, 'g01', { households: 416 });
			await waitFor('the edit acknowledged', () => c.provider.unsyncedChanges === 0);

			const never = new Y.Doc();
			Y.applyUpdate(never, Y.encodeStateAsUpdate(c.doc));
			updateGrid(never, 'g02', { households: 1 });
			const unseen = Y.encodeStateAsUpdate(never, Y.encodeStateVector(c.doc));

			c.provider.sendStateless('not json');
			const summary = (update: Uint8Array) => toBase64(summaryOf(update));
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 1, state: summary(Y.mergeUpdates(updates)) }));
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 2, state: summary(unseen) }));
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 3, state: toBase64(new Uint8Array([200, 1, 7])) }));
			// A page loaded before summaries existed sends the changes themselves.
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 4, update: toBase64(Y.mergeUpdates(updates)) }));
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 5, update: toBase64(unseen) }));
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 6, state: 'AAAA', update: 'AAAA' }));
			await waitFor('five answers', () => answers.length === 5);
			// Garbage is answered at once, the rest once the document's log has settled.
			expect(answers.sort((x, y) => x.id - y.id)).toEqual([
				{ type: 'confirmed', id: 1, contained: true },
				{ type: 'confirmed', id: 2, contained: false },
				{ type: 'confirmed', id: 3, contained: false },
				{ type: 'confirmed', id: 4, contained: true },
				{ type: 'confirmed', id: 5, contained: false }
			]);
		} finally {
			c.close();
		}
	});
});
