import type { ChartConfiguration } from 'chart.js';

/** The app's colours (app.css), for charts drawn on a canvas that cannot read CSS variables. */
export const COLORS = {
	red: '#b71c1c',
	ok: '#1a7f37',
	blue: '#4e79a7',
	amber: '#d97706',
	grey: '#9aa4ae',
	level: { ordinary: '#4e79a7', complex: '#d97706', major: '#b71c1c' },
	series: ['#b71c1c', '#4e79a7', '#d97706', '#1a7f37', '#8e6bb5', '#9aa4ae']
} as const;

/** What a dashboard chart shows, independent of the library drawing it. */
export interface ChartSpec {
	kind: 'bar' | 'line' | 'doughnut';
	labels: string[];
	series: { label: string; values: (number | null)[]; color: string | readonly string[] }[];
	/** Bars of a series stacked on the previous ones. */
	stacked?: boolean;
	/** Bars drawn across, for long lists of names on a narrow screen. */
	horizontal?: boolean;
	/** Values are percentages: the axis runs 0–100%. */
	percent?: boolean;
}

const FONT = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', system-ui, sans-serif";

/** The chart.js configuration of a spec; `animate` false for charts drawn once into a file. */
export function chartConfig(spec: ChartSpec, options: { animate?: boolean } = {}): ChartConfiguration {
	const round = spec.kind === 'doughnut';
	const datasets = spec.series.map((s) => ({
		label: s.label,
		data: s.values,
		backgroundColor: s.color as string | string[],
		borderColor: round ? '#fff' : (s.color as string | string[]),
		borderWidth: spec.kind === 'line' ? 2 : round ? 2 : 0,
		// A day or week without decided deadlines has no share: a gap, not a line drawn across it.
		spanGaps: false,
		tension: 0.2,
		pointRadius: spec.kind === 'line' ? 3 : undefined
	}));
	const valueAxis = {
		beginAtZero: true,
		stacked: spec.stacked,
		...(spec.percent ? { max: 100, ticks: { callback: (value: string | number) => `${value}%` } } : { ticks: { precision: 0 } })
	};
	const nameAxis = { stacked: spec.stacked, ticks: { autoSkip: true, maxRotation: 50 } };
	return {
		type: spec.kind,
		data: { labels: spec.labels, datasets },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: options.animate === false ? false : undefined,
			indexAxis: spec.horizontal ? 'y' : 'x',
			font: { family: FONT },
			plugins: {
				legend: { display: round || spec.series.length > 1, position: 'bottom', labels: { boxWidth: 12, font: { family: FONT } } },
				tooltip: spec.percent ? { callbacks: { label: (item) => `${item.dataset.label}: ${item.formattedValue}%` } } : {}
			},
			scales: round ? {} : spec.horizontal ? { x: valueAxis, y: nameAxis } : { x: nameAxis, y: valueAxis }
		}
	} as ChartConfiguration;
}

let registered: Promise<typeof import('chart.js')> | null = null;

/** chart.js with what the dashboards draw registered, loaded once on first use. */
export function chartLibrary(): Promise<typeof import('chart.js')> {
	registered ??= import('chart.js').then((lib) => {
		lib.Chart.register(
			lib.BarController,
			lib.BarElement,
			lib.LineController,
			lib.LineElement,
			lib.PointElement,
			lib.DoughnutController,
			lib.ArcElement,
			lib.CategoryScale,
			lib.LinearScale,
			lib.Tooltip,
			lib.Legend
		);
		lib.Chart.defaults.font.family = FONT;
		return lib;
	});
	return registered;
}

/** The chart drawn once into a PNG (for the Word report), on a white ground. */
export async function chartPng(spec: ChartSpec, width = 640, height = 300): Promise<Uint8Array> {
	const { Chart } = await chartLibrary();
	const canvas = document.createElement('canvas');
	canvas.width = width;
	canvas.height = height;
	// Off the page, a responsive chart would size itself to nothing.
	const config = chartConfig(spec, { animate: false });
	config.options = { ...config.options, responsive: false, devicePixelRatio: 2 };
	const chart = new Chart(canvas, config);
	try {
		const white = document.createElement('canvas');
		white.width = canvas.width;
		white.height = canvas.height;
		const context = white.getContext('2d')!;
		context.fillStyle = '#fff';
		context.fillRect(0, 0, white.width, white.height);
		context.drawImage(canvas, 0, 0);
		const blob = await new Promise<Blob | null>((resolve) => white.toBlob(resolve, 'image/png'));
		if (!blob) throw new Error('the chart could not be drawn');
		return new Uint8Array(await blob.arrayBuffer());
	} finally {
		chart.destroy();
	}
}
