import type { MessageKey } from '$lib/i18n';
import {
	CASE_LEVELS,
	FIGURE_CATEGORIES,
	type Bucketing,
	type CommunityFigures,
	type DistrictFigures,
	type Rate,
	type ServiceKind,
	type SharedFigures
} from '$lib/model';
import type { Cell, ExportTable } from '$lib/export/table';
import { COLORS, type ChartSpec } from './chart';

/** A translator in one language: the page's, or Chinese for what is exported. */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * One block of a dashboard: a chart and the same numbers as a table beside it (which is also
 * what its export buttons save). `highlight` names the table rows that stand out.
 */
export interface Panel {
	id: string;
	title: string;
	note?: string;
	chart: ChartSpec | null;
	table: ExportTable;
	highlight: number[];
}

/** One number at the top of a dashboard. */
export interface Tile {
	id: string;
	label: string;
	value: string;
	detail?: string;
	alert?: boolean;
}

const percent = (rate: Rate): Cell => (rate.share === null ? null : { percent: rate.share });
const chartPercent = (rate: Rate) => (rate.share === null ? null : Math.round(rate.share * 1000) / 10);
/** Green when nine in ten deadlines are met, amber from six in ten, red below. */
const shareColor = (rate: Rate) => (rate.share === null || rate.share >= 0.9 ? COLORS.ok : rate.share >= 0.6 ? COLORS.amber : COLORS.red);
const shareText = (rate: Rate) => (rate.share === null ? '—' : `${Math.round(rate.share * 1000) / 10}%`);

/** The service kinds the district reports first, then the grid workers' own routine work. */
const SERVICE_ORDER: ServiceKind[] = ['home-visit', 'elder-care', 'micro-service', 'mediation', 'publicity', 'patrol'];
const REPORTED_SERVICES: ServiceKind[] = ['home-visit', 'elder-care', 'micro-service', 'mediation'];
const CLOCK_KEYS = ['onSite', 'ordinary', 'complex', 'major'] as const;

function panel(id: string, title: string, columns: string[], rows: Cell[][], chart: ChartSpec | null, extra: Partial<Panel> = {}): Panel {
	return { id, title, chart, table: { title, columns, rows }, highlight: [], ...extra };
}

function bucketLabel(bucket: string, bucketing: Bucketing, t: Translate): string {
	if (bucketing === 'month') return t('dash.bucket.month', { year: bucket.slice(0, 4), month: Number(bucket.slice(5)) });
	const label = t('dash.bucket.day', { month: Number(bucket.slice(5, 7)), day: Number(bucket.slice(8)) });
	return bucketing === 'week' ? t('dash.bucket.week', { day: label }) : label;
}

function departmentName(id: string, names: Record<string, string>, t: Translate): string {
	return id ? (names[id] ?? id) : t('dash.notDispatched');
}

export function summaryTiles(f: SharedFigures, t: Translate): Tile[] {
	return [
		{ id: 'reported', label: t('dash.tile.reported'), value: String(f.reported) },
		{ id: 'open', label: t('dash.tile.open'), value: String(f.open.total), detail: f.open.late ? t('dash.tile.late', { count: f.open.late }) : undefined, alert: f.open.late > 0 },
		{ id: 'onSite', label: t('dash.tile.onSite'), value: shareText(f.compliance.onSite) },
		{ id: 'finish', label: t('dash.tile.finish'), value: shareText(f.finish) },
		{ id: 'volunteerHours', label: t('dash.tile.volunteerHours'), value: String(f.volunteers.hours) },
		{
			id: 'fulfilment',
			label: t('dash.tile.fulfilment'),
			value: `${f.fulfilment.done}/${f.fulfilment.commitments}`,
			detail: f.fulfilment.overdue ? t('dash.tile.overdueCommitments', { count: f.fulfilment.overdue }) : undefined,
			alert: f.fulfilment.overdue > 0
		}
	];
}

