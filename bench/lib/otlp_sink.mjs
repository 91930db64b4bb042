// A minimal OTLP/HTTP sink for the observe part of bench/run.sh: answers every POST with 200
// after reading the body, and counts requests and bytes (printed on SIGTERM), so the exporter
// does real work (encode, connect, send) without a collector's CPU on this machine.
import http from "node:http";

const port = Number(process.argv[2] ?? 4318);
let requests = 0;
let bytes = 0;
const server = http.createServer((req, res) => {
  req.on("data", (c) => (bytes += c.length));
  req.on("end", () => {
    requests += 1;
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
});
server.listen(port, "127.0.0.1");
process.on("SIGTERM", () => {
  console.log(`otlp sink: ${requests} requests, ${bytes} bytes`);
  process.exit(0);
});
