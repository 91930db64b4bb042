// Line charts for the admin dashboard, with uPlot (MIT, npm). This module is the dashboard's own
// chunk (assets/charts.js), loaded only when the dashboard opens, so the sign-in page's script
// stays within its budget (docs/web.md). It must import nothing from the app: a shared module
// would make Vite load assets/app.js a second time from here (vite.config.ts checks it).
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export type ChartSpec = { series: string[]; unit?: string; percent?: boolean };
export type Chart = { update(data: (number | null)[][]): void; destroy(): void };

// Distinct on white and for the common colour-vision deficiencies (Okabe–Ito).
const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"];
const HEIGHT = 180;

export function lineChart(el: HTMLElement, spec: ChartSpec): Chart {
  const opts: uPlot.Options = {
    width: Math.max(el.clientWidth, 240),
    height: HEIGHT,
    series: [
      {},
      ...spec.series.map((label, i) => ({
        label,
        stroke: COLOURS[i % COLOURS.length],
        width: 2,
        spanGaps: false,
        value: (_: uPlot, v: number | null) => (v === null || v === undefined ? "–" : `${round(v)}${spec.unit ?? ""}`),
      })),
    ],
    scales: {
      x: { time: true, auto: false },
      y: spec.percent ? { range: [0, 100] } : { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    axes: [{}, { size: 50 }],
    cursor: { drag: { x: false, y: false } },
  };
  const empty = [[], ...spec.series.map(() => [])] as unknown as uPlot.AlignedData;
  const plot = new uPlot(opts, empty, el);
  // Phones rotate and windows resize: follow the container's width.
  const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 240), height: HEIGHT }));
  resize.observe(el);
  return {
    update: (data) => {
      plot.setData(data as unknown as uPlot.AlignedData);
      // At least the last five minutes across, so the first few points do not fill the width.
      const xs = data[0] as number[];
      if (xs.length > 0) plot.setScale("x", { min: Math.min(xs[0], xs[xs.length - 1] - 300), max: xs[xs.length - 1] });
    },
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
}

function round(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
