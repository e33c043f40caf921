/**
 * Who sent the change a transaction applies, from its origin: Hocuspocus applies a client's
 * update with its Connection, /yws with an object of the same shape, both carrying the
 * connection context. The relay's own writes, the log and other relays carry none.
 */
export function senderOf(origin: unknown): { userId?: string; connection?: string } {
	const context = (origin as { context?: { user?: { id?: unknown }; connectionId?: unknown } } | null)?.context;
	const userId = context?.user?.id;
	const connection = context?.connectionId;
	return {
		...(typeof userId === 'string' ? { userId } : {}),
		...(typeof connection === 'string' ? { connection } : {})
	};
}
