#!/usr/bin/env python3
"""One table of the core's criterion benchmarks (the large demo school): each benchmark's median
from the last `cargo bench` run, read from $CARGO_TARGET_DIR/criterion. Standard library only."""

import json
import os
import sys

root = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/accroche-target")), "criterion")
if not os.path.isdir(root):
    sys.exit(f"Aucune mesure dans {root} : lancez d'abord `cargo bench -p accroche-core`.")
found = []
for dirpath, _, files in os.walk(root):
    if os.path.basename(dirpath) == "new" and "estimates.json" in files and "benchmark.json" in files:
        found.append((dirpath, os.path.getmtime(os.path.join(dirpath, "estimates.json"))))
# Only the last run's benchmarks: one renamed or removed since leaves its old figures behind.
latest = max((t for _, t in found), default=0)
rows = []
for dirpath, t in found:
    if t < latest - 6 * 3600:
        continue
    with open(os.path.join(dirpath, "benchmark.json")) as f:
        title = json.load(f)["title"]
    with open(os.path.join(dirpath, "estimates.json")) as f:
        e = json.load(f)
    rows.append((title, e["median"]["point_estimate"] / 1e6, e["median"]["confidence_interval"]))
rows.sort()
print("| Mesure (grand établissement : 2 000 élèves × 10 ans) | médiane | intervalle à 95 % |")
print("|---|---:|---:|")
for title, ms, ci in rows:
    lo, hi = ci["lower_bound"] / 1e6, ci["upper_bound"] / 1e6
    fmt = (lambda v: f"{v:.2f} ms") if ms < 100 else (lambda v: f"{v:.0f} ms")
    print(f"| {title} | {fmt(ms)} | {fmt(lo)} – {fmt(hi)} |")
