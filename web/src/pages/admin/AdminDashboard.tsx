// /admin/dashboard: the live dashboard. Reads this node's metrics (GET /admin/metrics, the same
// exposition as /metrics, behind metrics:read) every 5 s while open and keeps the last 30 minutes
// in memory; the charts come from a separate chunk (charts/charts.ts) loaded on first use.
// Every figure is also printed as text ("Now" and the latency table), which is what a screen
// reader gets: the canvases are labelled images.
import { useEffect, useRef, useState } from "preact/hooks";
import { Alert } from "../../components/Alert";
import { en } from "../../i18n/en";
import { CHARTED_FAMILIES, derive, latencyTable, snapshot, type FamilyLatency, type Point, type Snapshot } from "../../metrics/dashboard";
import type { Chart, ChartSpec } from "../../charts/charts";
import { latchkeyGet } from "./shared";

const EVERY_MS = 5_000;
const KEEP = (30 * 60_000) / EVERY_MS; // 30 minutes of points
const WINDOW = 60_000 / EVERY_MS; // the latency table's minute, in scrapes
const t = en.dashboard;

type Panel = { id: string; title: string; spec: ChartSpec; pick: (p: Point) => (number | null)[] };
const PANELS: Panel[] = [
  { id: "sign-ins", title: t.signInsPerMinute, spec: { series: [t.signInOk, t.signInFailed] }, pick: (p) => [p.signInOk, p.signInFailed] },
  { id: "success", title: t.successRate, spec: { series: ["%"], percent: true }, pick: (p) => [p.successRate] },
  { id: "latency", title: t.latencyChart, spec: { series: CHARTED_FAMILIES, unit: " ms" }, pick: (p) => CHARTED_FAMILIES.map((f) => p.p95[f] ?? null) },
  { id: "errors", title: t.errorsPerMinute, spec: { series: [t.clientErrors, t.serverErrors] }, pick: (p) => [p.clientErrors, p.serverErrors] },
  { id: "sessions", title: t.activeSessions, spec: { series: [t.activeSessions] }, pick: (p) => [p.sessions] },
  { id: "refusals", title: t.refusalsPerMinute, spec: { series: [t.captcha, t.lockout, t.rateLimit] }, pick: (p) => [p.captcha, p.lockout, p.rateLimit] },
  { id: "kdf", title: t.kdf, spec: { series: [t.kdfBusy, t.kdfQueued] }, pick: (p) => [p.kdfBusy, p.kdfQueued] },
  { id: "outbox", title: t.outbox, spec: { series: [t.outboxQueued, t.outboxDead] }, pick: (p) => [p.outboxQueued, p.outboxDead] },
];

const fmt = (v: number | null, digits = 1) => (v === null ? "–" : v.toFixed(digits));

