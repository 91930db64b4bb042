// What the admin dashboard draws, derived from two successive scrapes of latchkey's metrics
// (docs/operations.md "Metrics"): counters become per-minute rates over the interval between
// them, gauges are read as they are, latency percentiles come from the histograms' bucket deltas.
import { buckets, parsePrometheus, quantile, sum, type Sample } from "./prometheus";

export type Snapshot = { at: number; samples: Sample[] };

export type Point = {
  t: number; // seconds since the epoch (the charts' x axis)
  signInOk: number; signInFailed: number; // sign-in attempts per minute, signed in (or on to the second factor) vs refused
  successRate: number | null; // % of sign-in attempts that signed in; null without any
  refusedBy: Record<string, number>; // refused sign-in attempts per minute, by outcome (those with any)
  clientErrors: number; serverErrors: number; // responses per minute, every family
  captcha: number; lockout: number; rateLimit: number; // refusals per minute
  sessions: number | null; kdfBusy: number; kdfQueued: number; outboxQueued: number; outboxDead: number;
  p95: Record<string, number | null>; // ms, per route family with traffic in the interval
};

export type FamilyLatency = { family: string; requests: number; p50: number | null; p95: number | null; p99: number | null };

const REQUESTS = "latchkey_http_requests_total";
// Every sign-in method, counted once per attempt by outcome (docs/operations.md "Metrics").
const ATTEMPTS = "latchkey_sign_in_attempts_total";
const SIGNED_IN = ["ok", "two_factor_required"];
const LATENCY = "latchkey_http_request_duration_seconds";
const DECISIONS = "latchkey_abuse_decisions_total";
// The abuse guard's decisions (docs/audit.md) grouped as the dashboard shows them.
const CAPTCHA = ["captcha_missing", "captcha_failed", "captcha_unavailable", "captcha_mismatched"];
const LOCKOUT = ["locked", "account_locked"];
const RATE_LIMIT = ["rate_limited", "account_rate_limited", "concurrent_attempts"];
// Families whose latency is charted (the rest are in the table): the paths people wait on.
export const CHARTED_FAMILIES = ["sign-in", "sign-up", "session", "tokens", "two-factor", "passkey"];

export function snapshot(text: string, at = Date.now()): Snapshot {
  return { at, samples: parsePrometheus(text) };
}

function gauge(s: Snapshot, name: string, where: Record<string, string> = {}): number | null {
  const found = s.samples.filter((x) => x.name === name && Object.entries(where).every(([k, v]) => x.labels[k] === v));
  if (found.length === 0 || found.some((x) => x.value < 0)) return null; // absent, or the database did not answer
  return found.reduce((a, x) => a + x.value, 0);
}

/** Route families present in a snapshot's request counters. */
function families(s: Snapshot): string[] {
  return [...new Set(s.samples.filter((x) => x.name === REQUESTS && x.labels.family).map((x) => x.labels.family))];
}

export function derive(before: Snapshot, after: Snapshot): Point {
  const minutes = Math.max(after.at - before.at, 1) / 60_000;
  // Counters only grow; a node restart resets them, so a negative delta reads as 0.
  const rate = (name: string, where: Record<string, string | string[]> = {}) =>
    Math.max(0, sum(after.samples, name, where) - sum(before.samples, name, where)) / minutes;
  const signInOk = rate(ATTEMPTS, { outcome: SIGNED_IN });
  const signInAll = rate(ATTEMPTS);
  const refusedBy: Record<string, number> = {};
  for (const outcome of new Set(after.samples.filter((x) => x.name === ATTEMPTS).map((x) => x.labels.outcome))) {
    const perMinute = SIGNED_IN.includes(outcome) ? 0 : rate(ATTEMPTS, { outcome });
    if (perMinute > 0) refusedBy[outcome] = perMinute;
  }
  const p95: Record<string, number | null> = {};
  for (const family of CHARTED_FAMILIES) {
    const q = quantile(0.95, buckets(before.samples, LATENCY, { family }), buckets(after.samples, LATENCY, { family }));
    p95[family] = q === null ? null : q * 1000;
  }
  return {
    t: after.at / 1000,
    signInOk,
    signInFailed: Math.max(0, signInAll - signInOk),
    successRate: signInAll > 0 ? (100 * signInOk) / signInAll : null,
    refusedBy,
    clientErrors: rate(REQUESTS, { code: "4xx" }),
    serverErrors: rate(REQUESTS, { code: "5xx" }),
    captcha: rate(DECISIONS, { decision: CAPTCHA }),
    lockout: rate(DECISIONS, { decision: LOCKOUT }),
    rateLimit: rate(DECISIONS, { decision: RATE_LIMIT }),
    sessions: gauge(after, "latchkey_sessions_active"),
    kdfBusy: gauge(after, "latchkey_kdf_busy") ?? 0,
    kdfQueued: gauge(after, "latchkey_kdf_queued") ?? 0,
    outboxQueued: gauge(after, "latchkey_mail_outbox", { status: "queued" }) ?? 0,
    outboxDead: gauge(after, "latchkey_mail_outbox", { status: "dead" }) ?? 0,
    p95,
  };
}

/** p50/p95/p99 per route family between two snapshots, busiest first; families without traffic left out. */
export function latencyTable(before: Snapshot, after: Snapshot): FamilyLatency[] {
  const rows: FamilyLatency[] = [];
  for (const family of families(after)) {
    const requests = sum(after.samples, REQUESTS, { family }) - sum(before.samples, REQUESTS, { family });
    if (requests <= 0) continue;
    const b = buckets(before.samples, LATENCY, { family });
    const a = buckets(after.samples, LATENCY, { family });
    const ms = (q: number) => {
      const v = quantile(q, b, a);
      return v === null ? null : v * 1000;
    };
    rows.push({ family, requests, p50: ms(0.5), p95: ms(0.95), p99: ms(0.99) });
  }
  return rows.sort((x, y) => y.requests - x.requests);
}
