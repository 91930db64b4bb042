// A local Sentry-compatible ingest endpoint for tests: POST /api/<project>/envelope/, the
// envelope parsed with @sentry/core's parseEnvelope (the official SDK's reader), the
// X-Sentry-Auth header parsed into its fields. Every request is kept for assertions.
import http from "node:http";
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
  const requests = [];
  const errors = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      requests.push({ path: req.url, headers: { ...req.headers }, raw });
      if (req.method !== "POST" || req.url !== "/api/42/envelope/") {
        res.writeHead(404).end();
        return;
      }
      try {
        const [header, items] = parseEnvelope(raw);
        const events = items
          .filter(([itemHeader]) => itemHeader.type === "event")
          .map(([, payload]) => (typeof payload === "string" ? JSON.parse(payload)
            : payload instanceof Uint8Array ? JSON.parse(decoder.decode(payload)) : payload));
        envelopes.push({ header, events, auth: parseAuth(req.headers["x-sentry-auth"]), raw });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: header.event_id }));
      } catch (err) {
        errors.push(err);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  const dsn = `http://publickey@127.0.0.1:${port}/42`;
  if (!dsnFromString(dsn)) throw new Error("the test DSN does not parse");
  return {
    dsn,
    envelopes,
    requests,
    errors,
    events: () => envelopes.flatMap((e) => e.events),
    async waitFor(predicate, timeoutMs = 8000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (errors.length) throw errors[0];
        const found = envelopes.flatMap((e) => e.events).find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out; events: ${JSON.stringify(envelopes.flatMap((e) => e.events).map((e) => e.tags))}`);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