function compliancePanel(f: SharedFigures, t: Translate): Panel {
	const labels = CLOCK_KEYS.map((clock) => t(`dash.clock.${clock}`));
	const rates = CLOCK_KEYS.map((clock) => f.compliance[clock]);
	return panel(
		'compliance',
		t('dash.compliance'),
		[t('dash.col.deadline'), t('dash.col.met'), t('dash.col.missed'), t('dash.col.pending'), t('dash.col.share')],
		[...rates.map((r, i) => [labels[i], r.met, r.missed, r.pending, percent(r)]), [t('dash.clock.finish'), f.finish.met, f.finish.missed, f.finish.pending, percent(f.finish)]],
		{ kind: 'bar', labels, series: [{ label: t('dash.col.share'), values: rates.map(chartPercent), color: rates.map(shareColor) }], percent: true },
		{ note: t('dash.compliance.note') }
	);
}

function trendPanel(f: SharedFigures, t: Translate): Panel {
	const labels = f.trend.map((p) => bucketLabel(p.bucket, f.bucketing, t));
	return panel(
		'trend',
		t('dash.trend'),
		[t(`dash.col.bucket.${f.bucketing}`), t('dash.col.reported'), t('dash.clock.onSiteShort'), t('dash.clock.finish')],
		f.trend.map((p, i) => [labels[i], p.reported, percent(p.onSite), percent(p.finish)]),
		{
			kind: 'line',
			labels,
			series: [
				{ label: t('dash.clock.onSiteShort'), values: f.trend.map((p) => chartPercent(p.onSite)), color: COLORS.ok },
				{ label: t('dash.clock.finish'), values: f.trend.map((p) => chartPercent(p.finish)), color: COLORS.blue }
			],
			percent: true
		}
	);
}

function openPanel(f: SharedFigures, t: Translate): Panel {
	const departments = Object.keys(f.open.byDepartment).sort((a, b) => (a === '' ? 1 : b === '' ? -1 : departmentName(a, f.departments, t).localeCompare(departmentName(b, f.departments, t), 'zh-CN')));
	const labels = departments.map((id) => departmentName(id, f.departments, t));
	const rows: Cell[][] = departments.map((id, i) => {
		const levels = f.open.byDepartment[id];
		return [labels[i], ...CASE_LEVELS.map((level) => levels[level]), CASE_LEVELS.reduce((sum, level) => sum + levels[level], 0)];
	});
	const totals = CASE_LEVELS.map((level) => departments.reduce((sum, id) => sum + f.open.byDepartment[id][level], 0));
	return panel(
		'open',
		t('dash.open'),
		[t('dash.col.department'), ...CASE_LEVELS.map((level) => t(`cases.level.${level}`)), t('dash.col.total')],
		[...rows, [t('dash.col.total'), ...totals, f.open.total]],
		{
			kind: 'bar',
			labels,
			stacked: true,
			series: CASE_LEVELS.map((level) => ({ label: t(`cases.level.${level}`), values: departments.map((id) => f.open.byDepartment[id][level]), color: COLORS.level[level] }))
		},
		{ note: t('dash.open.note', { total: f.open.total, late: f.open.late }) }
	);
}

function categoryPanel(f: SharedFigures, t: Translate): Panel {
	const labels = FIGURE_CATEGORIES.map((c) => (c === 'none' ? t('dash.category.none') : t(`cases.category.${c}`)));
	const counts = FIGURE_CATEGORIES.map((c) => f.byCategory[c]);
	return panel(
		'categories',
		t('dash.categories'),
		[t('dash.col.category'), t('dash.col.cases'), t('dash.col.portion')],
		counts.map((count, i) => [labels[i], count, f.reported ? { percent: count / f.reported } : null]),
		{ kind: 'doughnut', labels, series: [{ label: t('dash.col.cases'), values: counts, color: COLORS.series }] }
	);
}

