import type * as Y from 'yjs';
import { initCommunity } from './community';
import { seedDepartments } from './departments';
import type { WriteOptions } from './records';
import type { MetaInput } from './schema';
import { seedTaskList } from './taskList';

/**
 * A new community's root as the district starts every community: its meta, the 19-item grid
 * task list and the seven departments a grid can call. Idempotent, like each of its steps.
 */
export function setUpCommunity(root: Y.Doc, meta: MetaInput, options: WriteOptions = {}): void {
	root.transact(() => {
		initCommunity(root, meta);
		seedTaskList(root, options);
		seedDepartments(root, options);
	});
}
