#!/usr/bin/env bash
# Table ownership gate, run by scripts/lint.sh: a feature reads and writes
# only the tables its own migrations create; it reaches another feature's
# through that feature's store functions (docs/architecture.md, "Tables and
# their owners").
#
# Owners come from `CREATE TABLE <name>` in src/features/<feature>/migrations/
# and src/mail/migrations/ (the outbox, owned by src/mail). Every string
# literal in src/features/<feature>/ (adjacent literals joined, as the
# compiler joins them) and every statement in its migrations is searched for
# FROM/JOIN/INTO/UPDATE/TABLE followed by a table another owner created.
# Foreign keys (REFERENCES) are how features depend on each other and are
# not flagged. Tests (*_test.cc, testing/) are not searched: they seed and
# inspect any table to observe what the product did (an audit row written).
#
# An exception goes in scripts/table-ownership.allow, one per line:
#   <feature> <table>  # why this feature must touch that table itself
# A line without a reason fails the check.
set -euo pipefail
cd "$(dirname "$0")/.."

allow_file=scripts/table-ownership.allow
declare -A owner=()
for sql in src/features/*/migrations/*.sql src/mail/migrations/*.sql; do
  dir=${sql%/migrations/*}
  feature=${dir##*/}
  while read -r table; do
    owner[$table]=$feature
  done < <(grep -oiE 'CREATE TABLE( IF NOT EXISTS)? +[a-z_][a-z0-9_]*' "$sql" | awk '{print tolower($NF)}')
done
if [[ ${#owner[@]} -eq 0 ]]; then
  echo "table ownership: found no CREATE TABLE in any migration" >&2
  exit 1
fi

declare -A allowed=()
bad_allow=0
if [[ -f $allow_file ]]; then
  while IFS= read -r line; do
    [[ -z ${line// /} || $line =~ ^[[:space:]]*# ]] && continue
    if [[ ! $line =~ ^[[:space:]]*([a-z_]+)[[:space:]]+([a-z_]+)[[:space:]]*#[[:space:]]*[^[:space:]] ]]; then
      echo "$allow_file: needs '<feature> <table>  # reason': $line" >&2
      bad_allow=1
      continue
    fi
    allowed["${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"]=1
  done <"$allow_file"
fi

# Prints "<keyword> <table>" for each table named after a SQL keyword in
# the string literals of a C++ file (or the statements of a .sql file).
sql_table_refs() {
  case $1 in
    *.sql) cat "$1" ;;
    *) perl -0777 -ne '
         s{(^|\s)//[^\n]*}{$1}gm;   # line comments: a quote in one would pair wrongly
         s{\x27(?:\\.|[^\x27\\])\x27}{}g;  # character literals, for the same reason
         s{"\s*\n\s*"}{}g;          # "a "\n "b" -> "a b", as the compiler joins them
         print "$1\n" while m{"((?:[^"\\\n]|\\.)*)"}g;' "$1" ;;
  esac | grep -oE '\b(FROM|JOIN|INTO|UPDATE|TABLE)[[:space:]]+[a-z_][a-z0-9_]*' || true
}

failed=0
for dir in src/features/*/; do
  feature=$(basename "$dir")
  while IFS= read -r -d '' file; do
    while read -r keyword table; do
      table_owner=${owner[$table]:-}
      [[ -z $table_owner || $table_owner == "$feature" ]] && continue
      [[ -n ${allowed["$feature $table"]:-} ]] && continue
      echo "$file: $keyword $table: table of '$table_owner'; call its store functions instead" >&2
      failed=1
    done < <(sql_table_refs "$file")
  done < <(find "$dir" -type f \( -name '*.cc' -o -name '*.h' -o -name '*.sql' \) \
    ! -name '*_test.cc' ! -path '*/testing/*' -print0)
done

if [[ $failed -ne 0 || $bad_allow -ne 0 ]]; then
  echo "table ownership: failed (docs/architecture.md, \"Tables and their owners\")" >&2
  exit 1
fi
echo "table ownership: ${#owner[@]} tables, each used only by its owner"