function servicePanel(f: SharedFigures, t: Translate): Panel {
	const labels = SERVICE_ORDER.map((kind) => t(`dash.service.${kind}`));
	return panel(
		'services',
		t('dash.services'),
		[t('dash.col.service'), t('dash.col.count'), t('dash.col.hours')],
		[
			...SERVICE_ORDER.map((kind, i) => [labels[i], f.services[kind].count, f.services[kind].hours]),
			[t('dash.volunteer.services'), null, f.volunteers.serviceHours],
			[t('dash.volunteer.activities'), null, f.volunteers.activityHours],
			[t('dash.volunteer.total'), null, f.volunteers.hours]
		],
		{ kind: 'bar', labels, series: [{ label: t('dash.col.count'), values: SERVICE_ORDER.map((kind) => f.services[kind].count), color: COLORS.red }] },
		{ note: t('dash.services.note') }
	);
}

function fulfilmentPanel(f: SharedFigures, t: Translate): Panel {
	const { agreements, commitments, done, overdue, averagePercent } = f.fulfilment;
	const parts = [done, commitments - done - overdue, overdue];
	return panel(
		'fulfilment',
		t('dash.fulfilment'),
		[t('dash.col.item'), t('dash.col.value')],
		[
			[t('dash.fulfilment.agreements'), agreements],
			[t('dash.fulfilment.commitments'), commitments],
			[t('dash.fulfilment.done'), done],
			[t('dash.fulfilment.overdue'), overdue],
			[t('dash.fulfilment.average'), commitments ? { percent: averagePercent / 100 } : null]
		],
		commitments
			? {
					kind: 'doughnut',
					labels: [t('dash.fulfilment.done'), t('dash.fulfilment.inProgress'), t('dash.fulfilment.overdue')],
					series: [{ label: t('dash.fulfilment.commitments'), values: parts, color: [COLORS.ok, COLORS.grey, COLORS.red] }]
				}
			: null,
		{ highlight: overdue ? [3] : [] }
	);
}

function reasonsText(reasons: string[], t: Translate): string {
	return reasons.map((r) => t(`dash.gridLoad.reason.${r as 'households' | 'specialNeeds'}`)).join('、');
}

function gridCasePanel(f: CommunityFigures, t: Translate): Panel {
	return panel(
		'grids',
		t('dash.grids'),
		[t('dash.col.grid'), t('dash.col.cases'), t('dash.col.remark')],
		f.byGrid.map((g) => [g.name, g.count, g.standsOut ? t('dash.grids.standsOut') : '']),
		{
			kind: 'bar',
			labels: f.byGrid.map((g) => g.name),
			series: [{ label: t('dash.col.cases'), values: f.byGrid.map((g) => g.count), color: f.byGrid.map((g) => (g.standsOut ? COLORS.red : COLORS.grey)) }],
			horizontal: f.byGrid.length > 8
		},
		{ highlight: f.byGrid.flatMap((g, i) => (g.standsOut ? [i] : [])), note: t('dash.grids.note') }
	);
}

function gridLoadPanel(f: CommunityFigures, t: Translate): Panel {
	const yes = t('dash.yes');
	const no = t('dash.no');
	return panel(
		'gridLoad',
		t('dash.gridLoad'),
		[t('dash.col.grid'), t('dash.col.households'), t('dash.col.workers'), t('dash.col.perWorker'), t('dash.col.specialNeeds'), t('dash.col.needsPartTime'), t('dash.col.staffed')],
		[
			...f.grids.map((g) => [g.name, g.households, g.workers, g.householdsPerWorker, g.specialNeedsHouseholds, g.needsPartTime ? reasonsText(g.reasons, t) : no, g.needsPartTime ? (g.staffed ? yes : no) : '—']),
			[t('dash.col.total'), f.gridLoad.households, f.gridLoad.workers, f.gridLoad.householdsPerWorker, f.gridLoad.specialNeedsHouseholds, f.gridLoad.needsPartTime, f.gridLoad.needsPartTime - f.gridLoad.understaffed]
		],
		{
			kind: 'bar',
			labels: f.grids.map((g) => g.name),
			series: [
				{
					label: t('dash.col.perWorker'),
					values: f.grids.map((g) => g.householdsPerWorker),
					color: f.grids.map((g) => (!g.staffed ? COLORS.red : g.needsPartTime ? COLORS.amber : COLORS.grey))
				}
			],
			horizontal: f.grids.length > 8
		},
		{ highlight: f.grids.flatMap((g, i) => (g.staffed ? [] : [i])), note: t('dash.gridLoad.note') }
	);
}

