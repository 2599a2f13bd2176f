#!/bin/sh
# `mapcheck check` as a user runs it: readable diagnostics with file:line:column, JSON output,
# standard input, and the exit status (0 clean or warnings, 1 errors, 2 usage).
# usage: test-check.sh MAPCHECK TESTS_DIR
set -u
mapcheck=$1
docs=$2/fixtures/segment-docs
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

out=$("$mapcheck" check "$docs/engage-event-mapping.track.json"); rc=$?
[ "$rc" -eq 0 ] || fail "docs Track event: exit $rc, expected 0"
echo "$out" | grep -q "^warning\[ENG-01\] $docs/engage-event-mapping.track.json:3:14 at /context/personas: " ||
  fail "docs Track event: no ENG-01 line with position: $out"

out=$("$mapcheck" check --mapping "$docs/engage-event-mapping.identify.mapping.json" \
      --required email_address "$docs/engage-event-mapping.track.json"); rc=$?
[ "$rc" -eq 1 ] || fail "Identify mapping on a Track event: exit $rc, expected 1"
echo "$out" | grep -q "^error\[MAP-01\] $docs/engage-event-mapping.identify.mapping.json:2:31 at /email_address/@path: " ||
  fail "no MAP-01 line: $out"
echo "$out" | grep -q "^  fix: Read context.traits.email" || fail "no fix line for MAP-01: $out"
echo "$out" | grep -q "^error\[MAP-03\] .* at /email_address: " || fail "no MAP-03 for --required: $out"

out=$("$mapcheck" check --json --mapping "$docs/engage-event-mapping.identify.mapping.json" \
      "$docs/engage-event-mapping.track.json"); rc=$?
[ "$rc" -eq 1 ] || fail "--json: exit $rc, expected 1"
echo "$out" | grep -q '"code": "MAP-01"' || fail "--json: no MAP-01: $out"
echo "$out" | grep -q '"valid": false' || fail "--json: not marked invalid: $out"

out=$("$mapcheck" check - < "$docs/trait-enrichment.identify.json"); rc=$?
[ "$rc" -eq 0 ] || fail "stdin: exit $rc, expected 0"
echo "$out" | grep -q "^info\[SPEC-16\] <stdin>:5:12 at /email: " || fail "stdin: no SPEC-16 line: $out"

"$mapcheck" check >/dev/null 2>&1; rc=$?
[ "$rc" -eq 2 ] || fail "no event: exit $rc, expected 2"

[ "$failures" -eq 0 ] && echo "mapcheck check: all cases passed"
exit "$failures"
