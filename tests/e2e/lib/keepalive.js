// One kept-alive HTTP/1.1 connection that carries many requests, as a reverse proxy's upstream
// pool does (nginx `keepalive`, HAProxy, Envoy, Traefik, Caddy). A raw net socket rather than
// node:http so that (a) reuse is certain, not up to an Agent: every request goes down this one
// socket and none is sent once the server has closed it, and (b) the test writes header lines
// exactly as given, repeated names included (node:http may merge them).
import net from "node:net";
import { makeResponse } from "./http.js";

export class KeepAliveConnection {
  /** Opens the connection; `origin` like "http://127.0.0.1:8080". */
  static async open(origin) {
    const u = new URL(origin);
    const socket = net.connect({ host: u.hostname, port: Number(u.port) });
    await new Promise((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new KeepAliveConnection(socket, u.host);
  }

  constructor(socket, host) {
    this.socket = socket;
    this.host = host;
    this.localPort = socket.localPort; // the connection's identity, for the test to assert
    this.served = 0; // responses read on this socket
    this.closed = false;
    this.buffer = Buffer.alloc(0);
    this.waiter = null;
    socket.on("data", (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.waiter?.();
    });
    socket.on("close", () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on("error", () => {});
  }

  /**
   * Sends one request and reads its response, on this connection only.
   * @param {string} method
   * @param {string} path       request-target, e.g. "/api/auth/sign-in/email"
   * @param {object} [opts]
   * @param {Array<[string,string]>|object} [opts.headers] header lines in order; an array
   *        of pairs may repeat a name (each pair is its own line)
   * @param {*} [opts.json]     body sent as JSON
   * @returns {Promise<object>} like lib/http.js request(): {status, headers, text, json, cookie()}
   */
  async request(method, path, opts = {}) {
    if (this.closed) throw new Error(`connection closed by the server after ${this.served} responses`);
    const lines = [`${method} ${path} HTTP/1.1`, `Host: ${this.host}`];
    const pairs = Array.isArray(opts.headers) ? opts.headers : Object.entries(opts.headers || {});
    for (const [name, value] of pairs) lines.push(`${name}: ${value}`);
    let body = "";
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      lines.push("Content-Type: application/json");
    }
    if (body || method === "POST") lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    this.socket.write(`${lines.join("\r\n")}\r\n\r\n${body}`);
    const res = await this.#readResponse(method === "HEAD", opts.timeoutMs ?? 15000);
    this.served += 1;
    return res;
  }

  close() {
    this.socket.destroy();
  }

  async #readResponse(headOnly, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end >= 0) {
        const head = this.buffer.subarray(0, end).toString("latin1").split("\r\n");
        const status = Number(head[0].split(" ")[1]);
        const headers = {};
        for (const line of head.slice(1)) {
          const colon = line.indexOf(":");
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          if (name === "set-cookie") (headers[name] ||= []).push(value);
          else headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
        }
        if (headers["transfer-encoding"]) throw new Error("chunked responses are not supported here");
        const noBody = headOnly || status === 204 || status === 304 || (status >= 100 && status < 200);
        const length = noBody ? 0 : Number(headers["content-length"] ?? 0);
        if (this.buffer.length >= end + 4 + length) {
          const body = Buffer.from(this.buffer.subarray(end + 4, end + 4 + length));
          this.buffer = this.buffer.subarray(end + 4 + length);
          return makeResponse({ statusCode: status, headers }, body);
        }
      }
      if (this.closed) throw new Error(`connection closed by the server after ${this.served} responses`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timeout waiting for a response on the kept-alive connection");
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          this.waiter = null;
          resolve();
        };
      });
    }
  }
}
