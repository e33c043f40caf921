import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A baseline server's socket: HTTP on loopback, WebSocket upgrades handed to `onConnection`;
 * prints the `listening on` line the benchmark waits for and stops on SIGTERM.
 */
export function listen(
	onConnection: (ws: WebSocket, req: http.IncomingMessage) => void,
	onStop: () => Promise<void> = async () => undefined
): void {
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	const sockets = new WebSocketServer({ noServer: true, maxPayload: 8 * 1024 * 1024 });
	server.on('upgrade', (req, socket, head) => sockets.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req)));
	server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
		const address = server.address();
		process.stdout.write(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
	});
	process.once('SIGTERM', () => {
		for (const ws of sockets.clients) ws.terminate();
		server.close();
		void onStop().then(() => process.exit(0));
	});
}
