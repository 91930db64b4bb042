// Reading the mails latchkey wrote as .eml files (no SMTP configured).
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The headers plus every MIME part's decoded body (base64 or quoted-printable). */
export function decodeMail(raw) {
  const [head] = raw.split(/\r?\n\r?\n/, 1);
  const boundary = head.match(/boundary="?([^";\r\n]+)"?/)?.[1];
  // A single-part mail's Content-Transfer-Encoding is in the top headers.
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  const bodies = parts.map((part) => {
    const split = part.search(/\r?\n\r?\n/);
    const headers = split >= 0 ? part.slice(0, split) : "";
    const body = split >= 0 ? part.slice(split).trim() : part;
    if (/transfer-encoding:\s*base64/i.test(headers)) return Buffer.from(body, "base64").toString("utf8");
    if (/transfer-encoding:\s*quoted-printable/i.test(headers)) {
      return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    }
    return body;
  });
  return [head, ...bodies].join("\n\n");
}

/** Every .eml in the server's mail dir, oldest first, as {file, raw, text} (text decoded). */
export function readMails(server) {
  if (!fs.existsSync(server.mailDir)) return [];
  return fs.readdirSync(server.mailDir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => ({ file: f, mtime: fs.statSync(path.join(server.mailDir, f)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file))
    .map(({ file }) => {
      const raw = fs.readFileSync(path.join(server.mailDir, file), "utf8");
      return { file, raw, text: decodeMail(raw) };
    });
}

/**
 * Waits until a mail to `to` whose text matches `pattern` arrives, ignoring the files named in
 * `seen` (mails that were there before); returns its decoded text.
 */
export async function waitForMail(server, to, pattern, timeoutMs = 5000, seen = new Set()) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const hit = readMails(server).find((m) => !seen.has(m.file) && m.text.includes(to) && pattern.test(m.text));
    if (hit) return hit.text;
    await sleep(50);
  }
  throw new Error(`no mail to ${to} matching ${pattern} within ${timeoutMs} ms`);
}

/** The first link in a (decoded) mail that starts with `prefix`. */
export function linkIn(mailText, prefix) {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = mailText.match(new RegExp(`${escaped}[^\\s"<>]*`));
  if (!match) throw new Error(`no link starting with ${prefix} in:\n${mailText}`);
  return match[0];
}
