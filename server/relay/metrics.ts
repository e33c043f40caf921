import type { Extension, Hocuspocus, onChangePayload, onConfigurePayload } from '@hocuspocus/server';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Refusal } from '../../src/lib/model';

/** Which WebSocket protocol a socket speaks: Hocuspocus on /sync, plain y-websocket on /yws. */
export type Endpoint = 'sync' | 'yws';

/**
 * Why a frame or an update was refused after the connection was accepted: `frameTooLarge` and
 * `badFrame` come from the WebSocket layer, `malformedMessage` from the Yjs protocol, the rest
 * from the write guard (a read-only member writing, a broken storage contract, a change out of
 * the member's scope).
 */
export type UpdateRefusal = 'frameTooLarge' | 'badFrame' | 'malformedMessage' | 'readOnly' | 'invalid' | 'outOfScope';

export type StoreOperation = 'append' | 'snapshot' | 'load';

/**
 * Prometheus metrics of the relay and the process. A registry per server instance, so a
 * second instance in one process (tests, dev reloads) does not collide with the first.
 */
export class Metrics implements Extension {
	extensionName = 'metrics';
	readonly registry = new Registry();
	private instance: Hocuspocus | undefined;

	private readonly updatesReceived = new Counter({
		name: 'gongzhi_relay_updates_received_total',
		help: 'Document updates received from clients and applied',
		registers: [this.registry]
	});

	private readonly authFailures = new Counter({
		name: 'gongzhi_relay_auth_failures_total',
		help: 'Connections to a document refused, by reason',
		labelNames: ['reason'] as const,
		registers: [this.registry]
	});

	private readonly updatesRefused = new Counter({
		name: 'gongzhi_relay_updates_refused_total',
		help: 'Frames or updates refused on an accepted connection (which is then closed), by reason',
		labelNames: ['reason'] as const,
		registers: [this.registry]
	});

	private readonly bytesReceived = new Counter({
		name: 'gongzhi_relay_received_bytes_total',
		help: 'Bytes of WebSocket messages received, by endpoint',
		labelNames: ['endpoint'] as const,
		registers: [this.registry]
	});

	private readonly bytesSent = new Counter({
		name: 'gongzhi_relay_sent_bytes_total',
		help: 'Bytes of WebSocket messages sent, by endpoint',
		labelNames: ['endpoint'] as const,
		registers: [this.registry]
	});

	private readonly httpRequests = new Counter({
		name: 'gongzhi_http_requests_total',
		help: 'HTTP requests answered, by method, route pattern and status ("aborted" when the client left first)',
		labelNames: ['method', 'route', 'status'] as const,
		registers: [this.registry]
	});

	private readonly storeLatency = new Histogram({
		name: 'gongzhi_store_latency_seconds',
		help: 'Time the document store took, by operation',
		labelNames: ['operation'] as const,
		// An append must stay well under a millisecond or two for the acknowledgement to feel
		// instant; snapshots and loads of a large document take up to seconds.
		buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
		registers: [this.registry]
	});

	private readonly summaries = new Counter({
		name: 'gongzhi_figures_summaries_total',
		help: 'Documents summed up for the district figures (a root, a month, an agreement), by kind: each change or due deadline costs one',
		labelNames: ['kind'] as const,
		registers: [this.registry]
	});

	constructor() {
		collectDefaultMetrics({ register: this.registry });
		// Read at scrape time from Hocuspocus itself, so they cannot drift from the truth.
		const relay = () => this.instance;
		new Gauge({
			name: 'gongzhi_relay_connections',
			help: 'Open document connections (a /yws socket counts as one)',
			registers: [this.registry],
			collect() {
				this.set(relay()?.getConnectionsCount() ?? 0);
			}
		});
		new Gauge({
			name: 'gongzhi_relay_documents_loaded',
			help: 'Documents held in memory by the relay',
			registers: [this.registry],
			collect() {
				this.set(relay()?.getDocumentsCount() ?? 0);
			}
		});
	}

	async onConfigure({ instance }: onConfigurePayload): Promise<void> {
		this.instance = instance;
	}

	async onChange({ socketId }: onChangePayload): Promise<void> {
		// Updates made on the server itself (migrations, relay stamps) have no socket.
		if (socketId) this.updatesReceived.inc();
	}

	countRefusal(refusal: Refusal): void {
		this.authFailures.inc({ reason: refusal });
	}

	countRefusedUpdate(reason: UpdateRefusal): void {
		this.updatesRefused.inc({ reason });
	}

	countBytes(endpoint: Endpoint, direction: 'in' | 'out', bytes: number): void {
		(direction === 'in' ? this.bytesReceived : this.bytesSent).inc({ endpoint }, bytes);
	}

	countHttpRequest(method: string, route: string, status: number | 'aborted'): void {
		this.httpRequests.inc({ method, route, status: String(status) });
	}

	countSummary(kind: 'root' | 'period' | 'pairing'): void {
		this.summaries.inc({ kind });
	}

	/** For the store to call around each operation; `seconds` as from `performance.now()` / 1000. */
	observeStoreLatency(seconds: number, operation: StoreOperation = 'append'): void {
		this.storeLatency.observe({ operation }, seconds);
	}

	text(): Promise<string> {
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}
