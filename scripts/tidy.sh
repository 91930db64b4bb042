#!/usr/bin/env bash
# clang-tidy (.clang-tidy: bug-finding checks, warnings are errors) over the
# server's sources, tests excluded. `make test` runs it on the files a change
# touched; the whole tree takes far longer than CI's budget allows on two
# cores (docs/testing.md, "clang-tidy").
#
#   scripts/tidy.sh          the changed files (below), at most TIDY_MAX_FILES
#   scripts/tidy.sh --all    every file (`make tidy`)
#   scripts/tidy.sh FILE...  the given files
#
# Changed files: those changed since the merge-base with TIDY_BASE (default
# origin/main) when that ref exists and HEAD is not on it; otherwise those
# changed in the last TIDY_COMMITS commits (default 5; fewer in a shallow
# clone). Uncommitted and untracked files count too. A changed header stands
# for the .cc beside it, or else for one .cc that includes it.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
TIDY_BASE=${TIDY_BASE:-origin/main}
TIDY_COMMITS=${TIDY_COMMITS:-5}
TIDY_MAX_FILES=${TIDY_MAX_FILES:-16}

if [[ ! -f $BUILD_DIR/compile_commands.json ]]; then
  echo "clang-tidy: no $BUILD_DIR/compile_commands.json; configure the build first" >&2
  exit 1
fi

server_source() {  # a server .cc under src/ (tests and test helpers excluded)
  [[ $1 == src/*.cc && $1 != *_test.cc && $1 != */testing/* && -f $1 ]]
}

changed_paths() {
  local base=""
  if git rev-parse -q --verify "$TIDY_BASE^{commit}" >/dev/null; then
    base=$(git merge-base HEAD "$TIDY_BASE" 2>/dev/null || true)
    [[ $base == "$(git rev-parse HEAD)" ]] && base=""
  fi
  if [[ -z $base ]]; then
    # The oldest of the last TIDY_COMMITS commits' parents that exists.
    base=$(git rev-list --max-count="$((TIDY_COMMITS + 1))" HEAD | tail -n 1)
  fi
  # Newest first, so that a cap keeps the latest work.
  {
    git ls-files --others --exclude-standard
    git diff --name-only HEAD
    git log --name-only --format= "$base..HEAD"
  } | awk 'NF && !seen[$0]++'
}

pick_files() {
  local path cc
  while IFS= read -r path; do
    case $path in
      *.cc) server_source "$path" && echo "$path" ;;
      src/*.h)
        cc=${path%.h}.cc
        if ! server_source "$cc"; then
          # (No includer, or head closing the pipe early, is not a failure.)
          cc=$(grep -rlF --include='*.cc' "#include \"${path#src/}\"" src |
            while IFS= read -r f; do server_source "$f" && echo "$f"; done | head -n 1) || true
        fi
        [[ -n $cc ]] && echo "$cc"
        ;;
    esac
  done | awk '!seen[$0]++'
}

if [[ ${1:-} == --all ]]; then
  mapfile -t files < <(git ls-files 'src/*.cc' | while IFS= read -r f; do
    server_source "$f" && echo "$f"
  done)
elif (($#)); then
  files=("$@")
else
  mapfile -t files < <(changed_paths | pick_files)
  if ((${#files[@]} > TIDY_MAX_FILES)); then
    echo "clang-tidy: ${#files[@]} changed files; checking the $TIDY_MAX_FILES changed last" \
      "(scripts/tidy.sh --all checks everything)"
    files=("${files[@]:0:TIDY_MAX_FILES}")
  fi
fi
if ((${#files[@]} == 0)); then
  echo "clang-tidy: no changed server sources"
  exit 0
fi

# The build is a unity build (CMakeLists.txt, LATCHKEY_UNITY_BUILD): its
# compile_commands.json names the generated unity_N_cxx.cxx files, each
# including several sources. clang-tidy checks each source on its own, with
# its unity file's command.
tidy_db=$(mktemp -d)
trap 'rm -rf "$tidy_db"' EXIT
python3 - "$BUILD_DIR/compile_commands.json" "$tidy_db/compile_commands.json" <<'PY'
import json, re, sys
entries = []
for entry in json.load(open(sys.argv[1])):
    unity = entry["file"]
    if "/Unity/unity_" not in unity:
        entries.append(entry)
        continue
    for source in re.findall(r'^#include "([^"]+)"', open(unity).read(), re.M):
        entries.append({**entry, "file": source,
                        "command": entry["command"].replace(unity, source)})
json.dump(entries, open(sys.argv[2], "w"))
PY

# run-clang-tidy matches its arguments as regular expressions on the paths
# in compile_commands.json.
patterns=()
for f in "${files[@]}"; do patterns+=("/${f//./\\.}\$"); done
start=$SECONDS
if ! run-clang-tidy -p "$tidy_db" -j "$JOBS" -quiet "${patterns[@]}" >/tmp/latchkey-tidy.txt 2>&1; then
  grep -E -A 4 '(warning|error):' /tmp/latchkey-tidy.txt | head -n 80 >&2
  echo "clang-tidy: findings above (.clang-tidy; a check is disabled there only with a reason)" >&2
  exit 1
fi
echo "clang-tidy: ${#files[@]} files clean in $((SECONDS - start)) s"
