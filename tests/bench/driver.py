#!/usr/bin/env python3
"""Runs the benchmark kernels on several engines side by side and reports medians.

Called by run.sh once everything is built; see README.md. Every measurement is one process,
timed around the process (wall) and by /usr/bin/time (user+sys CPU, peak RSS). Runs are
interleaved: each round runs every kernel on every engine, the engine order rotating from round
to round, so that a change in machine load hits all engines alike.
"""
import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")


class Engine:
    """How to run one kernel on one engine: a command line per (module, export, n)."""

    def __init__(self, name, label, command, fixed_n=False):
        self.name = name
        self.label = label
        self.command = command  # (kernel, n) -> argv
        self.fixed_n = fixed_n  # runs NAME.fixed.wasm at N_interp and is scaled to N


def engines(args):
    mw = args.microwasm
    wt = args.wasmtime_host
    node_run = os.path.join(HERE, "hosts", "node-run.mjs")
    wasm = lambda k: os.path.join(BUILD, f"{k}.wasm")
    return [
        Engine("native", "native (gcc -O2)", lambda k, n: [os.path.join(BUILD, f"{k}.native"), str(n)]),
        Engine("microwasm", "microwasm (NativeAOT)", lambda k, n: [mw, "run", "--invoke", "run", wasm(k), str(n)]),
        Engine("microwasm-aot", f"microwasm AOT ({args.aot_cc or 'gcc, the default'})", lambda k, n: [mw, "run", "--invoke", "run", aot_artifact(k), str(n)]),
        Engine("wasmtime", "Wasmtime 50 (.NET host)", lambda k, n: [wt, wasm(k), "run", str(n)]),
        Engine("node", f"Node {node_version()} (V8)", lambda k, n: ["node", node_run, wasm(k), "run", str(n)]),
        Engine("wasm-interp", "wabt wasm-interp", lambda k, n: ["wasm-interp", os.path.join(BUILD, f"{k}.fixed.wasm"), "--run-all-exports"], fixed_n=True),
    ]


def aot_artifact(kernel):
    return os.path.join(BUILD, f"{kernel}.aot")


def compile_aot(mw, cc, kernels):
    """Compiles each kernel (and the empty module) with `microwasm compile`: artifact sizes and compile times (median of 3)."""
    info = {}
    for k in [k for k, _, _ in kernels] + ["empty"]:
        times = []
        for _ in range(3):
            start = time.time()
            done = subprocess.run([mw, "compile", *(["--cc", cc] if cc else []), os.path.join(BUILD, f"{k}.wasm"), "-o", aot_artifact(k)],
                                  capture_output=True, text=True)
            times.append(time.time() - start)
            if done.returncode != 0:
                sys.exit(f"driver: microwasm compile {k} failed: {done.stderr.strip()}")
        info[k] = {"compile_s": statistics.median(times), "artifact_bytes": os.path.getsize(aot_artifact(k)),
                   "wasm_bytes": os.path.getsize(os.path.join(BUILD, f"{k}.wasm"))}
    return info


def node_version():
    try:
        return subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def read_kernels():
    kernels = []
    with open(os.path.join(HERE, "kernels.conf")) as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if fields:
                kernels.append((fields[0], int(fields[1]), int(fields[2])))
    return kernels


def parse_checksum(engine, stdout):
    """The run's checksum as an unsigned 32-bit number, whatever the engine's way of printing it."""
    text = stdout.strip().splitlines()[-1] if stdout.strip() else ""
    if engine.name == "wasm-interp":  # "bench() => i32:123"
        text = text.rsplit(":", 1)[-1]
    return int(text) & 0xFFFFFFFF


