import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Absolute asset paths: the service worker serves one cached shell for every page.
		paths: { relative: false },
		// SvelteKit adds the hashes of its own inline bootstrap script; nothing else may run.
		// Styles stay inline-able: Svelte and the editor set style attributes.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		typescript: {
			// The server, tests and benchmarks are type-checked with the app.
			config: (tsconfig) => {
				tsconfig.include.push('../server/**/*.ts', '../bench/**/*.ts');
			}
		}
	}
};

export default config;
