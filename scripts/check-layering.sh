#!/usr/bin/env bash
# Layering gate run by `make test` (docs/architecture.md, "Layers"). Beast and
# Asio stay inside src/http, libpq, SQLite and hiredis inside src/store:
#  1. no file under src/features or src/app includes one of their headers
#     (they sit on the system include path, so only this check stops that);
#  2. configuring BUILD_DIR runs cmake/Layering.cmake, which fails when a
#     target under src/features or src/app gets one of those libraries' usage
#     requirements (a direct link, or another target's PUBLIC link).
# Takes a few seconds: a grep, and a re-run of CMake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}

# Files allowed such an include, one "path  reason" per line. None today;
# an entry must say why the code cannot go through src/http or src/store.
ALLOWED=(
)

pattern='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](boost/beast|boost/asio|libpq-fe\.h|postgresql/|sqlite3\.h|hiredis/|hiredis\.h)'
violations=()
while IFS= read -r hit; do
  [[ -z $hit ]] && continue
  file=${hit%%:*}
  allowed=0
  for entry in "${ALLOWED[@]}"; do
    [[ ${entry%% *} == "$file" ]] && allowed=1
  done
  ((allowed)) || violations+=("$hit")
done < <(grep -rnE --include='*.h' --include='*.cc' "$pattern" src/features src/app || true)
if ((${#violations[@]})); then
  printf '  %s\n' "${violations[@]}" >&2
  echo "layering: src/features and src/app must not include Beast, Asio, libpq, SQLite or hiredis;" \
    "go through src/http or src/store (docs/architecture.md)" >&2
  exit 1
fi

# The same rule on the link graph (cmake/Layering.cmake fails the configure).
generator=()
[[ -f $BUILD_DIR/CMakeCache.txt ]] || generator=(-G Ninja -DCMAKE_BUILD_TYPE=Release)
if ! cmake -S . -B "$BUILD_DIR" "${generator[@]}" -Wno-dev >/tmp/latchkey-layering.txt 2>&1; then
  grep -A 40 'layering' /tmp/latchkey-layering.txt >&2 || tail -n 40 /tmp/latchkey-layering.txt >&2
  exit 1
fi
echo "layering: src/features and src/app include and link neither Beast/Asio nor libpq/SQLite/hiredis"