def measure(engine, kernel, n, timeout):
    """Runs once; returns dict(wall, cpu, rss_kb, checksum) or dict(error=...)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        argv = ["/usr/bin/time", "-f", "%U %S %M", "-o", timing.name] + engine.command(kernel, n)
        start = time.perf_counter()
        try:
            p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"timeout after {timeout} s"}
        wall = time.perf_counter() - start
        if p.returncode != 0:
            return {"error": f"exit {p.returncode}: {(p.stderr or p.stdout).strip()[:300]}"}
        user, sys_, rss = timing.read().split()[-3:]
    try:
        checksum = parse_checksum(engine, p.stdout)
    except ValueError:
        return {"error": f"unexpected output: {p.stdout.strip()[:200]!r}"}
    return {"wall": wall, "cpu": float(user) + float(sys_), "rss_kb": int(rss), "checksum": checksum}


def geomean(values):
    values = [v for v in values if v]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    load = os.getloadavg()
    return {
        "cpu": model,
        "nproc": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "loadavg_at_start": [round(x, 2) for x in load],
    }


def fmt_time(seconds):
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_ratio(ratio):
    """native time / engine time, as 1/x when the engine is slower (the way WAMR's figures read)."""
    return f"{ratio:.2f}" if ratio >= 1 else f"1/{1 / ratio:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="runs per kernel and engine (default 5)")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--kernels", help="comma-separated subset of kernels.conf")
    ap.add_argument("--engines", help="comma-separated subset of native,microwasm,microwasm-aot,wasmtime,node,wasm-interp")
    ap.add_argument("--aot-cc", help="the C compiler microwasm compile uses for the AOT column (default: its own, gcc)")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every N by this (e.g. 0.1 for a quick run)")
    ap.add_argument("--timeout", type=float, default=300, help="cap on one run, in seconds (default 300)")
    ap.add_argument("--microwasm", required=True, help="the NativeAOT microwasm executable")
    ap.add_argument("--wasmtime-host", required=True, help="the wasmtime-host executable")
    args = ap.parse_args()

    all_engines = engines(args)
    if args.engines:
        wanted = args.engines.split(",")
        unknown = set(wanted) - {e.name for e in all_engines}
        if unknown:
            sys.exit(f"driver: unknown engine(s) {', '.join(sorted(unknown))}")
        all_engines = [e for e in all_engines if e.name in wanted or e.name == "native"]
    kernels = read_kernels()
    if args.kernels:
        wanted = args.kernels.split(",")
        unknown = set(wanted) - {k[0] for k in kernels}
        if unknown:
            sys.exit(f"driver: unknown kernel(s) {', '.join(sorted(unknown))}")
        kernels = [k for k in kernels if k[0] in wanted]
    kernels = [(k, max(1, round(n * args.scale)), n_interp) for k, n, n_interp in kernels]

    aot_compile = compile_aot(args.microwasm, args.aot_cc, kernels) if any(e.name == "microwasm-aot" for e in all_engines) else None

    info = machine()
    print(f"machine: {info['nproc']} x {info['cpu']}, {info['memory_gib']} GiB, load average {info['loadavg_at_start']}", file=sys.stderr)

    # Expected checksums: native at every N any engine runs.
    expected = {}
    native = all_engines[0]
    for k, n, n_interp in kernels:
        for m in {n, n_interp} if any(e.fixed_n for e in all_engines) else {n}:
            r = measure(native, k, m, args.timeout)
            if "error" in r:
                sys.exit(f"driver: native {k} {m} failed: {r['error']}")
            expected[(k, m)] = r["checksum"]
    empty_expected = 0

    # samples[(kernel, engine)] = list of measurements; kernel "(startup)" is the empty module.
    samples = {}
    failures = {}
    tasks = [(k, n, n_interp) for k, n, n_interp in kernels] + [("empty", 0, 0)]
    total = args.runs * len(tasks) * len(all_engines)
    done = 0
    clock = time.time()
    for rnd in range(args.runs):
        order = all_engines[rnd % len(all_engines):] + all_engines[:rnd % len(all_engines)]
        for k, n, n_interp in tasks:
            for e in order:
                done += 1
                if (k, e.name) in failures:
                    continue
                m = n_interp if e.fixed_n else n
                r = measure(e, k, m, args.timeout)
                want = empty_expected if k == "empty" else expected[(k, m)]
                if "error" not in r and r["checksum"] != want:
                    r = {"error": f"checksum {r['checksum']}, expected {want} (native)"}
                if "error" in r:
                    failures[(k, e.name)] = r["error"]
                    print(f"  {k} on {e.name}: FAILED: {r['error']}", file=sys.stderr)
                    continue
                samples.setdefault((k, e.name), []).append(r)
                if sys.stderr.isatty():
                    print(f"\r[{done}/{total}] round {rnd + 1}/{args.runs}, {k} on {e.name}: {fmt_time(r['wall'])}      ", end="", file=sys.stderr, flush=True)
        if not sys.stderr.isatty():
            print(f"round {rnd + 1}/{args.runs} done ({done}/{total} runs, {time.time() - clock:.0f} s)", file=sys.stderr, flush=True)
    print(f"\rdone: {total} runs in {time.time() - clock:.0f} s" + " " * 40, file=sys.stderr)

    # Summaries.
    results = {"kernels": {}, "startup": {}, "geomean_ratio": {}, "geomean_ratio_cpu": {}}
    for k, n, n_interp in kernels:
        row = {"n": n, "n_interp": n_interp, "checksum": expected[(k, n)], "engines": {}}
        for e in all_engines:
            s = samples.get((k, e.name))
            if not s:
                row["engines"][e.name] = {"error": failures.get((k, e.name), "no samples")}
                continue
            scale = n / n_interp if e.fixed_n else 1.0
            row["engines"][e.name] = {
                "runs": len(s),
                "n_run": n_interp if e.fixed_n else n,
                "scaled_by": scale,
                "wall_s": statistics.median(x["wall"] for x in s) * scale,
                "cpu_s": statistics.median(x["cpu"] for x in s) * scale,
                "peak_rss_kb": statistics.median(x["rss_kb"] for x in s),
                "wall_samples_s": [round(x["wall"], 4) for x in s],
            }
        native_row = row["engines"]["native"]
        for e in all_engines:
            r = row["engines"][e.name]
            if "error" not in r:
                r["ratio"] = native_row["wall_s"] / r["wall_s"]
                r["ratio_cpu"] = native_row["cpu_s"] / r["cpu_s"] if r["cpu_s"] > 0 else None
        results["kernels"][k] = row
    for e in all_engines:
        s = samples.get(("empty", e.name))
        results["startup"][e.name] = {
            "wall_s": statistics.median(x["wall"] for x in s),
            "cpu_s": statistics.median(x["cpu"] for x in s),
            "peak_rss_kb": statistics.median(x["rss_kb"] for x in s),
        } if s else {"error": failures.get(("empty", e.name), "no samples")}
        for key, field in (("geomean_ratio", "ratio"), ("geomean_ratio_cpu", "ratio_cpu")):
            results[key][e.name] = geomean([results["kernels"][k]["engines"][e.name].get(field) for k, _, _ in kernels])

    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": info,
        "runs": args.runs,
        "scale": args.scale,
        "engines": {e.name: e.label for e in all_engines},
        "method": "one process per run, wall time around the process and CPU (user+sys) and peak RSS by /usr/bin/time; "
                  "medians of interleaved runs; nothing subtracted (startup is reported separately); "
                  "wasm-interp runs N_interp and its times are multiplied by N / N_interp",
        **results,
    }
    if aot_compile:
        report["aot_compile"] = aot_compile
    print(markdown(report, kernels, all_engines))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
        print(f"wrote {args.json}", file=sys.stderr)
    return 1 if failures else 0


