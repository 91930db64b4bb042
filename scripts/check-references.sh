#!/usr/bin/env bash
# Every reference points at something a reader of a clone can open
# (docs/testing.md, "References"). Fails on:
#  - citations of the research notes this project started from, which are not
#    in the repository: the wire contract, the security bar and the old shared
#    design notes cited by section, or any path into ../shared (except the
#    Better Auth peer's documented checkout, ../shared/peers/better-auth);
#  - a "§" not preceded on its line by the standard it belongs to (RFC, NIST,
#    SP 800-…, ASVS, WebAuthn, OpenID/OIDC, OAuth, FIPS) or a docs/*.md file.
# Our own behaviour is cited as (docs/<page>.md, "<section>").
set -euo pipefail
cd "$(dirname "$0")/.."

paths=(src tests/e2e bench scripts fuzz cmake web docs CMakeLists.txt Makefile README.md)
grep_opts=(-rnIi --exclude-dir=node_modules --exclude-dir='build*' --exclude=check-references.sh)
status=0

outside=$(grep "${grep_opts[@]}" -e 'wire-contract' -e 'wire contract §' -e 'security-bar' \
  -e 'security bar §' -e 'design\.md §' -e '\.\./shared' "${paths[@]}" |
  sed 's#\.\./shared/peers/better-auth##g' |
  grep -iE 'wire-contract|wire contract §|security-bar|security bar §|design\.md §|\.\./shared' ||
  true)
if [[ -n "$outside" ]]; then
  echo "$outside"
  echo "references: the lines above cite documents outside the repository;" \
    "point at docs/*.md by section instead" >&2
  status=1
fi

standards='RFC|NIST|SP 800-|800-63|ASVS|WebAuthn|OpenID|OIDC|OAuth|FIPS|docs/[A-Za-z0-9_-]+\.md'
# Keep each line up to its first "§" and ask that a standard be named there.
bare=$(grep "${grep_opts[@]}" '§' "${paths[@]}" | LC_ALL=C sed 's/§.*//' |
  LC_ALL=C grep -vE "^[^:]+:[0-9]+:.*(${standards})" || true)
if [[ -n "$bare" ]]; then
  echo "$bare" | sed 's/$/§…/'
  echo "references: a § above does not name its standard or docs/*.md on the same line" >&2
  status=1
fi

[[ $status -eq 0 ]] && echo "references: every § names its document; none points outside the repo"
exit $status
