#!/usr/bin/env bash
# bench/run.sh: compile-time and CLI benchmarks of threatmodel. See BENCHMARKS.md.
#
# Usage (from the repository root; the script also finds it by itself):
#
#     bash bench/run.sh          # part (b), then part (a)
#     bash bench/run.sh b        # only (b): macro cost on generated 1,000-handler crates
#     bash bench/run.sh a        # only (a): CLI overhead on examples/bank-api
#     BENCH_REV=HEAD bash bench/run.sh   # measure a commit instead of the working tree
#
# About 7-8 min on 2 cores (7 min 20 s measured with BENCH_REV=HEAD, including the cold builds
# of a fresh snapshot; later runs skip those).
#
# (b) Macro cost. bench/gen.py writes standalone crates under target/bench/ (gitignored): `bare`
#     (1,000 async handlers, no annotations) and `annotated` (the same handlers, each with
#     #[endpoint] and two #[threat]), both depending on the measured `threatmodel`. Each is
#     checked once (untimed) so its dependencies are built; hyperfine then times a full,
#     non-incremental re-check of that crate alone (prepare: `touch src/lib.rs`;
#     CARGO_INCREMENTAL=0). Also timed: two diagnostic variants (no linkme registry; optimised
#     proc macros), two calibration variants (one / three no-op syn attributes per handler),
#     the CLI's `cargo check` alone and `cargo threatmodel report` on the annotated crate.
# (a) CLI overhead. Warm `cargo threatmodel report -p bank-api -o /dev/null` against warm
#     `cargo check -p bank-api`, plus the CLI's forced re-check alone and the alias's own cost.
#     Run last: if bank-api does not build, (a) is recorded as not run (BENCH_BANK_API_WAIT
#     keeps retrying first).
#
# Output: raw hyperfine JSON in target/bench/results/, and a Markdown section in
# target/bench/results.md (also printed) to paste into BENCHMARKS.md.
#
# Environment:
#   BENCH_REV=               empty: the working tree. A git revision (e.g. HEAD): measure
#                            `git archive REV` extracted to target/bench/src-<rev>, so that
#                            edits made while the benchmark runs cannot change or break it
#   BENCH_RUNS=10            timed runs of each `cargo check` benchmark (after 1 warm-up run)
#   BENCH_CLI_RUNS=5         timed runs of each `cargo threatmodel` benchmark in (b)
#   BENCH_HANDLERS=1000      handlers in the generated crates
#   BENCH_DIAG=1             0 skips the diagnostics (expanded line counts and rustc
#                            -Ztime-passes, via RUSTC_BOOTSTRAP=1, in a separate target dir)
#   BENCH_BANK_API_WAIT=0    seconds to keep retrying `cargo check -p bank-api` before (a)
#
# Needs: cargo (the toolchain pinned in rust-toolchain.toml), python3, git, hyperfine
# (installed here with apt-get when missing). Numbers are wall-clock: stop other builds first.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

PARTS="${1:-all}"
case "$PARTS" in
  all | a | b) ;;
  *) echo "usage: bash bench/run.sh [all|a|b]" >&2; exit 2 ;;
esac
REV="${BENCH_REV:-}"
RUNS="${BENCH_RUNS:-10}"
CLI_RUNS="${BENCH_CLI_RUNS:-5}"
HANDLERS="${BENCH_HANDLERS:-1000}"
DIAG="${BENCH_DIAG:-1}"
BANK_API_WAIT="${BENCH_BANK_API_WAIT:-0}"

BENCH="$REPO/target/bench"
RESULTS="$BENCH/results"
mkdir -p "$RESULTS"

log() { printf '\n== %s\n' "$*" >&2; }
q() { printf '%q' "$1"; }

# ---------------------------------------------------------------- what is measured
# SRC: the source tree measured; TARGET: its cargo target dir (the CLI builds in
# $TARGET/threatmodel).
if [ -n "$REV" ]; then
  SHORT="$(git rev-parse --short "$REV^{commit}")"
  SRC="$BENCH/src-$SHORT"
  if [ ! -f "$SRC/Cargo.toml" ]; then
    log "extracting $REV ($SHORT) into $SRC"
    rm -rf "$SRC"
    mkdir -p "$SRC"
    git archive --format=tar "$SHORT" | tar -x -C "$SRC"
  fi
  TARGET="$SRC/target"
  SOURCE_DESC="commit $SHORT (\`BENCH_REV=$REV\`, a clean snapshot)"
