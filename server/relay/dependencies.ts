import type { Document, beforeHandleMessagePayload } from '@hocuspocus/server';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/**
 * An update can only be integrated, and so logged and honestly acknowledged, once the changes
 * it builds on are in the document: how the relay reads what a client's message carries, and
 * holds it until then.
 */

/** Hocuspocus closes the connection with this code and reason; the client reconnects and syncs. */
export class DependenciesMissingError extends Error {
	override name = 'DependenciesMissingError';
	readonly code = 4000;
	readonly reason = 'update depends on changes that never arrived';
	constructor(documentName: string, waitedMs?: number) {
		super(
			waitedMs === undefined
				? `an update to ${documentName} builds on changes the relay does not have`
				: `an update to ${documentName} waited ${waitedMs} ms for the changes it depends on`
		);
	}
}

/** The Yjs update a client's sync message carries (sync step 2 or update), else null. */
export function updateIn(message: Uint8Array): Uint8Array | null {
	try {
		const decoder = decoding.createDecoder(message);
		decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		// Hocuspocus's Sync and SyncReply messages; then y-protocols' step 2 and update.
		if (type !== 0 && type !== 4) return null;
		const step = decoding.readVarUint(decoder);
		return step === 1 || step === 2 ? decoding.readVarUint8Array(decoder) : null;
	} catch {
		return null;
	}
}

/**
 * Empties, in place, the update a client's message carries (updateIn) once the relay has
 * applied it itself: Hocuspocus then applies an update with nothing in it instead of decoding
 * the whole update a second time only to find every struct already there. A Yjs update starts
 * with its count of writers and then its deletions, and what follows them is never read, so
 * two zero bytes make it empty. (Were the bytes Hocuspocus reads ever a copy, it would simply
 * decode the update again: slower, not wrong.)
 */
export function spend(carried: Uint8Array): void {
	if (carried.byteLength < 2) return;
	carried[0] = 0;
	carried[1] = 0;
}

/**
 * For each writer in an update, the first clock it needs the document to have reached. An
 * edit's update has one writer, whose first clock is in the update's first bytes: read there
 * rather than decoding every struct (the relay's hottest path); several writers (a sync step)
 * are read in full.
 */
export function firstClocks(update: Uint8Array): Map<number, number> | null {
	try {
		const decoder = decoding.createDecoder(update);
		if (decoding.readVarUint(decoder) === 1) {
			decoding.readVarUint(decoder);
			const client = decoding.readVarUint(decoder);
			return new Map([[client, decoding.readVarUint(decoder)]]);
		}
		return Y.parseUpdateMeta(update).from;
	} catch {
		// Malformed: Hocuspocus fails to apply it and closes the connection.
		return null;
	}
}

export const integrable = (document: Y.Doc, from: Map<number, number>) =>
	[...from].every(([client, clock]) => clock <= Y.getState(document.store, client));

/**
 * Waits until every change `from` names is in the document; after `holdMs`, or if the document
 * goes away, closes the client's socket (see DependenciesMissingError) and rejects.
 */
export function holdUntilIntegrable(
	document: Document,
	from: Map<number, number>,
	connection: beforeHandleMessagePayload['connection'],
	holdMs: number
): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		const settle = (outcome: () => void) => {
			clearTimeout(timer);
			document.off('update', check);
			document.off('destroy', abandon);
			outcome();
		};
		const check = () => {
			if (integrable(document, from)) settle(resolve);
		};
		const abandon = () =>
			settle(() => {
				const error = new DependenciesMissingError(document.name, holdMs);
				// The whole socket: a provider told only that one document closed waits, unsynced,
				// for the socket to reconnect; reconnecting, it syncs everything afresh.
				connection.webSocket.close(error.code, error.reason);
				reject(error);
			});
		const timer = setTimeout(abandon, holdMs);
		document.on('update', check);
		document.on('destroy', abandon);
	});
}
