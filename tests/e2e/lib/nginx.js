// Debian's nginx in front of latchkey nodes, running deploy/nginx/latchkey.conf with only the
// node addresses and the listen port replaced (docs/deploy.md, "Several nodes").
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "./http.js";
import { EXTRA_TRUSTED_ORIGIN, freePort, makeTempDir } from "./server.js";
import { REPO_DIR } from "./target.js";

/** Debian's nginx, running deploy/nginx/latchkey.conf with only the nodes and port replaced. */
export async function startNginx(nodes) {
  const dir = makeTempDir("nginx");
  fs.chmodSync(dir, 0o777);  // nginx workers (nobody) write their temp files here
  const port = await freePort();
  const site = fs
    .readFileSync(path.join(REPO_DIR, "deploy/nginx/latchkey.conf"), "utf8")
    .replace(/^ *server 127\.0\.0\.1:300\d[^\n]*\n/gm, "")
    .replace("keepalive 32;", `${nodes.map((n) => `server 127.0.0.1:${n.port} max_fails=1 fail_timeout=5s;`).join("\n    ")}\n    keepalive 32;`)
    .replace("listen 127.0.0.1:8080;", `listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(dir, "latchkey.conf"), site);
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((t) => `${t}_temp_path ${dir}/${t};`).join(" ");
  fs.writeFileSync(path.join(dir, "nginx.conf"), `daemon off; worker_processes 1;
pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 256; }
http { access_log off; ${temp} include ${dir}/latchkey.conf; }
`);
  const child = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await request(`${origin}/healthz`)).status === 200) break;
    } catch {
      await sleep(50);
    }
  }
  return {
    origin,
    // Shaped like a Server for apiFor() and the fixtures: requests go through nginx.
    baseURL: `${origin}/api/auth`,
    defaultHeaders: () => ({ origin: EXTRA_TRUSTED_ORIGIN, "user-agent": "latchkey-e2e" }),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function hasNginx() {
  try {
    execFileSync("nginx", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
