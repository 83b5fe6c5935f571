#!/usr/bin/env python3
"""Runs several commands interleaved (A B C A B C ...) and prints, for each, the median wall time, the median
user+system CPU time and the median peak RSS (the kernel's ru_maxrss of the child). Interleaving spreads the noise of a
shared machine over every command alike, so the medians compare fairly.

    usage: interleaved_runs.py [--runs N] [--json] LABEL=COMMAND [LABEL=COMMAND ...]

COMMAND is split like a shell word list (shlex); its output is discarded and a non-zero exit is an error. Wall time
is timed on its own run; CPU time (10 ms resolution) and peak RSS come from a second run under /usr/bin/time.
Used by scripts/footprint.sh (start-up against the .NET floor) and for A/B checks of two builds.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(argv):
    start = time.perf_counter()
    child = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if child.returncode != 0:
        sys.exit(f"interleaved_runs: {shlex.join(argv)} exited {child.returncode}: {child.stderr.decode(errors='replace').strip()[:300]}")
    return wall


def peak_rss_and_cpu(argv):
    """Through /usr/bin/time: a child of this (large) Python process would report Python's RSS as its own peak."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", timing.name] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        user, system, rss = timing.read().split()[-3:]
    return float(user) + float(system), int(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    args = ap.parse_args()
    commands = []
    for spec in args.commands:
        label, sep, command = spec.partition("=")
        if not sep:
            sys.exit(f"interleaved_runs: expected LABEL=COMMAND, got {spec!r}")
        commands.append((label, shlex.split(command)))
    for _, argv in commands:  # warm the page cache before anything is timed
        run_once(argv)
    samples = {label: [] for label, _ in commands}
    for _ in range(args.runs):
        for label, argv in commands:
            samples[label].append((run_once(argv), *peak_rss_and_cpu(argv)))
    result = {}
    for label, runs in samples.items():
        result[label] = {
            "wall_ms": statistics.median(r[0] for r in runs) * 1e3,
            "cpu_ms": statistics.median(r[1] for r in runs) * 1e3,
            "rss_kib": statistics.median(r[2] for r in runs),
        }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'':24} {'wall ms':>10} {'cpu ms':>10} {'RSS KiB':>10}   (medians of {args.runs} interleaved runs)")
    for label, r in result.items():
        print(f"{label:24} {r['wall_ms']:10.2f} {r['cpu_ms']:10.2f} {r['rss_kib']:10.0f}")


if __name__ == "__main__":
    main()
