#!/usr/bin/env bash
# Style gate run by `make test`: every C++ file is clang-format clean
# (.clang-format: Google style, 100 columns), each feature uses only its
# own tables (check-table-ownership.sh), and every reference points at
# something in the repo (check-references.sh). `make test` then runs
# scripts/check-layering.sh and clang-tidy on the changed files
# (scripts/tidy.sh); `make tidy` runs clang-tidy on everything. The hosted
# pages' TypeScript must type-check (Vite's build only strips the types).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc' 'bench/*.h' 'fuzz/*.cc' 'fuzz/*.h')
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/latchkey-format.txt; then
  head -n 40 /tmp/latchkey-format.txt
  echo "clang-format: files above are not formatted; run 'make format'" >&2
  exit 1
fi
echo "clang-format: ${#files[@]} files clean"
scripts/check-table-ownership.sh
scripts/check-references.sh
if [[ -x web/node_modules/.bin/tsc ]]; then
  (cd web && node_modules/.bin/tsc --noEmit) || { echo "web/: TypeScript errors above" >&2; exit 1; }
  echo "web: TypeScript type-checks"
  # Error codes are keyed in several blocks of the catalogue and spread into one object, where a
  # second definition silently replaces the first: each code is defined once.
  node -e '
    const text = require("fs").readFileSync("web/src/i18n/en.ts", "utf8");
    const seen = new Map();
    for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9_]+): "/gm)) seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
    const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
    if (twice.length) { console.error("web/src/i18n/en.ts defines twice: " + twice.join(", ")); process.exit(1); }
  ' || exit 1
  echo "web: every error code is in the catalogue once"
fi
