# Sourced by test.sh: each fuzz target (fuzz/fuzz_targets) runs for a
# bounded time from its seeds and the regressions kept in the repository.
# cargo-fuzz on the stable toolchain: without sanitizers (`-s none`, which
# need nightly), so libFuzzer finds panics, overflows (debug assertions are
# on) and hangs, not memory errors (there is no unsafe code to make them).
# shellcheck shell=bash

CARGO_FUZZ_VERSION="0.13.2"
# Seconds per target; longer with FUZZ_SECONDS.
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
# Unoptimised builds by default: they build in ~11 minutes on two cores
# instead of ~18, and run ~15 times slower. FUZZ_RELEASE=1 for long runs.
if [ -n "${FUZZ_RELEASE:-}" ]; then
  FUZZ_PROFILE=(-O --debug-assertions)
else
  FUZZ_PROFILE=(--dev)
fi

fuzz_tests() {
  ensure_cargo_tool cargo-fuzz cargo-fuzz "$CARGO_FUZZ_VERSION" --locked
  local fuzz="$ROOT/fuzz" target
  (cd "$ROOT" && cargo fuzz build "${FUZZ_PROFILE[@]}" -s none)
  for target in $(cd "$ROOT" && cargo fuzz list); do
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
