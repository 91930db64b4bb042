// A local HTTP endpoint that takes POSTs on one path, for the test receivers of what latchkey
// sends out (OTLP spans, Sentry envelopes). Every request is kept (path, headers, body);
// `handle(body, req)` decodes one and returns the JSON answer, or throws → 400 and the error
// is kept for the test to raise.
import http from "node:http";

/** Polls `check()` every 50 ms until it returns something truthy; raises a kept error at once. */
export async function pollUntil(errors, check, timeoutMs, describe) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (errors.length) throw errors[0];
    const found = check();
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out; ${describe()}`);
}

export async function startCollector(path, handle) {
  const requests = [];
  const errors = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ path: req.url, headers: { ...req.headers }, body });
      if (req.method !== "POST" || req.url !== path) {
        res.writeHead(404).end();
        return;
      }
      try {
        const answer = handle(body, req);
        res.writeHead(200, { "content-type": "application/json" }).end(answer);
      } catch (err) {
        errors.push(err);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    requests,
    errors,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
