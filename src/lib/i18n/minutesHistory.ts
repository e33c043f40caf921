import { defineMessages } from './messages';

/** The minutes' history beyond finalising: versions kept by hand, the relay's automatic snapshots, who is here. */
export const minutesHistoryMessages = defineMessages(
	{
		'versions.keep': '保存为版本',
		'versions.keepPlaceholder': '如：会前稿、会中稿',
		'versions.keepHint': '把当前纪要另存为一个命名版本，之后可与任何版本比较，看出谁新增、谁删除了哪些内容。',
		'versions.keepSave': '保存版本',
		'versions.kept': '已保存版本“{name}”。',
		'snapshots.title': '自动快照',
		'snapshots.intro': '服务器会定期自动保存纪要（最近一次，以及每天一份），可查看、比较或恢复。需要联网。',
		'snapshots.load': '显示自动快照',
		'snapshots.loading': '正在读取…',
		'snapshots.none': '服务器上还没有这份纪要的自动快照。',
		'snapshots.badge': '自动快照',
		'snapshots.label': '自动快照 · {time}',
		'snapshots.offline': '自动快照保存在服务器上，请联网后再试。',
		'snapshots.expired': '登录已过期，请重新登录后查看自动快照。',
		'snapshots.gone': '这份快照已超出服务器保留的历史范围。',
		'snapshots.failed': '暂时无法读取自动快照，请稍后再试。',
		'presence.viewing': '正在查看：'
	},
	{
		'versions.keep': 'Keep as a version',
		'versions.keepPlaceholder': 'e.g. before the meeting, during the meeting',
		'versions.keepHint': 'Keeps the minutes as they are now under a name, to compare with any other version: who inserted and who deleted what.',
		'versions.keepSave': 'Keep version',
		'versions.kept': 'Version “{name}” kept.',
		'snapshots.title': 'Automatic snapshots',
		'snapshots.intro': 'The server keeps the minutes automatically (the latest, and one a day) to view, compare or restore. Needs the network.',
		'snapshots.load': 'Show automatic snapshots',
		'snapshots.loading': 'Loading…',
		'snapshots.none': 'The server has no automatic snapshot of these minutes yet.',
		'snapshots.badge': 'Automatic snapshot',
		'snapshots.label': 'Automatic snapshot · {time}',
		'snapshots.offline': 'Automatic snapshots are kept on the server: connect to the network and try again.',
		'snapshots.expired': 'Your sign-in has expired: sign in again to see the automatic snapshots.',
		'snapshots.gone': 'This snapshot is older than the history the server keeps.',
		'snapshots.failed': 'The automatic snapshots cannot be read right now; try again later.',
		'presence.viewing': 'Viewing:'
	}
);
