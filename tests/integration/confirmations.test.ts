import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { toBase64 } from 'lib0/buffer';
import { updateGrid } from '../../src/lib/model';
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
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 1, update: toBase64(Y.mergeUpdates(updates)) }));
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 2, update: toBase64(unseen) }));
			c.provider.sendStateless(JSON.stringify({ type: 'confirm', id: 3, update: toBase64(new Uint8Array([200, 1, 7])) }));
			await waitFor('three answers', () => answers.length === 3);
			expect(answers).toEqual([
				{ type: 'confirmed', id: 1, contained: true },
				{ type: 'confirmed', id: 2, contained: false },
				{ type: 'confirmed', id: 3, contained: false }
			]);
		} finally {
			c.close();
		}
	});
});
