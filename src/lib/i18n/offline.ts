import { defineMessages } from './messages';

/** The app on the device: its updates, and what it keeps offline. */
export const offlineMessages = defineMessages(
	{
		'update.ready': '新版本已就绪。',
		'update.apply': '更新并重新载入',
		'update.later': '稍后',
		'update.waitForSync': '还有 {count} 项更改尚未同步到服务器，同步完成后即可更新，不会丢失任何内容。'
	},
	{
		'update.ready': 'A new version is ready.',
		'update.apply': 'Update and reload',
		'update.later': 'Later',
		'update.waitForSync': '{count} changes are not yet on the server; you can update once they are, and nothing will be lost.'
	}
);
