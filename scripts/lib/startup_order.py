#!/usr/bin/env python3
"""Writes the NativeAOT method order file (IlcOrderFile) from callgrind runs of `microwasm`.

usage: startup_order.py EXECUTABLE.dbg CALLGRIND_OUT...

Prints the symbol of every managed method the runs executed, one per line, sorted. The compiler
places these first in the code section, together, so that start-up maps a few 64 KiB windows of
code instead of touching nearly every window of the executable (the kernel maps file pages around
each fault in 64 KiB windows). The runs must be of the executable without its .dbg beside it
(valgrind cannot read NativeAOT's symbols); the .dbg given here supplies the names.
"""
import bisect
import re
import subprocess
import sys

# Where valgrind loads a position-independent executable on x86-64. Callgrind attributes only
# the .text section to the executable; the managed code section shows as '???' with absolute
# addresses, so they are turned back into link-time addresses with this base.
VALGRIND_PIE_BASE = 0x108000


def section(dbg, name):
    for line in subprocess.run(["readelf", "-SW", dbg], capture_output=True, text=True, check=True).stdout.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == name:
            start, size = int(fields[3], 16), int(fields[5], 16)
            return start, start + size
    sys.exit(f"startup_order.py: no section {name} in {dbg}")


def symbols(dbg):
    result = []
    for line in subprocess.run(["nm", "-n", "--defined-only", dbg], capture_output=True, text=True, check=True).stdout.splitlines():
        fields = line.split(" ", 2)
        if len(fields) == 3 and fields[1] in "tTwW":
            result.append((int(fields[0], 16), fields[2]))
    return result


def executed_addresses(path):
    """Instruction addresses of a callgrind --dump-instr=yes profile, with their object's name."""
    names, current, address, skip = {}, None, 0, False
    for line in open(path):
        m = re.match(r"^(c?ob)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3):
                names[m.group(2)] = m.group(3).strip()
            if m.group(1) == "ob":
                current = names[m.group(2)]
            continue
        if line.startswith("calls="):
            skip = True  # the next position line is the call site's cost, counted already
            continue
        m = re.match(r"^(0x[0-9a-f]+|[+-]\d+|\*)\s", line)
        if m:
            token = m.group(1)
            if token.startswith("0x"):
                address = int(token, 16)
            elif token != "*":
                address += int(token)
            if skip:
                skip = False
                continue
            yield current, address


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    dbg, profiles = sys.argv[1], sys.argv[2:]
    low, high = section(dbg, "__managedcode")
    table = symbols(dbg)
    starts = [a for a, _ in table]
    methods = set()
    for profile in profiles:
        for obj, address in executed_addresses(profile):
            # Other objects' addresses are relative to their own base: only '???' can be managed code.
            if obj == "???" and low <= address - VALGRIND_PIE_BASE < high:
                # Every name of the code: identical method bodies are folded into one, under several names.
                i = bisect.bisect_right(starts, address - VALGRIND_PIE_BASE) - 1
                j = bisect.bisect_left(starts, starts[i])
                methods.update(name for _, name in table[j:i + 1])
    if len(methods) < 100:
        sys.exit(f"startup_order.py: only {len(methods)} managed methods found; did valgrind load the executable at {VALGRIND_PIE_BASE:#x}?")
    print("# The managed methods `microwasm run` executes on start-up (scripts/startup-order.sh); the NativeAOT")
    print("# compiler puts them first and together (IlcOrderFile). Names that no longer exist are ignored.")
    for name in sorted(methods):
        print(name)


if __name__ == "__main__":
    main()
