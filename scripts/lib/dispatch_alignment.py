#!/usr/bin/env python3
"""Reports where the interpreter's dispatch block lies in a NativeAOT `microwasm` and whether it crosses a
64-byte boundary.

Every WebAssembly instruction the interpreter runs goes through this block (the `switch` of
Executor.Run: load the op, bounds-check it, jump through the table). Measured on an AMD EPYC (2026-11-25):
when the block straddles a 64-byte line, every kernel runs 25-40% slower. Method starts are only 32-byte
aligned, so whether it straddles depends on where the linker put Executor.Run; scripts/publish-cli.sh uses
this check to choose between two placements.

usage: dispatch_alignment.py EXECUTABLE SYMBOLS      (SYMBOLS: the microwasm.dbg beside it)
exit status: 0 the block is within one 64-byte line, 3 it crosses one, 1 it could not be found
"""
import collections
import re
import subprocess
import sys

RUN_SYMBOL = re.compile(r"^([0-9a-f]+) ([0-9a-f]+) [tT] \S*Interpreter_Executor__Run$")
INSTRUCTION = re.compile(r"^\s*([0-9a-f]+):\s+(.*)$")


def main() -> int:
    executable, symbols = sys.argv[1], sys.argv[2]
    run = None
    for line in subprocess.run(["nm", "-S", symbols], capture_output=True, text=True, check=True).stdout.splitlines():
        if m := RUN_SYMBOL.match(line):
            run = (int(m.group(1), 16), int(m.group(2), 16))
    if run is None:
        print("dispatch_alignment: Executor.Run not found in the symbols", file=sys.stderr)
        return 1
    start, size = run
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", f"--start-address={start}",
                              f"--stop-address={start + size}", executable],
                             capture_output=True, text=True, check=True).stdout
    instructions = [(int(m.group(1), 16), m.group(2)) for line in listing.splitlines() if (m := INSTRUCTION.match(line))]
    # The dispatch block is where the handlers jump back to: the most frequent unconditional jump target.
    targets = collections.Counter(int(text.split()[1], 16) for _, text in instructions
                                  if re.match(r"jmp\s+[0-9a-f]+\b", text))
    if not targets:
        print("dispatch_alignment: no jumps found in Executor.Run", file=sys.stderr)
        return 1
    block = targets.most_common(1)[0][0]
    # It ends with the indirect jump through the table.
    ends = [i for i, (address, text) in enumerate(instructions) if address >= block and re.match(r"jmp\s+\*%", text)]
    if not ends:
        print("dispatch_alignment: no indirect jump after the dispatch block", file=sys.stderr)
        return 1
    i = ends[0]
    end = instructions[i + 1][0] if i + 1 < len(instructions) else start + size
    crosses = block // 64 != (end - 1) // 64
    print(f"dispatch block 0x{block:x}-0x{end:x} ({end - block} bytes, at {block % 64} in its 64-byte line): "
          + ("crosses a line" if crosses else "within one line"))
    return 3 if crosses else 0


if __name__ == "__main__":
    sys.exit(main())
