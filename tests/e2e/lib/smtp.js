// A real SMTP server on loopback for the mail tests: Debian's python3-aiosmtpd
// with its Mailbox handler, which stores every message in a maildir.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, makeTempDir } from "./server.js";
import { decodeMail } from "./mail.js";

// Debian's python3 has aiosmtpd; a pyenv python first on PATH may not.
const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

async function waitForPort(port, timeoutMs = 10000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`aiosmtpd did not listen on ${port}`);
}

/** Starts aiosmtpd; returns {url, port, start(), stop(), messages()} (start/stop restart it). */
export async function startSmtp() {
  const port = await freePort();
  const dir = makeTempDir("smtp");
  const maildir = path.join(dir, "maildir");
  let child = null;
  const smtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    async start() {
      child = spawn(PYTHON, ["-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`, "-c",
        "aiosmtpd.handlers.Mailbox", maildir], { stdio: "ignore" });
      await waitForPort(port);
    },
    async stop() {
      if (!child) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      child = null;
    },
    /** Every delivered message, decoded (headers + bodies). */
    messages() {
      const out = [];
      for (const sub of ["new", "cur"]) {
        const d = path.join(maildir, sub);
        if (!fs.existsSync(d)) continue;
        for (const f of fs.readdirSync(d)) out.push(decodeMail(fs.readFileSync(path.join(d, f), "utf8")));
      }
      return out;
    },
    async waitFor(predicate, timeoutMs = 10000) {
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        const hit = smtp.messages().find(predicate);
        if (hit) return hit;
        await sleep(100);
      }
      throw new Error(`no matching mail delivered within ${timeoutMs} ms`);
    },
    async cleanup() {
      await smtp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await smtp.start();
  return smtp;
}
