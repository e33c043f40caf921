import type { Extension, Hocuspocus, onChangePayload, onConfigurePayload } from '@hocuspocus/server';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Refusal } from '../../src/lib/model';

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

	constructor() {
		collectDefaultMetrics({ register: this.registry });
		// Read at scrape time from Hocuspocus itself, so they cannot drift from the truth.
		const relay = () => this.instance;
		new Gauge({
			name: 'gongzhi_relay_connections',
			help: 'Open document connections',
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
		// Updates made on the server itself (migrations) have no socket.
		if (socketId) this.updatesReceived.inc();
	}

	countRefusal(refusal: Refusal): void {
		this.authFailures.inc({ reason: refusal });
	}

	text(): Promise<string> {
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}