def markdown(report, kernels, all_engines):
    names = [e.name for e in all_engines]
    out = []
    m = report["machine"]
    out.append(f"Measured {report['date']} on {m['nproc']} x {m['cpu']}, {m['memory_gib']} GiB, "
               f"load average at start {m['loadavg_at_start']}; median of {report['runs']} interleaved runs.\n")
    out.append("Wall time per kernel run (whole process), and in brackets native time / engine time "
               "(1.0 = native speed, 0.1 = ten times slower):\n")
    out.append("| kernel | N | " + " | ".join(report["engines"][e] for e in names) + " |")
    out.append("|---|---:|" + "---:|" * len(names))
    for k, n, n_interp in kernels:
        row = report["kernels"][k]
        cells = []
        for e in names:
            r = row["engines"][e]
            if "error" in r:
                cells.append("fails")
            elif e == "native":
                cells.append(fmt_time(r["wall_s"]))
            else:
                mark = "†" if r["scaled_by"] != 1 else ""
                cells.append(f"{fmt_time(r['wall_s'])}{mark} ({fmt_ratio(r['ratio'])})")
        out.append(f"| {k} | {n} | " + " | ".join(cells) + " |")
    g = report["geomean_ratio"]
    out.append("| **geometric mean of ratios** | | " + " | ".join(
        "1" if e == "native" else (f"**{fmt_ratio(g[e])}**" if g[e] else "—") for e in names) + " |")
    gc = report["geomean_ratio_cpu"]
    out.append("| geometric mean, CPU time (user+sys) | | " + " | ".join(
        "1" if e == "native" else (fmt_ratio(gc[e]) if gc[e] else "—") for e in names) + " |")
    st = report["startup"]
    out.append("| startup: empty module, run(0) | | " + " | ".join(
        fmt_time(st[e].get("wall_s")) for e in names) + " |")
    out.append("| peak RSS, empty module | | " + " | ".join(
        f"{st[e]['peak_rss_kb'] / 1024:.1f} MiB" if "peak_rss_kb" in st[e] else "—" for e in names) + " |")
    if any(e.fixed_n for e in all_engines):
        out.append("\n† wasm-interp ran each kernel with the smaller N_interp of kernels.conf; its time is "
                   "multiplied by N / N_interp (its startup is scaled too, which matters little at its speed).")
    if "aot_compile" in report:
        out.append("\nAOT: `microwasm compile` of each kernel (wall time, median of 3) and the artifact's size beside the module's:\n")
        out.append("| kernel | compile time | artifact | .wasm |")
        out.append("|---|---:|---:|---:|")
        for k, c in report["aot_compile"].items():
            out.append(f"| {k} | {fmt_time(c['compile_s'])} | {c['artifact_bytes']:,} B | {c['wasm_bytes']:,} B |")
    out.append("\nPeak RSS per kernel run (MiB):\n")
    out.append("| kernel | " + " | ".join(names) + " |")
    out.append("|---|" + "---:|" * len(names))
    for k, _, _ in kernels:
        row = report["kernels"][k]["engines"]
        out.append(f"| {k} | " + " | ".join(
            f"{row[e]['peak_rss_kb'] / 1024:.1f}" if "peak_rss_kb" in row[e] else "—" for e in names) + " |")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
