#!/usr/bin/env python3
"""Start-up time and idle memory: Accroche's window beside a bare Tauri 2 window.

Each app is started RUNS times (fresh XDG folders each time); the time is taken from spawning
the process to the line its page prints once first painted (`accroche-ready` / `bare-ready`,
sent by the UI through a command after two animation frames: the first interactive paint). Then,
after IDLE seconds, the resident memory (RSS) of the process and of every process it started
(WebKit's web and network processes) is summed. Prints a Markdown table; standard library only.

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


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


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
            rss = sum(rss_kib(p) for p in pids)
            return elapsed, rss / 1024, len(pids)
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
    results = {}
    for name, binary, marker in [("Tauri nu", a.bare, r"bare-ready"), ("Accroche", a.app, r"accroche-ready")]:
        one_run(binary, marker, 0.5)  # warm the page cache: the first start reads from disk
        runs = [one_run(binary, marker, a.idle) for _ in range(a.runs)]
        results[name] = runs
    print(f"| Fenêtre | démarrage médian (ms) | min–max (ms) | mémoire au repos (RSS, Mo) | processus |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in results.items():
        times = [r[0] for r in runs]
        mems = [r[1] for r in runs]
        print(
            f"| {name} | {statistics.median(times):.0f} | {min(times):.0f}–{max(times):.0f} "
            f"| {statistics.median(mems):.0f} | {runs[0][2]} |"
        )
    ratio = statistics.median([r[0] for r in results["Accroche"]]) / statistics.median(
        [r[0] for r in results["Tauri nu"]]
    )
    print(f"\nRapport Accroche / Tauri nu (démarrage médian) : {ratio:.2f} (objectif ≤ 1,2)")


if __name__ == "__main__":
    main()
