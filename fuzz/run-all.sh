#!/bin/sh
# Runs fuzz targets one after the other, single job, at low priority.
#   fuzz/run-all.sh [SECONDS] [TARGET...]      (from the crate root or from fuzz/)
# Each target runs SECONDS (default 600) over fuzz/corpus/<target> (the fuzzer's own,
# gitignored) and fuzz/seeds/<target> (committed seeds). Logs go to $LOG_DIR (default
# fuzz/logs, gitignored); crashes to fuzz/artifacts/<target>/. A crash ends that target's
# run and the script goes on with the next.
set -u
cd "$(dirname "$0")/.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-"ask open_index open_index_resealed corpus_toml corpus_json corpus_csv corpus_5374 round_trip query_log"}
log_dir=${LOG_DIR:-fuzz/logs}
mkdir -p "$log_dir"
export RUSTC_BOOTSTRAP=1
for target in $targets; do
    extra=""
    case $target in
        ask | query_log) extra="-max_len=4096" ;;
        round_trip) extra="-max_len=1024" ;;
    esac
    mkdir -p "fuzz/corpus/$target"
    echo "== $target ($seconds s) $(date -u +%H:%M:%S)"
    nice -n 10 cargo fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 $extra \
        >"$log_dir/$target.log" 2>&1
    echo "   exit $? $(date -u +%H:%M:%S)"
    grep -E '^stat::|^Done|SUMMARY|panicked at|Test unit written' "$log_dir/$target.log" | sed 's/^/   /'
done
