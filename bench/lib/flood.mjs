// Open-loop sign-in flood for bench/lib/flood.sh: sends POST /sign-in/email at a fixed rate
// whatever the server answers (wrk is closed-loop: a slow answer would slow the flood), over
// keep-alive connections, cycling through the bench users, and reports each status's count
// and latency percentiles as JSON on stdout. No npm dependencies; Node >= 20.
//   node flood.mjs BASE ORIGIN RATE_PER_S SECONDS USERS PASSWORD
import http from "node:http";

const [base, origin, rateArg, secondsArg, usersArg, password] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const users = Number(usersArg);
if (!base || !(rate > 0) || !(seconds > 0) || !(users > 0)) {
  console.error("usage: node flood.mjs BASE ORIGIN RATE_PER_S SECONDS USERS PASSWORD");
  process.exit(2);
}
const url = new URL(`${base}/sign-in/email`);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
const latencies = new Map(); // status → [ms]
let sent = 0;
let inFlight = 0;

function fire(i) {
  const body = JSON.stringify({ email: `bench-${(i % users) + 1}@example.com`, password });
  const started = process.hrtime.bigint();
  inFlight++;
  const req = http.request(
    { host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), origin } },
    (res) => {
      res.resume();
      res.on("end", () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (!latencies.has(res.statusCode)) latencies.set(res.statusCode, []);
        latencies.get(res.statusCode).push(ms);
        inFlight--;
      });
    },
  );
  req.on("error", () => {
    if (!latencies.has("error")) latencies.set("error", []);
    latencies.get("error").push(0);
    inFlight--;
  });
  req.end(body);
  sent++;
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
const t0 = Date.now();
const timer = setInterval(() => {
  // Catch up to the schedule: the number due by now, whatever happened before.
  const due = Math.floor(((Date.now() - t0) / 1000) * rate);
  while (sent < due) fire(sent);
  if (Date.now() - t0 >= seconds * 1000) {
    clearInterval(timer);
    const deadline = Date.now() + 15000;
    const wait = setInterval(() => {
      if (inFlight > 0 && Date.now() < deadline) return;
      clearInterval(wait);
      const report = { sent, seconds, rate, statuses: {} };
      for (const [status, list] of latencies) {
        list.sort((a, b) => a - b);
        report.statuses[status] = { n: list.length, p50_ms: pct(list, 0.5), p99_ms: pct(list, 0.99), max_ms: list.at(-1) };
      }
      console.log(JSON.stringify(report));
      agent.destroy();
    }, 50);
  }
}, 5);