/** The community dashboard, top to bottom. */
export function communityPanels(f: CommunityFigures, t: Translate): Panel[] {
	return [compliancePanel(f, t), trendPanel(f, t), openPanel(f, t), categoryPanel(f, t), gridCasePanel(f, t), servicePanel(f, t), fulfilmentPanel(f, t), gridLoadPanel(f, t)];
}

// ---- the district: every community side by side, and the sum ---------------------------------

type Column = { header: string; value: (f: SharedFigures) => Cell };

function sideBySide(d: DistrictFigures, t: Translate, columns: Column[]): Cell[][] {
	const rows = d.communities.map((c) => [c.figures.name, ...columns.map((col) => col.value(c.figures))]);
	return [...rows, [t('dash.district.total'), ...columns.map((col) => col.value(d.total))]];
}

function overviewPanel(d: DistrictFigures, t: Translate): Panel {
	const columns: Column[] = [
		{ header: t('dash.col.reported'), value: (f) => f.reported },
		{ header: t('dash.col.open'), value: (f) => f.open.total },
		{ header: t('dash.col.late'), value: (f) => f.open.late },
		{ header: t('dash.clock.onSiteShort'), value: (f) => percent(f.compliance.onSite) },
		{ header: t('dash.clock.finish'), value: (f) => percent(f.finish) },
		...REPORTED_SERVICES.map((kind) => ({ header: t(`dash.service.${kind}`), value: (f: SharedFigures) => f.services[kind].count })),
		{ header: t('dash.col.volunteerHours'), value: (f) => f.volunteers.hours },
		{ header: t('dash.col.commitmentsDone'), value: (f) => `${f.fulfilment.done}/${f.fulfilment.commitments}` },
		{ header: t('dash.col.needsPartTime'), value: (f) => f.gridLoad.needsPartTime }
	];
	const names = d.communities.map((c) => c.figures.name);
	return panel(
		'overview',
		t('dash.district.overview'),
		[t('dash.col.community'), ...columns.map((c) => c.header)],
		sideBySide(d, t, columns),
		{
			kind: 'bar',
			labels: names,
			series: [
				{ label: t('dash.col.reported'), values: d.communities.map((c) => c.figures.reported), color: COLORS.red },
				{ label: t('dash.col.open'), values: d.communities.map((c) => c.figures.open.total), color: COLORS.blue }
			]
		},
		{ highlight: [d.communities.length] }
	);
}

function districtCompliancePanel(d: DistrictFigures, t: Translate): Panel {
	const columns: Column[] = [
		...CLOCK_KEYS.map((clock) => ({ header: t(`dash.clock.${clock}`), value: (f: SharedFigures) => percent(f.compliance[clock]) })),
		{ header: t('dash.clock.finish'), value: (f) => percent(f.finish) }
	];
	return panel(
		'compliance',
		t('dash.compliance'),
		[t('dash.col.community'), ...columns.map((c) => c.header)],
		sideBySide(d, t, columns),
		{
			kind: 'bar',
			labels: d.communities.map((c) => c.figures.name),
			series: [
				{ label: t('dash.clock.onSiteShort'), values: d.communities.map((c) => chartPercent(c.figures.compliance.onSite)), color: COLORS.ok },
				{ label: t('dash.clock.finish'), values: d.communities.map((c) => chartPercent(c.figures.finish)), color: COLORS.blue }
			],
			percent: true
		},
		{ highlight: [d.communities.length], note: t('dash.compliance.note') }
	);
}

