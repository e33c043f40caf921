import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics';

describe('Metrics', () => {
	it('keeps a store latency histogram by operation, for the store to feed', async () => {
		const metrics = new Metrics();
		metrics.observeStoreLatency(0.0003);
		metrics.observeStoreLatency(0.2, 'snapshot');
		const text = await metrics.text();
		expect(text).toContain('gongzhi_store_latency_seconds_bucket{le="0.0005",operation="append"} 1');
		expect(text).toContain('gongzhi_store_latency_seconds_count{operation="append"} 1');
		expect(text).toContain('gongzhi_store_latency_seconds_bucket{le="0.1",operation="snapshot"} 0');
		expect(text).toContain('gongzhi_store_latency_seconds_bucket{le="0.25",operation="snapshot"} 1');
	});

	it('counts bytes per endpoint and direction, and refusals by reason', async () => {
		const metrics = new Metrics();
		metrics.countBytes('yws', 'in', 10);
		metrics.countBytes('yws', 'in', 5);
		metrics.countBytes('sync', 'out', 7);
		metrics.countRefusedUpdate('malformedMessage');
		const text = await metrics.text();
		expect(text).toContain('gongzhi_relay_received_bytes_total{endpoint="yws"} 15');
		expect(text).toContain('gongzhi_relay_sent_bytes_total{endpoint="sync"} 7');
		expect(text).toContain('gongzhi_relay_updates_refused_total{reason="malformedMessage"} 1');
	});
});
