// A client of latchkey's realtime socket (GET /api/auth/ws, docs/websocket.md),
// shared by the suites that check a socket dies with its session.
import WebSocket from "ws";

/** The close code of a socket whose session ended (revoked, banned, removed). */
export const SESSION_ENDED = 4001;

function wsUrl(server) {
  return server.baseURL.replace(/^http/, "ws") + "/ws";
}

/**
 * Opens a socket. Resolves {ws, next(type), closed} once open, or
 * {status, body} when the server refused the upgrade.
 */
export function connect(server, { cookie, bearer, origin = server.origin, extra = {} } = {}) {
  const headers = { ...extra };
  if (cookie) headers.cookie = cookie;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const options = { headers };
  if (origin) options.origin = origin;
  const ws = new WebSocket(wsUrl(server), options);
  const messages = [];
  const waiters = [];
  ws.on("message", (data) => {
    const event = JSON.parse(String(data));
    messages.push(event);
    for (const w of [...waiters]) w();
  });
  const closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })));
  /** The first message of `type` not taken yet (waits up to ms). */
  const next = (type, ms = 2000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const i = messages.findIndex((m) => m.type === type);
        if (i < 0) return false;
        const [m] = messages.splice(i, 1);
        waiters.splice(waiters.indexOf(check), 1);
        clearTimeout(timer);
        resolve(m);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(check), 1);
        reject(new Error(`no ${type} message within ${ms} ms; got ${JSON.stringify(messages)}`));
      }, ms);
      waiters.push(check);
      check();
    });
  return new Promise((resolve, reject) => {
    ws.on("open", () => resolve({ ws, next, closed, messages }));
    ws.on("unexpected-response", (req, res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: body ? JSON.parse(body) : null }));
    });
    ws.on("error", (e) => reject(e));
  });
}
