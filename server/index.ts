import { startServer } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { demoInstructions } from './seed/instructions';

async function main(): Promise<void> {
	let config: Config;
	try {
		config = loadConfig();
	} catch (error) {
		if (!(error instanceof ConfigError)) throw error;
		console.error(error.message);
		process.exit(1);
	}

	const server = await startServer(config);
	// Tests read the port from this exact line when PORT=0.
	console.log(`listening on ${server.url}`);
	console.log(`data in ${config.dataDir}`);
	if (server.seeded) console.log(demoInstructions(server.url, server.seeded));

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: closing connections and saving documents`);
		try {
			await server.close();
			process.exit(0);
		} catch (error) {
			console.error('shutdown failed:', error);
			process.exit(1);
		}
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
	console.error(`cannot start: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});
