#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time and reports, per target, how many inputs
# libFuzzer executed and whether it found a crash (a panic, a timeout or running out of memory).
#
#   scripts/fuzz.sh                         every target, 60 s each
#   SECONDS_PER_TARGET=600 scripts/fuzz.sh  longer runs
#   scripts/fuzz.sh page_build              only the named targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo fuzz uses nightly compiler flags
# (sanitizers, coverage); RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
# New inputs go to fuzz/corpus/<target>/ (kept between runs, git-ignored), crashes to
# fuzz/artifacts/<target>/, the full libFuzzer log of the last run to
# fuzz/artifacts/<target>/last-run.log.
#
# Exit status: 0 when no target crashed, 1 when one did, 2 when the targets could not be built.
set -u -o pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-60}
# Longest a single input may take before libFuzzer calls it a hang.
TIMEOUT_PER_INPUT=${TIMEOUT_PER_INPUT:-30}
ALL_TARGETS=(frontmatter_split frontmatter_decode schema_check page_build data_schema sanitise)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${ALL_TARGETS[@]}"); fi
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is not installed: run \`cargo install cargo-fuzz\`" >&2
    exit 2
fi

# page_build keeps a fixture site in a temporary folder for the whole run; keep those folders
# in one place and remove them at the end.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Build once, then run the built binaries: `cargo fuzz run` would rebuild before each target,
# so that targets could test different versions of a source tree being edited.
echo "building fuzz targets..."
if ! cargo fuzz build >"$scratch/build.log" 2>&1; then
    tail -n 40 "$scratch/build.log" >&2
    echo "the fuzz targets do not build" >&2
    exit 2
fi
host=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="fuzz/target/$host/release"

crashed=0
summary=()
for target in "${targets[@]}"; do
    corpus="fuzz/corpus/$target"
    artifacts="fuzz/artifacts/$target"
    log="$artifacts/last-run.log"
    mkdir -p "$corpus" "$artifacts" "$scratch/tmp-$target"
    seeds=()
    [ -d "fuzz/seeds/$target" ] && seeds=("fuzz/seeds/$target")
    echo "fuzzing $target for ${SECONDS_PER_TARGET} s..."
    # The options cargo fuzz run would pass, plus the run's bounds.
    TMPDIR="$scratch/tmp-$target" ASAN_OPTIONS="detect_odr_violation=0" \
        "$bin_dir/$target" \
        -artifact_prefix="$artifacts/" \
        -max_total_time="$SECONDS_PER_TARGET" \
        -timeout="$TIMEOUT_PER_INPUT" \
        -rss_limit_mb=4096 \
        -dict=fuzz/dict/greenprint.dict \
        -print_final_stats=1 \
        "$corpus" "${seeds[@]}" >"$log" 2>&1
    status=$?

    # libFuzzer ends with `stat::number_of_executed_units: N` (with -print_final_stats=1) and a
    # `#N DONE` line; when it stops on a crash, the last `#N` progress line is the best count.
    executions=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+$')
    if [ -z "$executions" ]; then
        executions=$(grep -oE '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 | grep -oE '[0-9]+' | head -n 1)
    fi
    if [ -z "$executions" ]; then
        executions=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    fi
    executions=${executions:-0}

    if [ "$status" -eq 0 ]; then
        verdict="ok"
    else
        crashed=1
        if grep -q 'ERROR: libFuzzer: timeout' "$log"; then
            verdict="CRASHED (timeout)"
        elif grep -q 'ERROR: libFuzzer: out-of-memory' "$log"; then
            verdict="CRASHED (out of memory)"
        elif grep -q 'panicked at' "$log"; then
            verdict="CRASHED (panic)"
        elif grep -q 'ERROR: AddressSanitizer' "$log"; then
            verdict="CRASHED (AddressSanitizer)"
        else
            verdict="CRASHED (exit status $status)"
        fi
        echo "---- $target: end of $log ----"
        grep -E 'panicked at|ERROR: (libFuzzer|AddressSanitizer)' "$log" | head -n 5
        grep -E 'Test unit written to' "$log" | head -n 3
        echo "reproduce with: RUSTC_BOOTSTRAP=1 cargo fuzz run $target <the file written above>"
        echo "----"
    fi
    line=$(printf '%-20s %12s executions  %s' "$target" "$executions" "$verdict")
    echo "$line"
    summary+=("$line")
done

echo
echo "fuzzing summary (${SECONDS_PER_TARGET} s per target):"
printf '  %s\n' "${summary[@]}"
exit "$crashed"
