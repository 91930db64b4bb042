// Which server the suite runs against, chosen by environment:
//   LK_E2E_TARGET=latchkey (default)  start the real binary per test file
//   LK_E2E_TARGET=peer                use an already-running Better Auth peer at LK_E2E_BASE_URL
//   LK_E2E_DB=sqlite (default)|postgres   latchkey's storage backend for this run
//   LK_TEST_POSTGRES_URL              server for the postgres run (a fresh database per test file)
//   LATCHKEY_BIN                      the binary (default <repo>/build/latchkey)
//   LK_E2E_PEER_SECRET                the peer's secret, to check cookie signatures (default: auth.mjs's)
//   LK_E2E_KEEP=1                     keep temp dirs, logs and postgres databases after the run
//   LK_E2E_PEER_RATE_LIMIT=1          the peer runs with RATE_LIMIT=1 (its limiter on): run the
//                                     tests that expect Better Auth's 429s against it too
import path from "node:path";
import { fileURLToPath } from "node:url";

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = path.resolve(E2E_DIR, "..", "..");

export const TARGET = process.env.LK_E2E_TARGET || "latchkey";
if (!["latchkey", "peer"].includes(TARGET)) {
  throw new Error(`LK_E2E_TARGET must be latchkey or peer, got ${TARGET}`);
}
export const IS_PEER = TARGET === "peer";

export const BACKEND = process.env.LK_E2E_DB || "sqlite";
if (!["sqlite", "postgres"].includes(BACKEND)) {
  throw new Error(`LK_E2E_DB must be sqlite or postgres, got ${BACKEND}`);
}

export const LATCHKEY_BIN = process.env.LATCHKEY_BIN || path.join(REPO_DIR, "build", "latchkey");
export const POSTGRES_URL = process.env.LK_TEST_POSTGRES_URL || "";
export const KEEP = process.env.LK_E2E_KEEP === "1";

// The Better Auth peer (shared/peers/better-auth) signs with this fixed benchmark secret.
export const PEER_SECRET =
  process.env.LK_E2E_PEER_SECRET || "bench-only-secret-0123456789abcdef0123456789abcdef";

// The peer's rate limiter is off unless it was started with RATE_LIMIT=1 (its README).
export const PEER_RATE_LIMITED = process.env.LK_E2E_PEER_RATE_LIMIT === "1";

// Pass as `{ skip: LATCHKEY_ONLY }` to tests about latchkey's own behaviour (process
// lifecycle, its database, its logs, its hardening): false on latchkey, a reason on the peer.
export const LATCHKEY_ONLY = IS_PEER ? "latchkey-only (target is the Better Auth peer)" : false;

// Tests where latchkey deliberately differs from Better Auth 1.7.25: the reason is the difference.
export function latchkeyDiffers(reason) {
  return IS_PEER ? `latchkey differs from Better Auth here: ${reason}` : false;
}
