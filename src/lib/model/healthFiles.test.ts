import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addHealthFile, healthFileHistory, listHealthFiles, setHealthFileArchived, updateHealthFile } from './healthFiles';
import { addHousehold, getHousehold } from './households';
import { expectRefused, replicaOf, syncAll } from './test-helpers';

function household() {
	const doc = new Y.Doc();
	const id = addHousehold(doc, {
		building: '7号楼',
		door: '301',
		members: [
			{ name: '吴德明', ageBand: '80+' },
			{ name: '吴小红', ageBand: '18-59' }
		]
	});
	const idOf = (name: string) => getHousehold(doc, id)!.members.find((m) => m.name === name)!.id;
	const [elder, adult] = [idOf('吴德明'), idOf('吴小红')];
	return { doc, id, elder, adult };
}

describe('health files', () => {
	it('keeps the health file of a resident over 65 and edits it field by field', () => {
		const { doc, id, elder } = household();
		const file = addHealthFile(doc, { household: id, member: elder, conditions: '高血压', doctor: '社区卫生服务站 王医生', emergencyPhone: '139 0000 0001' }, { by: 'u-g1', at: 1 });
		updateHealthFile(doc, file, { medication: '氨氯地平 每日一次' }, { by: 'u-g1', at: 2 });
		expect(listHealthFiles(doc, { household: id })).toMatchObject([
			{ id: file, member: elder, conditions: '高血压', medication: '氨氯地平 每日一次', doctor: '社区卫生服务站 王医生', emergencyName: '', emergencyPhone: '139 0000 0001' }
		]);
		expect(healthFileHistory(doc, file).map((c) => c.field)).toEqual(['medication']);
		setHealthFileArchived(doc, file, true, { by: 'u-g1' });
		expect(listHealthFiles(doc)).toEqual([]);
	});

	it('refuses a file for someone under 65, a second live file, and a resident of no household', () => {
		const { doc, id, elder, adult } = household();
		expect(expectRefused(doc, () => addHealthFile(doc, { household: id, member: adult })).message).toBe(
			'health file member: health files are kept for residents over 65'
		);
		addHealthFile(doc, { household: id, member: elder });
		expect(expectRefused(doc, () => addHealthFile(doc, { household: id, member: elder })).message).toMatch(/has a health file already/);
		expect(expectRefused(doc, () => addHealthFile(doc, { household: 'nope', member: elder })).field).toBe('household');
		expect(expectRefused(doc, () => updateHealthFile(doc, 'nope', { doctor: '某' })).code).toBe('not-found');
	});

	it('keeps both files opened offline for the same resident, to be archived by hand', () => {
		const { doc, id, elder } = household();
		const other = replicaOf(doc);
		addHealthFile(doc, { household: id, member: elder, conditions: '糖尿病' });
		addHealthFile(other, { household: id, member: elder, conditions: '冠心病' });
		syncAll(doc, other);
		expect(listHealthFiles(other).map((f) => f.conditions).sort()).toEqual(['冠心病', '糖尿病']);
	});
});
