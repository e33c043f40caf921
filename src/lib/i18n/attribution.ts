import { defineMessages } from './messages';

/** Who changed the minutes, as a comparison of two versions shows it: writers, deleters, and why not when it cannot tell. */
export const attributionMessages = defineMessages(
	{
		'attribution.insertedBy': '新增：',
		'attribution.insertedByOne': '{name} 写入',
		'attribution.unknown': '未知作者',
		'attribution.deletedBy': '删除：',
		'attribution.deletedByOne': '{name} 删除 · {time}',
		'attribution.deletedTitle': '{writer} 写入，{name} 删除（{time}）',
		'attribution.deleterUnknown': '删除者未记录',
		'attribution.unrecorded': '“删除者未记录”：删除发生在开始记录删除者之前，或还没有同步到服务器。删除时间是服务器收到删除的时间。',
		'attribution.why.olderVersion': '所选的版本或快照保存于开始记录修改者之前。',
		'attribution.why.incomplete': '所比较的文字有一部分在开始保留删除内容之前已被清除。',
		'attribution.why.notOpen': '纪要文档还没有在本设备上打开。',
		'attribution.then.insertions': '只标出新增内容的作者，不标删除者。',
		'attribution.then.none': '只标出增删，不标作者和删除者。'
	},
	{
		'attribution.insertedBy': 'Inserted by:',
		'attribution.insertedByOne': 'written by {name}',
		'attribution.unknown': 'unknown author',
		'attribution.deletedBy': 'Deleted by:',
		'attribution.deletedByOne': 'deleted by {name} · {time}',
		'attribution.deletedTitle': 'written by {writer}, deleted by {name} ({time})',
		'attribution.deleterUnknown': 'deleter not recorded',
		'attribution.unrecorded':
			'"Deleter not recorded": deleted before deleters were recorded, or not yet synced to the server. Deletion times are when the server received them.',
		'attribution.why.olderVersion': 'The version or snapshot chosen was kept before changes were attributed.',
		'attribution.why.incomplete': 'Part of the text compared was cleared before the minutes kept deleted text.',
		'attribution.why.notOpen': 'The minutes are not open on this device yet.',
		'attribution.then.insertions': 'Only the authors of insertions are shown, not who deleted.',
		'attribution.then.none': 'Only insertions and deletions are marked, not who made them.'
	}
);
