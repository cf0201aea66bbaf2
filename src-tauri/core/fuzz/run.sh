#!/usr/bin/env bash
# Fuzzes the importers and the document verifier: runs each cargo-fuzz target for SECONDS
# (default 60) and prints, per target, how many inputs were executed and what was found
# (crash-*, timeout-*, oom-*, leak-* files that libFuzzer writes under artifacts/TARGET/).
#
#   src-tauri/core/fuzz/run.sh 120
#
# Targets:
#   siecle           parse_nomenclature, parse_siecle, parse_responsables on the same bytes
#   csv              parse_csv (Pronote / ONDE)
#   bilan_json       bilan::merge::parse, the coordinators' import of a school's bilan JSON
#   export_json      export::from_json, the case-file JSON import
#   document_verify  documents::registry::verify_file, against one case file made on the first input
# Corpora start from the committed seeds/ and the test fixtures (tests/fixtures/siecle,
# tests/fixtures/csv, tests/fixtures/*-export.json); what libFuzzer adds stays in corpus/ (ignored
# by git). A finding is reproduced with `cargo fuzz run TARGET artifacts/TARGET/crash-…`.
#
# Toolchain: cargo-fuzz passes nightly-only flags to rustc (-Zsanitizer=address and friends).
# Only the stable toolchain is installed here, so this script sets RUSTC_BOOTSTRAP=1, which makes
# a stable rustc accept them. It applies to this fuzz build only; never set it for the app.
# Needs `cargo install cargo-fuzz` (crates.io) and a C compiler (libFuzzer is built from source).
set -euo pipefail

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
    echo "usage: $0 SECONDS" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../../../tests/fixtures
cd "$here"

export RUSTC_BOOTSTRAP=1
# Sanitizer builds have their own flags: keep them in fuzz/target instead of a shared target
# directory, where they would invalidate (and be invalidated by) ordinary builds.
unset CARGO_TARGET_DIR

seed() { # seed TARGET FILE...
    local target=$1
    shift
    mkdir -p "corpus/$target" "artifacts/$target"
    for f in "$@"; do
        [ -f "$f" ] && cp -n "$f" "corpus/$target/" || true
    done
}
seed siecle seeds/siecle/* "$fixtures"/siecle/*.xml "$fixtures"/siecle/*.zip
seed csv seeds/csv/* "$fixtures"/csv/*.csv "$fixtures"/csv/*.txt
seed bilan_json seeds/bilan_json/*
seed export_json "$fixtures"/*-export.json
seed document_verify seeds/document_verify/*

mkdir -p artifacts
if ! cargo fuzz build --release >artifacts/build.log 2>&1; then
    tail -40 artifacts/build.log >&2
    exit 1
fi

summary=()
status=0
for target in siecle csv bilan_json export_json document_verify; do
    log=artifacts/$target/last-run.log
    before=$(find "artifacts/$target" -maxdepth 1 -type f ! -name '*.log' | wc -l)
    dict=()
    [ -f "$target.dict" ] && dict=(-dict="$target.dict")
    echo "== $target: ${seconds}s"
    set +e
    cargo fuzz run --release "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        "${dict[@]}" >"$log" 2>&1
    code=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    if [ -z "$execs" ]; then
        # Stopped by a finding before the final stats: take the last progress line.
        execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    if [ -z "$rate" ]; then
        rate=$(grep -oE 'exec/s: [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    fi
    after=$(find "artifacts/$target" -maxdepth 1 -type f ! -name '*.log' | wc -l)
    found=$((after - before))
    corpus=$(find "corpus/$target" -type f | wc -l)
    summary+=("$target: ${execs:-?} executions in ${seconds}s (${rate:-?} exec/s), corpus $corpus inputs, $found new finding(s), exit $code")
    if [ "$code" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        echo "   findings in artifacts/$target/ (log: $log):"
        grep -E 'panicked at|ERROR: libFuzzer|SUMMARY' "$log" | head -5 | sed 's/^/   /'
    fi
done

echo
printf '%s\n' "${summary[@]}"
exit $status
