#!/usr/bin/env python3
"""Start-up time and idle memory: Accroche's window beside a bare Tauri 2 window.

Each app is started RUNS times (fresh XDG folders each time); the time is taken from spawning
the process to the line its page prints once first painted (`accroche-ready` / `bare-ready`,
sent by the UI through a command after two animation frames: the first interactive paint). Then,
after IDLE seconds, the memory of the process and of every process it started (WebKit's web
and network processes) is summed: RSS, PSS and private (see memory_kib). Prints a Markdown table; standard library only.

    bench/startup.py --app target/release/accroche-desktop --bare bench/bare-tauri/target/release/bare-tauri
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import tempfile
import time


def children(pid):
    """Every descendant of pid (from /proc/*/stat)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(entry)] = int(fields[1])
            except OSError:
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        todo += kids
    return out


def memory_kib(pid):
    """(RSS, PSS, private) of a process, in KiB, from /proc/PID/smaps_rollup. RSS counts the
    shared libraries (WebKit's, GTK's) again in every process that maps them; PSS divides each
    shared page between the processes sharing it, so PSS figures add up; private is what the
    process alone holds."""
    fields = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                    fields[parts[0][:-1]] = int(parts[1])
    except OSError:
        pass
    private = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields.get("Rss", 0), fields.get("Pss", 0), private


def one_run(binary, marker, idle):
    with tempfile.TemporaryDirectory(prefix="accroche-startup-") as home:
        env = dict(os.environ)
        env.update(
            ACCROCHE_STARTUP_PROBE="1",
            XDG_DATA_HOME=f"{home}/data",
            XDG_CONFIG_HOME=f"{home}/config",
            XDG_CACHE_HOME=f"{home}/cache",
        )
        start = time.perf_counter()
        proc = subprocess.Popen(
            [binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            text=True, start_new_session=True,
        )
        try:
            elapsed = None
            deadline = start + 60
            for line in proc.stdout:
                if re.match(marker, line):
                    elapsed = (time.perf_counter() - start) * 1000
                    break
                if time.perf_counter() > deadline:
                    break
            if elapsed is None:
                raise SystemExit(f"{binary}: no '{marker}' line within 60 s")
            time.sleep(idle)
            pids = [proc.pid] + children(proc.pid)
            mem = [memory_kib(p) for p in pids]
            rss, pss, private = (sum(m[i] for m in mem) / 1024 for i in range(3))
            return elapsed, rss, len(pids), pss, private
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True)
    ap.add_argument("--bare", required=True)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--idle", type=float, default=3.0)
    a = ap.parse_args()
    apps = [("Tauri nu", a.bare, r"bare-ready"), ("Accroche", a.app, r"accroche-ready")]
    for _, binary, marker in apps:
        one_run(binary, marker, 0.5)  # warm the page cache: the first start reads from disk
    # The two windows take turns, so that whatever else the machine does weighs on both alike.
    results = {name: [] for name, _, _ in apps}
    for _ in range(a.runs):
        for name, binary, marker in apps:
            results[name].append(one_run(binary, marker, a.idle))
    print(
        "| Fenêtre | démarrage médian (ms) | min–max (ms) | mémoire au repos : RSS (Mo) "
        "| PSS (Mo) | privée (Mo) | processus |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        times = [r[0] for r in runs]
        med = lambda i: statistics.median(r[i] for r in runs)  # noqa: E731
        print(
            f"| {name} | {statistics.median(times):.0f} | {min(times):.0f}–{max(times):.0f} "
            f"| {med(1):.0f} | {med(3):.0f} | {med(4):.0f} | {runs[0][2]} |"
        )
    ratio = statistics.median([r[0] for r in results["Accroche"]]) / statistics.median(
        [r[0] for r in results["Tauri nu"]]
    )
    print(f"\nRapport Accroche / Tauri nu (démarrage médian) : {ratio:.2f} (objectif ≤ 1,2)")


if __name__ == "__main__":
    main()
