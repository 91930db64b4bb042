#!/usr/bin/env bash
# README.md's configuration keys tables are the output of
# `latchkey config keys --markdown`, between the config-keys marker comments
# (docs/design.md "Settings").
#   scripts/readme-keys.sh check BIN   fails when README differs (a ctest runs it)
#   scripts/readme-keys.sh update BIN  rewrites the tables in README.md
set -euo pipefail
mode=${1:?usage: readme-keys.sh check|update BIN}
bin=${2:?usage: readme-keys.sh check|update BIN}
readme="$(dirname "$0")/../README.md"
begin='<!-- config-keys:begin'
end='<!-- config-keys:end -->'
generated=$(mktemp)
current=$(mktemp)
trap 'rm -f "$generated" "$current"' EXIT
# The tables, with one blank line on either side of them.
{ echo; "$bin" config keys --markdown; echo; } >"$generated"
grep -q "^$begin" "$readme" || { echo "README.md: no '$begin' marker" >&2; exit 1; }
awk -v b="$begin" -v e="$end" 'index($0, e) == 1 { inside = 0 } inside { print } index($0, b) == 1 { inside = 1 }' \
  "$readme" >"$current"
case $mode in
  check)
    if ! diff -u "$current" "$generated"; then
      echo "README.md's configuration tables differ from 'latchkey config keys --markdown';" \
        "run scripts/readme-keys.sh update $bin" >&2
      exit 1
    fi
    echo "README.md configuration tables match the declarations"
    ;;
  update)
    awk -v b="$begin" -v e="$end" -v gen="$generated" '
      index($0, b) == 1 { print; while ((getline line < gen) > 0) print line; skip = 1; next }
      index($0, e) == 1 { skip = 0 }
      !skip { print }' "$readme" >"$readme.new"
    mv "$readme.new" "$readme"
    ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
