using System.Collections.Concurrent;
using MicroWasm.Aot;
using MicroWasm.Compiler;
using MicroWasm.Runtime;
using MicroWasm.Text;

namespace MicroWasm.Tests.Aot;

/// <summary>
/// Compiles WAT test modules to artifacts once per test run (the system's C compiler takes a few hundred milliseconds a
/// module). The tests need gcc (the default compiler), and clang-14 and lld-14 where they ask for them; scripts/test.sh installs them.
/// </summary>
internal static class AotTestModules
{
    private static readonly ConcurrentDictionary<(string, AotCompileOptions), byte[]> Artifacts = new();

    public static byte[] Artifact(string wat, AotTarget? target = null) =>
        Artifact(wat, new AotCompileOptions { Target = target ?? AotTarget.Host! });

    /// <summary>An artifact made with <paramref name="options"/> (a compiler, an optimisation level...).</summary>
    public static byte[] Artifact(string wat, AotCompileOptions options) =>
        Artifacts.GetOrAdd((wat, options), key => AotCompiler.Compile(WatParser.ParseModule(key.Item1), key.Item2));

    public static CompiledModule Load(string wat) => CompiledModule.FromBytes(Artifact(wat));

    public static CompiledModule Load(string wat, AotCompileOptions options) => CompiledModule.FromBytes(Artifact(wat, options));

    private static readonly ConcurrentDictionary<string, byte[]> BinaryArtifacts = new();

    /// <summary>An artifact of a binary module (a fixture file), compiled once per test run.</summary>
    public static byte[] ArtifactOfFile(string path) =>
        BinaryArtifacts.GetOrAdd(path, p => AotCompiler.Compile(File.ReadAllBytes(p), new AotCompileOptions()));

    /// <summary>A module exercising calls, memory, globals, tables, traps and imports, used by several tests.</summary>
    public const string Kitchen = """
        (module $kitchen
          (import "host" "add" (func $host_add (param i32 i32) (result i32)))
          (import "host" "reenter" (func $host_reenter (param i32) (result i32)))
          (memory (export "memory") 1 4)
          (global $counter (export "counter") (mut i32) (i32.const 0))
          (global $g64 (mut i64) (i64.const 0x1122334455667788))
          (table (export "table") 3 funcref)
          (elem (i32.const 0) $square $fib)
          (type $unary (func (param i32) (result i32)))
          (data (i32.const 16) "hello")

          (func $fib (export "fib") (param $n i32) (result i32)
            (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
              (then (local.get $n))
              (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                             (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
          (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
          (func (export "indirect") (param $i i32) (param $x i32) (result i32)
            (call_indirect (type $unary) (local.get $x) (local.get $i)))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
          (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "size") (result i32) (memory.size))
          (func (export "unreachable") (unreachable))
          (func $recurse (export "recurse") (param i32) (result i32)
            (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func (export "spin") (loop $l (br $l)))
          (func (export "bump") (result i32)
            (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
            (global.get $counter))
          (func (export "g64") (result i64) (global.get $g64))
          (func (export "call_host") (param i32 i32) (result i32) (call $host_add (local.get 0) (local.get 1)))
          (func (export "reenter") (param i32) (result i32) (call $host_reenter (local.get 0)))
          (func (export "swap") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
            (local.get 3) (local.get 2) (local.get 1) (local.get 0))
          (func (export "fmin") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
          (func (export "trunc") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
          (func $down (export "down") (param i32)
            (if (i32.eqz (local.get 0)) (then (unreachable)))
            (call $down (i32.sub (local.get 0) (i32.const 1))))
        )
        """;
}
