#!/bin/bash
# Runs the libFuzzer harnesses (built in build-fuzz/ by `make fuzz-build`), each for a fixed
# time, and fails if any of them finds a crash, leak, UB report, timeout or broken property.
#   fuzz/run.sh SECONDS [JOBS [HARNESS...]]      (default: all harnesses, 2 at a time)
# Each harness reads the seeds (fuzz/corpus-seed/, made by make-seeds.mjs), the committed
# regression inputs (fuzz/corpus/) and its growing work corpus (fuzz/corpus-work/, not
# committed); crashes are written to fuzz/artifacts/.
set -u
cd "$(dirname "$0")/.."
seconds=${1:?seconds per harness}
jobs=${2:-2}
shift $(( $# > 1 ? 2 : 1 ))
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  harnesses=(json transform validate_mapping fql liquid simulate batch validate_event)
fi

if [ ! -d fuzz/corpus-seed ] || [ -n "$(find tests/conformance tests/fixtures fuzz/make-seeds.mjs -newer fuzz/corpus-seed -print -quit)" ]; then
  node fuzz/make-seeds.mjs >/dev/null || exit 1
fi
mkdir -p fuzz/artifacts fuzz/logs

run_one() {
  local h=$1 seconds=$2 d
  case $h in
    json) d=json ;; fql) d=fql ;; liquid) d=liquid ;; simulate | batch) d=config ;; *) d=mapping ;;
  esac
  mkdir -p "fuzz/corpus-work/$h"
  local corpora=("fuzz/corpus-work/$h" "fuzz/corpus-seed/$h")
  [ -d "fuzz/corpus/$h" ] && corpora+=("fuzz/corpus/$h")
  # -timeout: one input may take at most 10 s (a hang); -rss_limit_mb: memory per process.
  "build-fuzz/fuzz_$h" "${corpora[@]}" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -dict="fuzz/dict/$d.dict" -artifact_prefix="fuzz/artifacts/$h-" \
    -print_final_stats=1 >"fuzz/logs/$h.log" 2>&1
  local rc=$?
  local runs secs
  runs=$(grep -a '^stat::number_of_executed_units' "fuzz/logs/$h.log" | awk '{print $2}')
  secs=$(grep -a '^Done' "fuzz/logs/$h.log" | awk '{print $5}')
  if [ $rc -eq 0 ]; then
    printf 'fuzz %-17s ok    %9s runs in %s s\n' "$h" "${runs:-?}" "${secs:-$seconds}"
  else
    printf 'fuzz %-17s FAIL  (exit %d) see fuzz/logs/%s.log; reproduce: build-fuzz/fuzz_%s %s\n' \
      "$h" "$rc" "$h" "$h" "$(ls -t fuzz/artifacts/$h-* 2>/dev/null | head -1)"
    grep -a -m1 -E 'ERROR: |runtime error|property violated' "fuzz/logs/$h.log" | sed 's/^/    /'
  fi
  return $rc
}
export -f run_one

failed=0
printf '%s\n' "${harnesses[@]}" |
  xargs -P "$jobs" -I{} bash -c 'run_one "$1" "$2"' _ {} "$seconds" || failed=1
exit $failed
