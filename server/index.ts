import { startServer } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { log, routeConsoleToLog } from './log';
import { demoInstructions } from './seed/instructions';

async function main(): Promise<void> {
	routeConsoleToLog();
	let config: Config;
	try {
		config = loadConfig();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		// Said to the person at the terminal, who has a variable to fix, not to a log collector.
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	}

	const server = await startServer(config);
	log.info({ url: server.url, dataDir: config.dataDir, logLevel: log.level }, 'listening');
	// Plain lines for people: tests read the port from this exact one when PORT=0.
	process.stdout.write(`listening on ${server.url}\n`);
	if (server.seeded) process.stdout.write(`${demoInstructions(server.url, server.seeded)}\n`);

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'closing connections and saving documents');
		try {
			await server.close();
			log.info('stopped');
			process.exit(0);
		} catch (error) {
			log.fatal({ err: error }, 'shutdown failed');
			process.exit(1);
		}
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
	log.fatal({ err: error }, 'cannot start');
	process.exit(1);
});
