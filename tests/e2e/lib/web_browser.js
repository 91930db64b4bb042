// What the browser suites of the hosted pages share (web-*.test.js, docs/testing.md): Debian's
// chromium through playwright-core, the checks every tab gets (no console error, page error, CSP
// violation or request off the origin), axe-core, screenshots, and the pages' message catalogue.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { BACKEND, E2E_DIR, LATCHKEY_ONLY, REPO_DIR } from "./target.js";

export const CHROMIUM = process.env.LK_E2E_CHROMIUM || "/usr/bin/chromium";

// Why a browser suite is skipped, or false. The pages are the same whatever the database: the
// browser suites run in the SQLite pass only (the API suites cover PostgreSQL), which keeps make
// test inside its CI budget. latchkey-only: the peer serves no pages.
export const WEB_SKIP = LATCHKEY_ONLY
  || (BACKEND === "postgres" ? "the pages run in the SQLite pass only" : false)
  || (fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (scripts/install-deps.sh test)`);

export const SHOTS = path.join(E2E_DIR, "artifacts", "web");
const AXE_SOURCE = createRequire(import.meta.url)("axe-core").source;

// The pages' message catalogue, read from its one source so the tests and the UI cannot drift.
const CATALOGUE = fs.readFileSync(path.join(REPO_DIR, "web", "src", "i18n", "en.ts"), "utf8");

/**
 * The catalogue's text for `key`, or `block.key` for a key several blocks define
 * ("orgs.created"). A key two blocks define with different texts is refused: the test would
 * otherwise check whichever comes first.
 */
export function msg(key) {
  let text = CATALOGUE;
  const dot = key.indexOf(".");
  if (dot > 0) {
    const start = text.search(new RegExp(`\\n  ${key.slice(0, dot)}: \\{`));
    assert.ok(start >= 0, `web/src/i18n/en.ts has a block ${key.slice(0, dot)}`);
    text = text.slice(start, text.indexOf("\n  },", start));
    key = key.slice(dot + 1);
  }
  const texts = new Set([...text.matchAll(new RegExp(`\\b${key}: "([^"]*)"`, "g"))].map((m) => m[1]));
  assert.equal(texts.size, 1, `web/src/i18n/en.ts has one text for ${key} (found ${texts.size})`);
  return [...texts][0];
}

/** Headless chromium; its sandbox cannot start as root, elsewhere it stays on. */
export async function launchChromium() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, chromiumSandbox: process.getuid?.() !== 0 });
}

/**
 * A fresh browser context (own cookie jar) and tab on the pages at `origin`. `problems` collects
 * console errors, page errors (CSP violations are console errors in Chromium) and requests to any
 * other origin (a blob: URL of the origin, a download the page makes, is its own). The one console
 * error allowed is Chromium's "Failed to load resource" line for a 4xx answer of /api/auth: the
 * pages expect those (a wrong password is a 401) and show them properly. `allow` lists other
 * origins the page may reach: a CAPTCHA provider's, when the test configures one.
 */
export async function openTab(browser, origin, contextOptions = {}, { allow = [] } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
  const tab = await context.newPage();
  tab.setDefaultTimeout(10_000);
  const problems = [];
  tab.on("console", (m) => {
    if (m.type() !== "error") return;
    const url = m.location()?.url ?? "";
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text()) && url.startsWith(`${origin}/api/auth/`)) return;
    problems.push(`console: ${m.text()} (${url})`);
  });
  tab.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  tab.on("request", (r) => {
    const url = r.url();
    if ([origin, ...allow].some((o) => url.startsWith(`${o}/`)) || url.startsWith(`blob:${origin}/`)) return;
    problems.push(`third-party request: ${url}`);
  });
  return { context, tab, problems };
}

/** Closes the tab's context; fails on anything `problems` collected. */
export async function closeTab({ context, problems }) {
  await context.close();
  assert.deepEqual(problems, [], "no console error, page error, CSP violation or third-party request");
}

/** axe-core in the page (evaluate runs outside the CSP, no script tag is added). */
export async function assertAccessible(tab, name) {
  const violations = await tab.evaluate(
    `(async () => { ${AXE_SOURCE}; const r = await axe.run(document, { resultTypes: ["violations"] });
      return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => v.id + ": " + v.help + " @ " + v.nodes.map((n) => n.target.join(" ")).join(", ")); })()`,
  );
  assert.deepEqual(violations, [], `axe: no serious or critical violation on ${name}`);
}

/** Screenshots at desktop and phone width, and axe at both (the layout changes at 375 px). */
export async function capture(tab, name) {
  for (const width of [1280, 375]) {
    await tab.setViewportSize({ width, height: 900 });
    await assertAccessible(tab, `${name} at ${width} px`);
    await tab.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await tab.setViewportSize({ width: 1280, height: 900 });
}
