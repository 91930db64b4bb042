// A local Sentry-compatible ingest endpoint for tests: POST /api/<project>/envelope/, the
// envelope parsed with @sentry/core's parseEnvelope (the official SDK's reader), the
// X-Sentry-Auth header parsed into its fields. Every request is kept for assertions.
import { pollUntil, startCollector } from "./collector.js";
import { dsnFromString, parseEnvelope } from "@sentry/core";

const decoder = new TextDecoder();

function parseAuth(header) {
  const out = {};
  for (const part of String(header ?? "").replace(/^Sentry\s+/, "").split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k) out[k] = v;
  }
  return out;
}

/** Starts the receiver on 127.0.0.1; `dsn` is the DSN to configure (project 42, key "publickey"). */
export async function startSentryReceiver() {
  const envelopes = [];
  const collector = await startCollector("/api/42/envelope/", (raw, req) => {
    const [header, items] = parseEnvelope(raw);
    const events = items
      .filter(([itemHeader]) => itemHeader.type === "event")
      .map(([, payload]) => (typeof payload === "string" ? JSON.parse(payload)
        : payload instanceof Uint8Array ? JSON.parse(decoder.decode(payload)) : payload));
    envelopes.push({ header, events, auth: parseAuth(req.headers["x-sentry-auth"]), raw });
    return JSON.stringify({ id: header.event_id });
  });
  const dsn = `http://publickey@127.0.0.1:${collector.port}/42`;
  if (!dsnFromString(dsn)) throw new Error("the test DSN does not parse");
  const events = () => envelopes.flatMap((e) => e.events);
  return {
    dsn,
    envelopes,
    requests: collector.requests,
    errors: collector.errors,
    events,
    waitFor: (predicate, timeoutMs = 8000) =>
      pollUntil(collector.errors, () => events().find(predicate), timeoutMs,
        () => `events: ${JSON.stringify(events().map((e) => e.tags))}`),
    close: collector.close,
  };
}
