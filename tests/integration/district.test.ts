import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	CASE_LEVELS,
	chinaDay,
	periodDocName,
	periodOf,
	raiseCase,
	rootDocName,
	SERVICE_KINDS,
	type DistrictFigures,
	type ServiceKind
} from '../../src/lib/model';
import { connect, getJson, login, scrapeMetrics } from './clients';
import { startServer, type RunningServer } from './harness';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

const DAY = 86_400_000;
/** The demo seeds a past week: ten days back to today covers every case of it. */
const range = () => ({ from: chinaDay(Date.now() - 10 * DAY), to: chinaDay(Date.now()) });
const path = ({ from, to }: { from: string; to: string }) => `/api/district/figures?from=${from}&to=${to}`;
const COMMUNITIES = ['dongfang', 'heping', 'jinshan', 'wenyuan', 'xinhua'];

async function figures(token: string): Promise<DistrictFigures & { asOf: number }> {
	const { status, body } = await getJson(server, path(range()), token);
	expect(status).toBe(200);
	return body;
}

/** How many summaries of each kind the server has computed so far. */
async function summariesComputed(): Promise<Record<string, number>> {
	const metrics = await scrapeMetrics(server);
	return Object.fromEntries(['root', 'period', 'pairing'].map((kind) => [kind, metrics.get(`gongzhi_figures_summaries_total{kind="${kind}"}`) ?? 0]));
}

const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);

describe('GET /api/district/figures', () => {
	it('answers a district admin only, for a valid range, saying what is wrong otherwise', async () => {
		expect((await getJson(server, path(range()))).status).toBe(401);
		const secretary = await login(server, 'wenyuan-sec');
		expect(await getJson(server, path(range()), secretary.token)).toEqual({ status: 403, body: { error: 'only a district admin may read the district figures' } });
		const { token } = await login(server, 'admin');
		expect(await getJson(server, '/api/district/figures?from=2026-05-01', token)).toEqual({ status: 400, body: { error: 'to is required: a day as YYYY-MM-DD' } });
		expect((await getJson(server, '/api/district/figures?from=2026-06-01&to=2026-05-01', token)).body).toEqual({ error: 'from must not be after to' });
		expect((await getJson(server, '/api/district/figures?from=2024-01-01&to=2026-01-01', token)).body).toEqual({ error: 'a range may span at most 366 days' });
		expect((await getJson(server, '/api/district/figures?from=2026-13-01&to=2026-13-02', token)).body).toEqual({ error: 'from must be a day as YYYY-MM-DD' });
	});

	it("gives every community's figures side by side, and a total that is their sum", async () => {
		const { token } = await login(server, 'admin');
		const district = await figures(token);
		expect(district.communities.map((c) => c.id)).toEqual(COMMUNITIES);
		const all = district.communities.map((c) => c.figures);
		// The demo's week: 8 cases per community, 6 of them still open, 27 grids in the district.
		expect(all.map((f) => f.reported)).toEqual([8, 8, 8, 8, 8]);
		expect(all.map((f) => f.open.total)).toEqual([6, 6, 6, 6, 6]);
		expect(all.map((f) => f.name)).toEqual(['东方社区', '和平社区', '金山社区', '文苑社区', '新华社区']);
		const { total } = district;
		expect(total.reported).toBe(sum(all.map((f) => f.reported)));
		for (const level of CASE_LEVELS) expect(total.byLevel[level]).toBe(sum(all.map((f) => f.byLevel[level])));
		for (const clock of ['onSite', 'ordinary', 'complex', 'major'] as const) {
			for (const key of ['met', 'missed', 'pending'] as const) {
				expect(total.compliance[clock][key]).toBe(sum(all.map((f) => f.compliance[clock][key])));
			}
		}
		expect(total.open.total).toBe(sum(all.map((f) => f.open.total)));
		expect(total.open.late).toBe(sum(all.map((f) => f.open.late)));
		for (const kind of Object.keys(SERVICE_KINDS) as ServiceKind[]) {
			expect(total.services[kind].minutes).toBe(sum(all.map((f) => f.services[kind].minutes)));
		}
		expect(total.volunteers.serviceMinutes).toBe(sum(all.map((f) => f.volunteers.serviceMinutes)));
		expect(total.fulfilment.commitments).toBe(sum(all.map((f) => f.fulfilment.commitments)));
		expect(total.gridLoad.grids).toBe(27);
		expect(total.gridLoad.households).toBe(sum(all.map((f) => f.gridLoad.households)));
		expect(total.trend.map((p) => p.reported)).toEqual(all[0].trend.map((_, i) => sum(all.map((f) => f.trend[i].reported))));
	});

	it('follows an edit of one community by summing up only what changed, and nothing when nothing did', async () => {
		const { token } = await login(server, 'admin');
		const before = await figures(token);
		const start = await summariesComputed();
		await figures(token);
		expect(await summariesComputed()).toEqual(start);

		// A grid worker of 文苑 reports a case: this month's document and the root (its open-case index) change.
		const worker = await login(server, 'wenyuan-g01');
		const root = await connect(server, rootDocName('wenyuan'), worker.token);
		const month = await connect(server, periodDocName('wenyuan', periodOf(Date.now())), worker.token);
		raiseCase({ root: root.doc, period: month.doc }, { grid: 'g01', title: '消防通道被占', level: 'ordinary', category: 'patrol-1' }, { by: worker.user.id });
		await Promise.all([root.saved(), month.saved()]);
		root.close();
		month.close();

		const after = await figures(token);
		const wenyuan = (d: DistrictFigures) => d.communities.find((c) => c.id === 'wenyuan')!.figures;
		expect(wenyuan(after).reported).toBe(wenyuan(before).reported + 1);
		expect(wenyuan(after).open.total).toBe(wenyuan(before).open.total + 1);
		expect(after.total.reported).toBe(before.total.reported + 1);
		const end = await summariesComputed();
		expect({ root: end.root - start.root, period: end.period - start.period, pairing: end.pairing - start.pairing }).toEqual({ root: 1, period: 1, pairing: 0 });
	});
});
