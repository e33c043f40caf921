import { HocuspocusProviderWebsocket } from '@hocuspocus/provider';

/** WebSocket's readyState OPEN, the same in browsers and in `ws`. */
const OPEN = 1;

/**
 * The socket every document's provider shares. The stock one queues each message made while
 * it is closed and replays the queue on reconnecting, while the sync that opens every
 * connection (step 1 both ways, then the local presence) carries the same changes again: a
 * member back from 1,000 offline edits sent each twice, and the relay forwarded both copies.
 * Here a message for a socket that is not open is dropped instead; nothing is lost, since
 * everything it carried goes in that sync, and what the relay has not confirmed stays pending
 * in IndexedDB until it does (confirmations.ts).
 */
export class RelaySocket extends HocuspocusProviderWebsocket {
	/** Whether a message sent now goes out (else it is dropped, see above). */
	get open(): boolean {
		return this.webSocket?.readyState === OPEN;
	}

	override send(message: unknown): void {
		if (this.open) super.send(message);
	}
}