function districtServicePanel(d: DistrictFigures, t: Translate): Panel {
	const columns: Column[] = [
		...SERVICE_ORDER.map((kind) => ({ header: t(`dash.service.${kind}`), value: (f: SharedFigures) => f.services[kind].count })),
		{ header: t('dash.col.volunteerHours'), value: (f) => f.volunteers.hours }
	];
	return panel(
		'services',
		t('dash.services'),
		[t('dash.col.community'), ...columns.map((c) => c.header)],
		sideBySide(d, t, columns),
		{
			kind: 'bar',
			labels: d.communities.map((c) => c.figures.name),
			stacked: true,
			series: REPORTED_SERVICES.map((kind, i) => ({ label: t(`dash.service.${kind}`), values: d.communities.map((c) => c.figures.services[kind].count), color: COLORS.series[i] }))
		},
		{ highlight: [d.communities.length], note: t('dash.services.note') }
	);
}

function districtFulfilmentPanel(d: DistrictFigures, t: Translate): Panel {
	const columns: Column[] = [
		{ header: t('dash.fulfilment.agreements'), value: (f) => f.fulfilment.agreements },
		{ header: t('dash.fulfilment.commitments'), value: (f) => f.fulfilment.commitments },
		{ header: t('dash.fulfilment.done'), value: (f) => f.fulfilment.done },
		{ header: t('dash.fulfilment.overdue'), value: (f) => f.fulfilment.overdue },
		{ header: t('dash.fulfilment.average'), value: (f) => (f.fulfilment.commitments ? { percent: f.fulfilment.averagePercent / 100 } : null) }
	];
	return panel(
		'fulfilment',
		t('dash.fulfilment'),
		[t('dash.col.community'), ...columns.map((c) => c.header)],
		sideBySide(d, t, columns),
		{
			kind: 'bar',
			labels: d.communities.map((c) => c.figures.name),
			series: [{ label: t('dash.fulfilment.average'), values: d.communities.map((c) => Math.round(c.figures.fulfilment.averagePercent * 10) / 10), color: COLORS.ok }],
			percent: true
		},
		{ highlight: [d.communities.length] }
	);
}

function districtGridLoadPanel(d: DistrictFigures, t: Translate): Panel {
	const flagged = d.communities.flatMap((c) => c.figures.grids.filter((g) => g.needsPartTime).map((g) => ({ community: c.figures.name, grid: g })));
	return panel(
		'gridLoad',
		t('dash.district.partTime'),
		[t('dash.col.community'), t('dash.col.grid'), t('dash.col.households'), t('dash.col.specialNeeds'), t('dash.col.workers'), t('dash.col.reason'), t('dash.col.staffed')],
		flagged.map(({ community, grid }) => [community, grid.name, grid.households, grid.specialNeedsHouseholds, grid.workers, reasonsText(grid.reasons, t), grid.staffed ? t('dash.yes') : t('dash.no')]),
		{
			kind: 'bar',
			labels: d.communities.map((c) => c.figures.name),
			stacked: true,
			series: [
				{ label: t('dash.gridLoad.staffed'), values: d.communities.map((c) => c.figures.gridLoad.needsPartTime - c.figures.gridLoad.understaffed), color: COLORS.amber },
				{ label: t('dash.gridLoad.understaffed'), values: d.communities.map((c) => c.figures.gridLoad.understaffed), color: COLORS.red }
			]
		},
		{
			highlight: flagged.flatMap((f, i) => (f.grid.staffed ? [] : [i])),
			note: t('dash.district.partTime.note', { grids: d.total.gridLoad.grids, households: d.total.gridLoad.households, workers: d.total.gridLoad.workers, perWorker: d.total.gridLoad.householdsPerWorker ?? '—' })
		}
	);
}

/** The district dashboard: the communities compared, then the district's own totals. */
export function districtPanels(d: DistrictFigures, t: Translate): Panel[] {
	return [
		overviewPanel(d, t),
		districtCompliancePanel(d, t),
		trendPanel(d.total, t),
		openPanel(d.total, t),
		categoryPanel(d.total, t),
		districtServicePanel(d, t),
		districtFulfilmentPanel(d, t),
		districtGridLoadPanel(d, t)
	];
}
