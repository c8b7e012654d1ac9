#!/usr/bin/env python3
"""Turn the raw results of bench/run.sh into a Markdown section (stdout).

    python3 bench/report.py <results-dir>

Reads `<results-dir>/*.json` (hyperfine `--export-json`), `machine.txt` (key: value lines),
optional `a-skipped.txt` (why part (a) was not run) and `diag-*.txt` (rustc -Ztime-passes
output and expanded line counts). Python 3 stdlib only.
"""

import json
import os
import re
import sys

BUDGET = 1.5


def load(results, name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        r = json.load(f)["results"][0]
    times = sorted(r["times"])
    return {
        "mean": r["mean"],
        "stddev": r.get("stddev") or 0.0,
        "median": r.get("median", times[len(times) // 2]),
        "min": r["min"],
        "max": r["max"],
        "runs": len(times),
        "command": r["command"],
    }


def fmt(x):
    return f"{x:.3f}" if x < 10 else f"{x:.2f}"


def row(label, r):
    if r is None:
        return f"| {label} | not run | | | |\n"
    return (
        f"| {label} | {fmt(r['mean'])} ± {fmt(r['stddev'])} | {fmt(r['median'])} | "
        f"{fmt(r['min'])} – {fmt(r['max'])} | {r['runs']} |\n"
    )


HEAD = "| Benchmark | mean ± σ (s) | median (s) | min – max (s) | runs |\n| --- | --- | --- | --- | --- |\n"


def machine(results, part):
    info = {}
    path = os.path.join(results, f"machine-{part}.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if ":" in line:
                    k, v = line.split(":", 1)
                    info[k.strip()] = v.strip()
    return info


def diag(results):
    """{variant: {"lines": int, phase: seconds}} from diag-<variant>.txt files."""
    out = {}
    for name in sorted(os.listdir(results)):
        m = re.fullmatch(r"diag-(.+)\.txt", name)
        if not m:
            continue
        d = {}
        with open(os.path.join(results, name), encoding="utf-8") as f:
            for line in f:
                lm = re.match(r"expanded_lines:\s*(\d+)", line)
                if lm:
                    d["lines"] = int(lm.group(1))
                tm = re.match(r"time:\s+([\d.]+);.*\s(\S+)\s*$", line)
                if tm and tm.group(2) not in d:
                    d[tm.group(2)] = float(tm.group(1))
        out[m.group(1)] = d
    return out


def main():
    results = sys.argv[1]
    info_b, info_a = machine(results, "b"), machine(results, "a")
    handlers = int(info_b.get("handlers", "1000"))
    md = []

    def header(info):
        if not info:
            return ""
        return (
            f"Measured {info.get('date', '?')} on {info.get('nproc', '?')} CPUs ({info.get('cpu', '?')}), "
            f"{info.get('rustc', '?')}, {info.get('cargo', '?')}, {info.get('hyperfine', '?')}. "
            f"Source: {info.get('git', '?')}. Load average (1/5/15 min) before: "
            f"{info.get('load_before', '?')}, after: {info.get('load_after', '?')}.\n\n"
        )

    # ---- part (b)
    bare = load(results, "check-bare")
    ann = load(results, "check-annotated")
    noreg = load(results, "check-annotated-noreg")
    opt = load(results, "check-annotated-opt")
    noop1 = load(results, "check-noop1")
    noop3 = load(results, "check-noop3")
    frag = load(results, "frag-annotated-noninc")
    cli_ni = load(results, "cli-annotated-noninc")
    cli = load(results, "cli-annotated")
    if bare or ann:
        md.append(f"#### (b) Macro cost: `cargo check` of a {handlers}-handler crate, non-incremental\n\n")
        md.append(header(info_b))
        md.append(
            "Full re-check of the crate only (`touch src/lib.rs`, dependencies already built, "
            "`CARGO_INCREMENTAL=0`).\n\n"
        )
        md.append(HEAD)
        md.append(row("bare (no annotations)", bare))
        md.append(row("annotated (`#[endpoint]` + 2 × `#[threat]` per handler)", ann))
        md.append(row("calibration: bare + 1 no-op syn attribute per handler", noop1))
        md.append(row("calibration: bare + 3 no-op syn attributes per handler", noop3))
        md.append(row("diagnostic: annotated, `threatmodel` without the `registry` feature", noreg))
        md.append(row("diagnostic: annotated, proc macros built with `opt-level = 3`", opt))
        md.append(row("`cargo check` of the annotated crate as the CLI runs it (fresh nonce, "
                      "`THREATMODEL_EXPORT_DIR` set: fragment files written, then removed), `CARGO_INCREMENTAL=0`", frag))
        md.append(row("`cargo threatmodel report` on the annotated crate, `CARGO_INCREMENTAL=0`", cli_ni))
        md.append(row("`cargo threatmodel report` on the annotated crate, incremental (cargo default)", cli))
        md.append("\n")
        if bare and ann:
            ratio = ann["mean"] / bare["mean"]
            ratio_min = ann["min"] / bare["min"]
            per = (ann["mean"] - bare["mean"]) / handlers * 1000
            verdict = "within" if ratio <= BUDGET else "**exceeds**"
            md.append(
                f"- **annotated / bare = {ratio:.2f}×** (means; {ratio_min:.2f}× on the fastest runs): "
                f"{verdict} the ≤ {BUDGET}× budget. Extra cost ≈ {per:.2f} ms per annotated handler "
                f"({per / 3:.2f} ms per annotation).\n"
            )
            for label, r in (
                ("1 no-op syn attribute per handler (DESIGN §4 measured 1.20×)", noop1),
                ("3 no-op syn attributes per handler (the floor for any 3-attribute macro that "
                 "parses the item)", noop3),
                ("annotated without the registry", noreg),
                ("annotated with optimised proc macros", opt),
            ):
                if r:
                    md.append(
                        f"- {label}: {r['mean'] / bare['mean']:.2f}× bare "
                        f"({(r['mean'] - bare['mean']) / handlers * 1000:.2f} ms per handler).\n"
                    )
            if cli_ni:
                md.append(
                    f"- `cargo threatmodel report`, non-incremental: {cli_ni['mean'] / ann['mean']:.2f}× "
                    f"the plain check of the annotated crate (+{cli_ni['mean'] - ann['mean']:.2f} s"
                )
                if frag:
                    md.append(
                        f": {frag['mean'] - ann['mean']:+.2f} s writing and removing the "
                        f"{handlers * 3 + 3} fragment files, {cli_ni['mean'] - frag['mean']:+.2f} s in the "
                        "CLI process (metadata, JSON messages, reading fragments, assembly, rendering)"
                    )
                md.append(").\n")
        md.append("\n")

    dg = diag(results)
    if dg:
        md.append("Diagnostics (one run each, `RUSTC_BOOTSTRAP=1` for `-Zunpretty=expanded` and `-Ztime-passes`; "
                  "time-passes totals include its own overhead):\n\n")
        md.append("| crate | expanded lines | total (s) | macro expansion (s) | type check (s) | borrow check (s) |\n")
        md.append("| --- | --- | --- | --- | --- | --- |\n")
        for v, d in dg.items():
            def g(k):
                return f"{d[k]:.2f}" if k in d else "?"
            md.append(
                f"| {v} | {d.get('lines', '?')} | {g('total')} | {g('macro_expand_crate')} | "
                f"{g('type_check_crate')} | {g('MIR_borrow_checking')} |\n"
            )
        md.append("\n")

    # ---- part (a)
    md.append("#### (a) CLI overhead on `examples/bank-api`, warm\n\n")
    md.append(header(info_a))
    skipped = os.path.join(results, "a-skipped.txt")
    check = load(results, "a-check")
    recheck = load(results, "a-recheck")
    alias = load(results, "a-alias")
    report = load(results, "a-report")
    if os.path.exists(skipped) and not report:
        with open(skipped, encoding="utf-8") as f:
            md.append("**Not run.** " + f.read().strip() + "\n\n")
    else:
        md.append(HEAD)
        md.append(row("`cargo check -p bank-api` (warm: nothing to do)", check))
        md.append(row("`cargo check -p bank-api` in `target/threatmodel` with a fresh nonce (the CLI's forced re-check, alone)", recheck))
        md.append(row("`cargo threatmodel --version` (the alias's `cargo run` + process start)", alias))
        md.append(row("`cargo threatmodel report -p bank-api -o /dev/null`", report))
        md.append("\n")
        if check and report:
            md.append(
                f"- **report / warm check = {report['mean'] / check['mean']:.1f}×** "
                f"({fmt(report['mean'])} s vs {fmt(check['mean'])} s).\n"
            )
        if recheck and report:
            own = report["mean"] - recheck["mean"] - (alias["mean"] if alias else 0.0)
            md.append(
                f"- Of the report's {fmt(report['mean'])} s, the forced re-check of bank-api is "
                f"{fmt(recheck['mean'])} s ({recheck['mean'] / report['mean'] * 100:.0f} %)"
                + (f", the alias's `cargo run` {fmt(alias['mean'])} s" if alias else "")
                + f"; the rest, ≈ {own:.2f} s, is the CLI's own work (metadata, JSON messages, "
                "fragments, assembly, rendering).\n"
            )
        md.append("\n")
    sys.stdout.write("".join(md))


if __name__ == "__main__":
    main()
