import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { TestWebSocket, type WebSocketClass } from './clients';

/** Hocuspocus message types and Yjs sync steps, as on the wire. */
const SYNC = 0;
const SYNC_REPLY = 4;
const SYNC_STATUS = 8;
const STEP_2 = 1;
const UPDATE = 2;

/** What the acknowledgement of one sent message vouches for, of the client's own changes. */
interface Vouched {
	/** An update: the clocks it carries. */
	clocks: number[];
	/** A sync step 2: the relay then holds everything the client had below this clock. */
	below: number;
}

interface Watched {
	doc: Y.Doc;
	/** Every own clock below this one is acknowledged, */
	below: number;
	/** and these. */
	clocks: Set<number>;
}

/**
 * Which of a client's own Yjs changes the relay acknowledged, message by message. The provider's
 * `unsyncedChanges` cannot say: it is reset to 1 when a connection starts its sync, so the
 * acknowledgements of updates queued while offline can bring it to 0 before the sync that
 * carries the rest is applied. Here each update or sync step 2 a socket sends is remembered,
 * and the relay's `SyncStatus(true)`, one per such message once it is applied and logged, in
 * the order sent, marks what it vouches for. (The relay holds back an update whose dependencies
 * have not arrived, and the sync step 2 carrying them overtakes it: its acknowledgement, taken
 * for the held update's, vouches for the held content too.)
 */
export class Acknowledgements {
	private readonly documents = new Map<string, Watched>();
	/** Per socket, per document: what each sent message awaiting its acknowledgement vouches for. */
	private readonly unanswered = new WeakMap<WebSocket, Map<string, Vouched[]>>();

	/** Follows `doc` under `name`: one tracker per client, as the names are those of its replicas. */
	watch(name: string, doc: Y.Doc): void {
		this.documents.set(name, { doc, below: 0, clocks: new Set() });
	}

	/** Whether every clock in [from, to) of the document's own client was acknowledged. */
	acknowledged(name: string, from: number, to: number): boolean {
		const watched = this.documents.get(name);
		if (!watched) return false;
		for (let clock = Math.max(from, watched.below); clock < to; clock++) if (!watched.clocks.has(clock)) return false;
		return true;
	}

	/** A WebSocket class for `HocuspocusProviderWebsocket` whose frames this tracker reads. */
	socketClass(): WebSocketClass {
		const tracker = this;
		return class WatchedWebSocket extends TestWebSocket {
			constructor(address: string) {
				super(address);
				// Registered before the provider's own listener: an acknowledgement is counted here
				// before the provider reacts to it.
				this.on('message', (data) => tracker.received(this, new Uint8Array(data as Buffer)));
			}

			override send(data: unknown, ...rest: unknown[]): void {
				tracker.sent(this, data as Uint8Array);
				(super.send as (...args: unknown[]) => void)(data, ...rest);
			}
		};
	}

	private queue(socket: WebSocket, name: string): Vouched[] {
		let perDocument = this.unanswered.get(socket);
		if (!perDocument) this.unanswered.set(socket, (perDocument = new Map()));
		let queue = perDocument.get(name);
		if (!queue) perDocument.set(name, (queue = []));
		return queue;
	}

	private sent(socket: WebSocket, frame: Uint8Array): void {
		const decoder = decoding.createDecoder(frame);
		const name = decoding.readVarString(decoder);
		const watched = this.documents.get(name);
		const type = decoding.readVarUint(decoder);
		if (!watched || (type !== SYNC && type !== SYNC_REPLY)) return;
		const step = decoding.readVarUint(decoder);
		if (step !== STEP_2 && step !== UPDATE) return;
		const own = watched.doc.clientID;
		const clocks: number[] = [];
		for (const struct of Y.decodeUpdate(decoding.readVarUint8Array(decoder)).structs) {
			if (struct.id.client !== own || !(struct instanceof Y.Item || struct instanceof Y.GC)) continue;
			for (let i = 0; i < struct.length; i++) clocks.push(struct.id.clock + i);
		}
		// A step 2 is the difference to what the relay said it had, computed just now: once applied,
		// the relay has all the client has, including changes it had stored but not acknowledged.
		const below = step === STEP_2 ? Y.getState(watched.doc.store, own) : 0;
		this.queue(socket, name).push({ clocks, below });
	}

	private received(socket: WebSocket, frame: Uint8Array): void {
		const decoder = decoding.createDecoder(frame);
		const name = decoding.readVarString(decoder);
		const watched = this.documents.get(name);
		if (!watched || decoding.readVarUint(decoder) !== SYNC_STATUS) return;
		const vouched = this.queue(socket, name).shift();
		if (!vouched || decoding.readVarUint(decoder) !== 1) return;
		watched.below = Math.max(watched.below, vouched.below);
		for (const clock of vouched.clocks) watched.clocks.add(clock);
	}
}
