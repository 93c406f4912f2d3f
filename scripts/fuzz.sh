#!/usr/bin/env bash
# Coverage-guided fuzzing, for sessions longer than the test command's
# replay of the saved inputs: each fuzz target (fuzz/fuzz_targets, whose
# bodies are `server::fuzzing`) runs under libFuzzer for FUZZ_SECONDS from
# its seeds, the regressions kept in the repository and the corpus of
# earlier runs. cargo-fuzz on the stable toolchain: without sanitizers
# (`-s none`, which need nightly), so libFuzzer finds panics, overflows
# (debug assertions are on) and hangs, not memory errors (there is no
# unsafe code to make them).
#
#   scripts/fuzz.sh                      every target, 60 s each
#   FUZZ_SECONDS=3600 scripts/fuzz.sh markdown
set -euo pipefail
source "$(dirname "$0")/lib/setup.sh"
cd "$ROOT"

CARGO_FUZZ_VERSION="0.13.2"
# Seconds per target.
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
# Optimised builds (about 18 minutes on two cores the first time, then
# ~15 times more inputs a second than unoptimised ones); FUZZ_DEV=1 builds
# unoptimised (~11 minutes) for a quick look.
if [ -n "${FUZZ_DEV:-}" ]; then
  FUZZ_PROFILE=(--dev)
else
  FUZZ_PROFILE=(-O --debug-assertions)
fi

fuzz_tests() {
  ensure_cargo_tool cargo-fuzz cargo-fuzz "$CARGO_FUZZ_VERSION" --locked
  local fuzz="$ROOT/fuzz" target
  (cd "$ROOT" && cargo fuzz build "${FUZZ_PROFILE[@]}" -s none)
  for target in ${TARGETS:-$(cd "$ROOT" && cargo fuzz list)}; do
    mkdir -p "$fuzz/corpus/$target" "$fuzz/regressions/$target"
    echo "fuzzing $target for ${FUZZ_SECONDS} s"
    local log="$fuzz/target/$target.log" status=0
    (cd "$ROOT" && cargo fuzz run "${FUZZ_PROFILE[@]}" -s none "$target" \
      "$fuzz/corpus/$target" "$fuzz/seeds/$target" "$fuzz/regressions/$target" \
      -- -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1) \
      >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|.*panicked|SUMMARY|artifact_prefix)' "$log" || true
    if compgen -G "$fuzz/artifacts/$target/*" >/dev/null; then
      echo "fuzz target $target found a failing input: see $fuzz/artifacts/$target" >&2
      return 1
    fi
    # Anything else that stops the run (a build that fails, say) fails too.
    if [ "$status" -ne 0 ] || ! grep -q '^stat::number_of_executed_units' "$log"; then
      tail -n 30 "$log" >&2
      echo "fuzz target $target did not run to its end (status $status): see $log" >&2
      return 1
    fi
  done
}

TARGETS="$*" fuzz_tests
