import type { Plugin } from 'vite';
import type * as AppModule from './app';
import type * as ConfigModule from './config';
import type * as InstructionsModule from './seed/instructions';

/**
 * Serves the API and the relay from `vite dev`, on Vite's own port, as `npm start` does from
 * one process. The server modules are loaded through Vite only when the dev server starts, so
 * loading vite.config.ts (builds, Vitest) never opens the database or its native module.
 */
export function relayDevPlugin(): Plugin {
	return {
		name: 'gongzhi-relay-dev',
		apply: 'serve',
		configureServer(server) {
			if (process.env.VITEST) return;
			const load = <T>(path: string) => server.ssrLoadModule(path) as Promise<T>;
			const runtime = (async () => {
				const { createRuntime } = await load<typeof AppModule>('/server/app.ts');
				const { loadConfig } = await load<typeof ConfigModule>('/server/config.ts');
				return createRuntime(loadConfig());
			})();
			runtime.catch((error) => server.config.logger.error(`relay did not start: ${error.message ?? error}`));

			server.middlewares.use((req, res, next) => {
				runtime.then((rt) => rt.handleRequest(req, res, () => next()), next);
			});

			const http = server.httpServer;
			if (!http) return;
			http.on('upgrade', (req, socket, head) => {
				// Vite's HMR socket shares this server: the runtime takes /sync and /yws/… only.
				runtime.then((rt) => rt.handleUpgrade(req, socket, head), () => socket.destroy());
			});
			const ignore = () => undefined; // a failed start is reported above
			http.once('listening', () => {
				runtime.then(async (rt) => {
					if (!rt.seeded) return;
					const { demoInstructions } = await load<typeof InstructionsModule>('/server/seed/instructions.ts');
					const address = http.address();
					const port = typeof address === 'object' && address ? address.port : '';
					server.config.logger.info(demoInstructions(`http://localhost:${port}`, rt.seeded));
				}, ignore);
			});
			http.once('close', () => void runtime.then((rt) => rt.close(), ignore));
		}
	};
}
