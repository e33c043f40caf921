import * as decoding from 'lib0/decoding';

/**
 * What a Hocuspocus frame is, for counting traffic by kind: the message type (Hocuspocus's
 * MessageType), for sync messages y-protocols' step, for stateless ones our own `type` field.
 */
export function frameKind(frame: Uint8Array): string {
	try {
		const decoder = decoding.createDecoder(frame);
		decoding.readVarString(decoder);
		const type = decoding.readVarUint(decoder);
		switch (type) {
			case 0:
			case 4:
				return ['sync step 1', 'sync step 2', 'update'][decoding.readVarUint(decoder)] ?? 'sync ?';
			case 1:
				return 'awareness';
			case 2:
				return 'auth';
			case 3:
				return 'query awareness';
			case 5: {
				const payload = decoding.readVarString(decoder);
				try {
					const kind = (JSON.parse(payload) as { type?: unknown }).type;
					return typeof kind === 'string' ? `stateless ${kind}` : 'stateless';
				} catch {
					return 'stateless';
				}
			}
			case 7:
				return 'close';
			case 8:
				return 'sync status';
			default:
				return `type ${type}`;
		}
	} catch {
		return 'malformed';
	}
}

/** Messages and bytes by kind. */
export type FrameCounts = Map<string, { messages: number; bytes: number }>;

export function countFrame(counts: FrameCounts, frame: Uint8Array): void {
	const kind = frameKind(frame);
	const count = counts.get(kind) ?? { messages: 0, bytes: 0 };
	count.messages++;
	count.bytes += frame.byteLength;
	counts.set(kind, count);
}

/** `kind: messages × bytes` lines, largest first. */
export function describeCounts(counts: FrameCounts): string {
	return [...counts]
		.sort((a, b) => b[1].bytes - a[1].bytes)
		.map(([kind, { messages, bytes }]) => `${kind} ${messages}× ${bytes} B`)
		.join(', ');
}
