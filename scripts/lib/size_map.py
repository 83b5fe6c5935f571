#!/usr/bin/env python3
"""Where the bytes of a NativeAOT build go, from ILC's map file (IlcGenerateMapFile=true writes NAME.map.xml: one
element per node of the output, with its symbol name and length). Nodes are attributed to the assembly and namespace in
their mangled name (`MicroWasm_Engine_MicroWasm_Interpreter_Executor__Run` is MicroWasm.Engine, MicroWasm.Interpreter);
nodes that belong to no type (the metadata blob, the frozen-object segment, the dehydrated type data) are listed under
their own kind.

    usage: size_map.py MAP.xml [--top N]
"""
import argparse
import collections
import re
import sys
import xml.etree.ElementTree as ET

# Mangled assembly prefixes: ours first, then the runtime's own (System.Private.* is shortened to S_P_).
ASSEMBLIES = ["MicroWasm_Engine", "MicroWasm_Native", "MicroWasm_Wast", "MicroWasm_Compiler", "microwasm",
              "S_P_CoreLib", "S_P_Reflection_Execution", "S_P_TypeLoader", "S_P_StackTraceMetadata",
              "S_P_Reflection_Metadata"]
# Decorations ILC puts before the owner's name.
DECORATIONS = re.compile(r"^(_ZTV\d+|__writableData|__readonlydata_|__GCSTATICS|__NONGCSTATICS|__THREADSTATICS|"
                         r"__GenericDict_|__unbox_|__imp_|__Canon|__Str_|__RuntimeMethodHandle_|__fatpointer_)")


def owner(name):
    """(assembly, namespace-ish prefix) of a mangled node name, or None when it belongs to no type."""
    for _ in range(3):
        stripped = DECORATIONS.sub("", name)
        if stripped == name:
            break
        name = stripped
    for prefix in sorted(ASSEMBLIES, key=len, reverse=True):
        if name.startswith(prefix + "_"):
            return prefix, name[len(prefix) + 1:]
    match = re.match(r"^(System(?:_[A-Za-z0-9]+)*?)_(System|Internal|Microsoft|Interop|_)", name)
    if match:
        return match.group(1), name[len(match.group(1)) + 1:]
    return None


def namespace(rest):
    """The namespace part of `Namespace_Type__Member`: every segment but the type's (two for ours, which are deep)."""
    head = rest.split("__", 1)[0].split("<", 1)[0]
    parts = [p for p in head.split("_") if p]
    return ".".join(parts[:-1] if len(parts) > 1 else parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("map")
    ap.add_argument("--top", type=int, default=20)
    args = ap.parse_args()
    by_assembly = collections.Counter()
    by_namespace = collections.Counter()
    by_kind_unowned = collections.Counter()
    by_symbol = collections.Counter()
    total = 0
    for _, node in ET.iterparse(args.map):
        length = node.get("Length")
        if length is None:
            continue
        length = int(length)
        total += length
        name = node.get("Name", "")
        found = owner(name)
        if found is None:
            by_kind_unowned[node.tag] += length
        else:
            assembly, rest = found
            by_assembly[assembly.replace("S_P_", "System.Private.").replace("_", ".")] += length
            by_namespace[f"{assembly.replace('S_P_', 'System.Private.').replace('_', '.')}: {namespace(rest)}"] += length
            if node.tag == "MethodCode":
                by_symbol[name] += length
        node.clear()

    def table(title, counter, top):
        print(f"\n{title}")
        for key, size in counter.most_common(top):
            print(f"  {size:>10,}  {100 * size / total:5.1f}%  {key}")

    ours = sum(size for a, size in by_assembly.items() if a.startswith("MicroWasm") or a == "microwasm")
    print(f"map: {args.map}")
    print(f"total {total:,} bytes of nodes; ours (MicroWasm.*) {ours:,}, the .NET libraries "
          f"{sum(by_assembly.values()) - ours:,}, not owned by one type {sum(by_kind_unowned.values()):,}")
    table("by assembly", by_assembly, args.top)
    table("by namespace", by_namespace, args.top)
    table("not owned by one type (by node kind)", by_kind_unowned, 10)
    table("largest methods", by_symbol, args.top)


if __name__ == "__main__":
    sys.exit(main())
