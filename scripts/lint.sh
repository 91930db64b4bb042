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
fi
