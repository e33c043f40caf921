import { defineMessages } from './messages';

/** Search across a community's records, on the device. */
export const searchMessages = defineMessages(
	{
		'search.open': '搜索',
		'search.title': '搜索',
		'search.label': '搜索本社区',
		'search.placeholder': '网格、案件、会议、志愿者、活动、结对单位…',
		'search.hint': '在本机已有的数据中搜索，离线也能用。多个词用空格分开，结果需包含全部词。',
		'search.shortcut': '在任意页面按 / 键打开搜索',
		'search.all': '全部',
		'search.count': '找到 {count} 条',
		'search.none': '没有找到包含“{query}”的记录。',
		'search.more': '再显示 {count} 条',
		'search.months': '案件和活动已搜索 {from} 至 {to}。',
		'search.earlier': '再往前搜索 3 个月',
		'search.archived': '已归档',
		'search.kind.grid': '网格',
		'search.kind.case': '案件',
		'search.kind.activity': '活动',
		'search.kind.meeting': '会议',
		'search.kind.volunteer': '志愿者',
		'search.kind.pairing': '结对单位'
	},
	{
		'search.open': 'Search',
		'search.title': 'Search',
		'search.label': 'Search this community',
		'search.placeholder': 'Grids, cases, meetings, volunteers, activities, partners…',
		'search.hint': 'Searches what is on this device, offline too. Separate words with spaces; results contain them all.',
		'search.shortcut': 'Press / on any page to search',
		'search.all': 'All',
		'search.count': '{count} found',
		'search.none': 'Nothing contains “{query}”.',
		'search.more': 'Show {count} more',
		'search.months': 'Cases and activities searched from {from} to {to}.',
		'search.earlier': 'Search 3 months further back',
		'search.archived': 'Archived',
		'search.kind.grid': 'Grid',
		'search.kind.case': 'Case',
		'search.kind.activity': 'Activity',
		'search.kind.meeting': 'Meeting',
		'search.kind.volunteer': 'Volunteer',
		'search.kind.pairing': 'Partner'
	}
);