export function AdminDashboard() {
  const [points, setPoints] = useState<Point[]>([]);
  const [table, setTable] = useState<FamilyLatency[]>([]);
  const [failed, setFailed] = useState(false);
  const [chartsFailed, setChartsFailed] = useState(false);
  const snapshots = useRef<Snapshot[]>([]);
  const charts = useRef<Record<string, Chart>>({});
  const holders = useRef<Record<string, HTMLDivElement | null>>({});

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      const res = await latchkeyGet<string>("/admin/metrics", {});
      if (stopped) return;
      if (res.error || typeof res.data !== "string") {
        setFailed(true);
      } else {
        setFailed(false);
        const all = [...snapshots.current, snapshot(res.data)].slice(-(WINDOW + 1));
        snapshots.current = all;
        if (all.length >= 2) {
          setPoints((prev) => [...prev, derive(all[all.length - 2], all[all.length - 1])].slice(-KEEP));
          setTable(latencyTable(all[0], all[all.length - 1]));
        }
      }
      timer = window.setTimeout(() => void tick(), EVERY_MS);
    };
    void tick();
    // The chart library is its own chunk: fetched once, when the dashboard first opens.
    import("../../charts/charts")
      .then(({ lineChart }) => {
        if (stopped) return;
        for (const panel of PANELS) {
          const holder = holders.current[panel.id];
          if (holder) charts.current[panel.id] = lineChart(holder, panel.spec);
        }
      })
      .catch(() => setChartsFailed(true));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const chart of Object.values(charts.current)) chart.destroy();
      charts.current = {};
    };
  }, []);

  useEffect(() => {
    const xs = points.map((p) => p.t);
    for (const panel of PANELS) {
      const ys = panel.spec.series.map((_, i) => points.map((p) => panel.pick(p)[i]));
      charts.current[panel.id]?.update([xs, ...ys]);
    }
  }, [points]);

  const last = points[points.length - 1];
  return (
    <section aria-labelledby="dashboard-title" data-testid="dashboard">
      <h2 id="dashboard-title">{t.title}</h2>
      <p class="hint">{t.intro} {t.node}</p>
      {failed && <Alert text={t.paused} />}
      {chartsFailed && <Alert text={t.chartFailed} />}
      <h3>{t.now}</h3>
      {last ? (
        <dl class="summary" data-testid="dashboard-now">
          <dt>{t.signInsPerMinute}</dt><dd data-testid="now-sign-ins">{fmt(last.signInOk + last.signInFailed)}</dd>
          <dt>{t.successRate}</dt><dd data-testid="now-success">{fmt(last.successRate, 0)}</dd>
          <dt>{t.refusedSignIns}</dt>
          <dd data-testid="now-refused-sign-ins">
            {Object.keys(last.refusedBy).length === 0 ? t.none : Object.entries(last.refusedBy).map(([outcome, n]) => `${outcome} ${fmt(n)}`).join(", ")}
          </dd>
          <dt>{t.errorsPerMinute}</dt><dd>{t.clientErrors} {fmt(last.clientErrors)}, {t.serverErrors} {fmt(last.serverErrors)}</dd>
          <dt>{t.activeSessions}</dt><dd data-testid="now-sessions">{fmt(last.sessions, 0)}</dd>
          <dt>{t.refusalsPerMinute}</dt><dd data-testid="now-refusals">{t.captcha} {fmt(last.captcha)}, {t.lockout} {fmt(last.lockout)}, {t.rateLimit} {fmt(last.rateLimit)}</dd>
          <dt>{t.kdf}</dt><dd>{t.kdfBusy} {last.kdfBusy}, {t.kdfQueued} {last.kdfQueued}</dd>
          <dt>{t.outbox}</dt><dd data-testid="now-outbox">{t.outboxQueued} {last.outboxQueued}, {t.outboxDead} {last.outboxDead}</dd>
        </dl>
      ) : (
        <p role="status">{t.loading}</p>
      )}
      <h3>{t.latencyTitle}</h3>
      {table.length === 0 ? (
        <p>{t.noTraffic}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t.latencyTitle}>
          <table data-testid="latency-table">
            <thead>
              <tr><th scope="col">{t.family}</th><th scope="col">{t.requests}</th><th scope="col">{t.p50}</th><th scope="col">{t.p95}</th><th scope="col">{t.p99}</th></tr>
            </thead>
            <tbody>
              {table.map((row) => (
                <tr key={row.family}>
                  <th scope="row">{row.family}</th><td>{row.requests}</td><td>{fmt(row.p50, 2)}</td><td>{fmt(row.p95, 2)}</td><td>{fmt(row.p99, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {/* Keyed: Preact matches unkeyed siblings by type, and would otherwise reuse this div for the
          latency table when the table appears, dropping the charts uPlot drew into it. */}
      <div class="charts" key="charts">
        {PANELS.map((panel) => (
          <figure class="chart" key={panel.id} data-testid={`chart-${panel.id}`}>
            <figcaption>{panel.title}</figcaption>
            <div role="img" aria-label={panel.title} ref={(el) => {
              holders.current[panel.id] = el;
            }} />
          </figure>
        ))}
      </div>
    </section>
  );
}