else
  SRC="$REPO"
  TARGET="${CARGO_TARGET_DIR:-$REPO/target}"
  dirty=$(git status --porcelain -- threatmodel threatmodel-core threatmodel-macros \
    cargo-threatmodel examples/bank-api Cargo.toml Cargo.lock 2>/dev/null | wc -l)
  SOURCE_DESC="working tree at commit $(git rev-parse --short HEAD 2>/dev/null || echo '?') with $dirty uncommitted paths in the measured crates"
fi

# ---------------------------------------------------------------- hyperfine
if ! command -v hyperfine >/dev/null 2>&1; then
  log "installing hyperfine"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update && apt-get install -y hyperfine
  else
    sudo apt-get update && sudo apt-get install -y hyperfine
  fi
fi

# hf NAME RUNS PREPARE COMMAND: one hyperfine benchmark, 1 warm-up run, JSON into $RESULTS.
hf() {
  local name=$1 runs=$2 prepare=$3 cmd=$4
  local args=(--style basic --warmup 1 --runs "$runs" -n "$name" --export-json "$RESULTS/$name.json")
  if [ -n "$prepare" ]; then args+=(--prepare "$prepare"); fi
  log "$name: $cmd"
  hyperfine "${args[@]}" "$cmd"
}

# ---------------------------------------------------------------- machine
# record_machine PART: machine, toolchain and source into $RESULTS/machine-PART.txt.
record_machine() {
  {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "nproc: $(nproc)"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
    echo "rustc: $(cd "$SRC" && rustc --version)"
    echo "cargo: $(cd "$SRC" && cargo --version)"
    echo "hyperfine: $(hyperfine --version)"
    echo "git: $SOURCE_DESC"
    echo "handlers: $HANDLERS"
    echo "load_before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  } >"$RESULTS/machine-$1.txt"
}
finish_machine() {
  echo "load_after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" >>"$RESULTS/machine-$1.txt"
}

# ---------------------------------------------------------------- part (b)
# In a subshell: its CARGO_TARGET_DIR / CARGO_INCREMENTAL must not leak into part (a).
part_b() (
  record_machine b
  rm -f "$RESULTS"/check-*.json "$RESULTS"/cli-*.json "$RESULTS"/frag-*.json "$RESULTS"/diag-*.txt
  log "(b) building the CLI and generating the crates"
  # A copy of the CLI binary, so that edits to the workspace cannot trigger a rebuild of
  # cargo-threatmodel inside a timed run. It is the debug binary `cargo tm` runs.
  (cd "$SRC" && cargo build -q -p cargo-threatmodel --target-dir "$TARGET")
  mkdir -p "$BENCH/bin"
  cp "$TARGET/debug/cargo-threatmodel" "$BENCH/bin/cargo-threatmodel"
  local cli="$BENCH/bin/cargo-threatmodel"
  python3 bench/gen.py --out "$BENCH" --handlers "$HANDLERS" --threatmodel "$SRC/threatmodel" >/dev/null

  export CARGO_TARGET_DIR="$BENCH/target"
  export CARGO_INCREMENTAL=0
  local v m
  for v in bare annotated annotated-noreg annotated-opt noop1 noop3; do
    log "(b) untimed first check of $v (builds its dependencies)"
    cargo check -q --manifest-path "$BENCH/$v/Cargo.toml"
  done

  for v in bare annotated annotated-noreg annotated-opt noop1 noop3; do
    m=$(q "$BENCH/$v/Cargo.toml")
    # `cargo check -p threatmodel` is a no-op unless the threatmodel crates changed since the
    # last run; it keeps such a rebuild out of the timed command.
    hf "check-$v" "$RUNS" \
      "cargo check -q --manifest-path $m -p threatmodel && touch $(q "$BENCH/$v/src/lib.rs")" \
      "cargo check -q --manifest-path $m"
  done

  m=$(q "$BENCH/annotated/Cargo.toml")
  local tmdir="$CARGO_TARGET_DIR/threatmodel"
  local prep="cargo check -q --manifest-path $m -p threatmodel --target-dir $(q "$tmdir")"
  local cmd
  cmd="$(q "$cli") threatmodel report --manifest-path $m -o /dev/null"
  # The CLI's `cargo check` alone: fresh nonce and export dir in the CLI's target dir; the
  # macros write one fragment file per annotation, removed afterwards as the CLI does.
  hf frag-annotated-noninc "$CLI_RUNS" "$prep" \
    "d=$(q "$tmdir/fragments")/bench-\$(date +%s%N) && mkdir -p \$d && \
THREATMODEL_EXPORT_DIR=\$d THREATMODEL_EXPORT_NONCE=\$(date +%s%N) \
cargo check -q --manifest-path $m --target-dir $(q "$tmdir") && rm -rf \$d"
  # Same (non-incremental) settings as check-annotated, for a like-for-like comparison.
  hf cli-annotated-noninc "$CLI_RUNS" "$prep" "$cmd"
  # What users get by default. Switching CARGO_INCREMENTAL rebuilds the threatmodel crates
  # once in target/bench/target/threatmodel; the warm-up run absorbs that.
  (unset CARGO_INCREMENTAL; hf cli-annotated "$CLI_RUNS" "$prep" "$cmd")

  if [ "$DIAG" = 1 ]; then
    log "(b) diagnostics: expanded lines and -Ztime-passes (RUSTC_BOOTSTRAP=1, separate target dir)"
    export CARGO_TARGET_DIR="$BENCH/diag-target" RUSTC_BOOTSTRAP=1
    for v in bare annotated annotated-noreg; do
      m="$BENCH/$v/Cargo.toml"
      cargo check -q --manifest-path "$m"
      touch "$BENCH/$v/src/lib.rs"
      {
        echo "expanded_lines: $(cargo rustc -q --lib --profile=check --manifest-path "$m" -- \
          -Zunpretty=expanded | wc -l)"
        touch "$BENCH/$v/src/lib.rs"
        cargo rustc -q --lib --profile=check --manifest-path "$m" -- -Ztime-passes 2>&1
      } >"$RESULTS/diag-$v.txt"
    done
  fi
  finish_machine b
)

# ---------------------------------------------------------------- part (a)
part_a() (
  record_machine a
  rm -f "$RESULTS/a-skipped.txt" "$RESULTS"/a-*.json
  cd "$SRC"
  export CARGO_TARGET_DIR="$TARGET"
  local where="examples/bank-api"
  if [ -n "$REV" ]; then where="examples/bank-api of $SOURCE_DESC"; fi
  log "(a) checking that $where builds"
  local waited=0 err
  until err=$(cargo check -q -p bank-api 2>&1); do
    if [ "$waited" -ge "$BANK_API_WAIT" ]; then
      {
        echo "\`cargo check -p bank-api\` failed on $(date -u '+%Y-%m-%d %H:%M UTC') ($where)."
        echo "Rerun with \`bash bench/run.sh a\` once it builds. Last lines of the error:"
        echo
        echo '```text'
        printf '%s\n' "$err" | tail -n 15
        echo '```'
      } >"$RESULTS/a-skipped.txt"
      log "(a) skipped: bank-api does not build (see $RESULTS/a-skipped.txt)"
      finish_machine a
      return 0
    fi
    log "(a) bank-api does not build yet; retrying in 60 s ($waited/$BANK_API_WAIT s waited)"
    sleep 60
    waited=$((waited + 60))
  done
  # Untimed: builds the CLI and bank-api's dependencies in <target>/threatmodel the first time.
  cargo tm report -p bank-api -o /dev/null

  hf a-check "$RUNS" "" "cargo check -q -p bank-api"
  # What the CLI's `cargo check` does, without the CLI: a fresh nonce in its target dir.
  hf a-recheck "$RUNS" "" \
    "THREATMODEL_EXPORT_NONCE=\$(date +%s%N) cargo check -q -p bank-api --target-dir $(q "$TARGET/threatmodel")"
  hf a-alias "$RUNS" "" "cargo tm --version"
  hf a-report "$RUNS" "" "cargo tm report -p bank-api -o /dev/null"
  finish_machine a
)

# ---------------------------------------------------------------- main
case "$PARTS" in
  all) part_b; part_a ;;
  b) part_b ;;
  a) part_a ;;
esac

python3 bench/report.py "$RESULTS" >"$BENCH/results.md"
log "results: $BENCH/results.md"
cat "$BENCH/results.md"
