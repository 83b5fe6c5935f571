using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MicroWasm.Instructions;
using MicroWasm.Runtime;
using static MicroWasm.Interpreter.SimdOps;

namespace MicroWasm.Interpreter;

internal static unsafe partial class Executor
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Move128(ulong* fp, int dst, int src) => Vector128.Store(Vector128.Load(fp + src), fp + dst);

    /// <summary>
    /// Runs SIMD instructions (spec 4.4.3, 4.4.7 for the v128 accesses) from <paramref name="ip"/> up to the next
    /// other one, and returns it, or null when a memory access is out of bounds. One call per run of SIMD
    /// instructions, not per instruction: the call and this method's large frame are paid once per run. Operand layouts: <see cref="Translator.SimdLength"/>.
    /// </summary>
    /// <remarks>
    /// Every instruction reads all its operands before it writes its result: the translator may give the result
    /// the slots of an operand (the stack position of the first one, or a local that a following local.set names).
    /// Memory accesses check <c>address + offset + width &lt;= size</c> in 64-bit arithmetic first, as the scalar ones.
    /// </remarks>
    // Without SkipLocalsInit the prolog would zero the frame's many vector temporaries on every instruction.
    [MethodImpl(MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static int* RunSimd(int* ip, ulong* fp, MemoryInstance mem)
    {
        while (true)
        {
        int sub = *ip - (int)Op.SimdBase;
        if ((uint)sub > Op.SimdLast - Op.SimdBase)
        {
            // v128 moves are part of SIMD code too (loop-carried vectors); anything else goes back to the main loop.
            if (*ip != (int)Op.Move128) return ip;
            Move128(fp, ip[1], ip[2]);
            ip += 3;
            continue;
        }
        switch ((Opcode)(0xFD0000 + sub))
        {
            // ---- Memory (spec 4.4.7.2-4.4.7.6) ----
            case Opcode.V128Load:
            {
                byte* p = Address(ip, fp, mem, 16);
                if (p == null) return null;
                Vector128.Store((Vector128.Load(p)).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Load8x8S:
            case Opcode.V128Load8x8U:
            case Opcode.V128Load16x4S:
            case Opcode.V128Load16x4U:
            case Opcode.V128Load32x2S:
            case Opcode.V128Load32x2U:
            {
                byte* p = Address(ip, fp, mem, 8);
                if (p == null) return null;
                var half = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(p));
                Vector128.Store(((*ip - (int)Op.SimdBase) switch
                {
                    0x01 => Vector128.WidenLower(half.AsSByte()).AsByte(),
                    0x02 => Vector128.WidenLower(half.AsByte()).AsByte(),
                    0x03 => Vector128.WidenLower(half.AsInt16()).AsByte(),
                    0x04 => Vector128.WidenLower(half.AsUInt16()).AsByte(),
                    0x05 => Vector128.WidenLower(half.AsInt32()).AsByte(),
                    _ => Vector128.WidenLower(half.AsUInt32()).AsByte(),
                }).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Load8Splat:
            {
                byte* p = Address(ip, fp, mem, 1);
                if (p == null) return null;
                Vector128.Store((Vector128.Create(*p)).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Load16Splat:
            {
                byte* p = Address(ip, fp, mem, 2);
                if (p == null) return null;
                Vector128.Store((Vector128.Create(Unsafe.ReadUnaligned<ushort>(p)).AsByte()).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Load32Splat:
            {
                byte* p = Address(ip, fp, mem, 4);
                if (p == null) return null;
                Vector128.Store((Vector128.Create(Unsafe.ReadUnaligned<uint>(p)).AsByte()).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Load64Splat:
            {
                byte* p = Address(ip, fp, mem, 8);
                if (p == null) return null;
                Vector128.Store((Vector128.Create(Unsafe.ReadUnaligned<ulong>(p)).AsByte()).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Load32Zero:
            {
                byte* p = Address(ip, fp, mem, 4);
                if (p == null) return null;
                Vector128.Store((Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(p)).AsByte()).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Load64Zero:
            {
                byte* p = Address(ip, fp, mem, 8);
                if (p == null) return null;
                Vector128.Store((Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(p)).AsByte()).AsByte(), (byte*)(fp + ip[1]));
                ip += 5; continue;
            }
            case Opcode.V128Store:
            {
                byte* p = Address(ip, fp, mem, 16);
                if (p == null) return null;
                Vector128.Store(Vector128.Load((byte*)(fp + ip[2])), p);
                ip += 5; continue;
            }
            case Opcode.V128Load8Lane:
            case Opcode.V128Load16Lane:
            case Opcode.V128Load32Lane:
            case Opcode.V128Load64Lane:
            {
                int width = 1 << (*ip - (int)Op.SimdBase - 0x54);
                byte* p = Address(ip, fp, mem, width);
                if (p == null) return null;
                var v = Vector128.Load((byte*)(fp + ip[5]));
                // The lane's bytes replace those of the vector's copy (lanes are little-endian, spec 4.3.1).
                Buffer.MemoryCopy(p, (byte*)&v + ip[6] * width, width, width);
                Vector128.Store((v).AsByte(), (byte*)(fp + ip[1]));
                ip += 7; continue;
            }
            case Opcode.V128Store8Lane:
            case Opcode.V128Store16Lane:
            case Opcode.V128Store32Lane:
            case Opcode.V128Store64Lane:
            {
                int width = 1 << (*ip - (int)Op.SimdBase - 0x58);
                byte* p = Address(ip, fp, mem, width);
                if (p == null) return null;
                Buffer.MemoryCopy((byte*)(fp + ip[2]) + ip[5] * width, p, width, width);
                ip += 6; continue;
            }

            // ---- Constants, shuffles, splats and lanes (spec 4.4.3) ----
            case Opcode.V128Const:
                Vector128.Store((Vector128.Create(ip[2], ip[3], ip[4], ip[5]).AsByte()).AsByte(), (byte*)(fp + ip[1]));
                ip += 6; continue;
            case Opcode.I8x16Shuffle:
                Vector128.Store((Shuffle(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])), Vector128.Create(ip[4], ip[5], ip[6], ip[7]).AsByte())).AsByte(), (byte*)(fp + ip[1]));
                ip += 8; continue;
            case Opcode.I8x16Swizzle:
                // Vector128.Shuffle gives 0 for an index out of range, as swizzle does.
                Vector128.Store((Vector128.Shuffle(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1]));
                ip += 4; continue;
            case Opcode.I8x16Splat: Vector128.Store((Vector128.Create(*(byte*)(fp + ip[2]))).AsByte(), (byte*)(fp + ip[1])); ip += 3; continue;
            case Opcode.I16x8Splat: Vector128.Store((Vector128.Create(*(ushort*)(fp + ip[2])).AsByte()).AsByte(), (byte*)(fp + ip[1])); ip += 3; continue;
            case Opcode.I32x4Splat:
            case Opcode.F32x4Splat: Vector128.Store((Vector128.Create(*(uint*)(fp + ip[2])).AsByte()).AsByte(), (byte*)(fp + ip[1])); ip += 3; continue;
            case Opcode.I64x2Splat:
            case Opcode.F64x2Splat: Vector128.Store((Vector128.Create(fp[ip[2]]).AsByte()).AsByte(), (byte*)(fp + ip[1])); ip += 3; continue;
            case Opcode.I8x16ExtractLaneS: *(int*)(fp + ip[1]) = *((sbyte*)(fp + ip[2]) + ip[3]); ip += 4; continue;
            case Opcode.I8x16ExtractLaneU: *(int*)(fp + ip[1]) = *((byte*)(fp + ip[2]) + ip[3]); ip += 4; continue;
            case Opcode.I16x8ExtractLaneS: *(int*)(fp + ip[1]) = *((short*)(fp + ip[2]) + ip[3]); ip += 4; continue;
            case Opcode.I16x8ExtractLaneU: *(int*)(fp + ip[1]) = *((ushort*)(fp + ip[2]) + ip[3]); ip += 4; continue;
            case Opcode.I32x4ExtractLane:
            case Opcode.F32x4ExtractLane: *(uint*)(fp + ip[1]) = *((uint*)(fp + ip[2]) + ip[3]); ip += 4; continue;
            case Opcode.I64x2ExtractLane:
            case Opcode.F64x2ExtractLane: fp[ip[1]] = fp[ip[2] + ip[3]]; ip += 4; continue;
            case Opcode.I8x16ReplaceLane: Vector128.Store((Vector128.Load((byte*)(fp + ip[2])).WithElement(ip[4], *(byte*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 5; continue;
            case Opcode.I16x8ReplaceLane: Vector128.Store((Vector128.Load((ushort*)(fp + ip[2])).WithElement(ip[4], *(ushort*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 5; continue;
            case Opcode.I32x4ReplaceLane:
            case Opcode.F32x4ReplaceLane: Vector128.Store((Vector128.Load((uint*)(fp + ip[2])).WithElement(ip[4], *(uint*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 5; continue;
            case Opcode.I64x2ReplaceLane:
            case Opcode.F64x2ReplaceLane: Vector128.Store((Vector128.Load((ulong*)(fp + ip[2])).WithElement(ip[4], fp[ip[3]])).AsByte(), (byte*)(fp + ip[1])); ip += 5; continue;

            // ---- The most frequent lane operators, here to save a call (the others below, by family) ----
            case Opcode.V128Not: Vector128.Store((~Vector128.Load((byte*)(fp + ip[2]))).AsByte(), (byte*)(fp + ip[1])); ip += 3; continue;
            case Opcode.V128And: Vector128.Store((Vector128.Load((byte*)(fp + ip[2])) & Vector128.Load((byte*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.V128Andnot: Vector128.Store((Vector128.AndNot(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.V128Or: Vector128.Store((Vector128.Load((byte*)(fp + ip[2])) | Vector128.Load((byte*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.V128Xor: Vector128.Store((Vector128.Load((byte*)(fp + ip[2])) ^ Vector128.Load((byte*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I8x16Add: Vector128.Store((Vector128.Load((byte*)(fp + ip[2])) + Vector128.Load((byte*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I8x16Sub: Vector128.Store((Vector128.Load((byte*)(fp + ip[2])) - Vector128.Load((byte*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I16x8Add: Vector128.Store((Vector128.Load((ushort*)(fp + ip[2])) + Vector128.Load((ushort*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I16x8Sub: Vector128.Store((Vector128.Load((ushort*)(fp + ip[2])) - Vector128.Load((ushort*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I16x8Mul: Vector128.Store((Vector128.Load((ushort*)(fp + ip[2])) * Vector128.Load((ushort*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I32x4Add: Vector128.Store((Vector128.Load((uint*)(fp + ip[2])) + Vector128.Load((uint*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I32x4Sub: Vector128.Store((Vector128.Load((uint*)(fp + ip[2])) - Vector128.Load((uint*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I32x4Mul: Vector128.Store((Vector128.Load((uint*)(fp + ip[2])) * Vector128.Load((uint*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I32x4DotI16x8S: Vector128.Store((Dot(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I64x2Add: Vector128.Store((Vector128.Load((ulong*)(fp + ip[2])) + Vector128.Load((ulong*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.I64x2Sub: Vector128.Store((Vector128.Load((ulong*)(fp + ip[2])) - Vector128.Load((ulong*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F32x4Add: Vector128.Store((Vector128.Load((float*)(fp + ip[2])) + Vector128.Load((float*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F32x4Sub: Vector128.Store((Vector128.Load((float*)(fp + ip[2])) - Vector128.Load((float*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F32x4Mul: Vector128.Store((Vector128.Load((float*)(fp + ip[2])) * Vector128.Load((float*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F32x4Div: Vector128.Store((Vector128.Load((float*)(fp + ip[2])) / Vector128.Load((float*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F64x2Add: Vector128.Store((Vector128.Load((double*)(fp + ip[2])) + Vector128.Load((double*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F64x2Sub: Vector128.Store((Vector128.Load((double*)(fp + ip[2])) - Vector128.Load((double*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F64x2Mul: Vector128.Store((Vector128.Load((double*)(fp + ip[2])) * Vector128.Load((double*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;
            case Opcode.F64x2Div: Vector128.Store((Vector128.Load((double*)(fp + ip[2])) / Vector128.Load((double*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); ip += 4; continue;

            default:
                // The lane operators are in methods of their own, by family: one method with all of them would
                // exceed the JIT's inlining budget, and its vector loads and stores would become calls.
                ip = sub switch
                {
                    >= 0x100 => SimdRelaxed(ip, fp),
                    (>= 0x23 and <= 0x53) or (>= 0xD6 and <= 0xDB) => SimdCompareBitwise(ip, fp),
                    0x5E or 0x5F or (>= 0x67 and <= 0x6A) or 0x74 or 0x75 or 0x7A or 0x94 or >= 0xE0 => SimdFloat(ip, fp),
                    < 0xA0 => SimdInteger8x16And16x8(ip, fp),
                    _ => SimdInteger32x4And64x2(ip, fp),
                };
                continue;
        }
        }
    }

    /// <summary>Comparisons and bitwise operators (spec 4.3.2 vrelop, vvbinop). Returns the next instruction.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static int* SimdCompareBitwise(int* ip, ulong* fp)
    {
        switch ((Opcode)(0xFD0000 + (*ip - (int)Op.SimdBase)))
        {
            // ---- Comparisons: all ones in a lane where true (spec 4.3.2 vrelop) ----
            case Opcode.I8x16Eq: Vector128.Store((Vector128.Equals(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16Ne: Vector128.Store((~Vector128.Equals(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16LtS: Vector128.Store((Vector128.LessThan(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16LtU: Vector128.Store((Vector128.LessThan(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16GtS: Vector128.Store((Vector128.GreaterThan(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16GtU: Vector128.Store((Vector128.GreaterThan(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16LeS: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16LeU: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16GeS: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16GeU: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8Eq: Vector128.Store((Vector128.Equals(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8Ne: Vector128.Store((~Vector128.Equals(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8LtS: Vector128.Store((Vector128.LessThan(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8LtU: Vector128.Store((Vector128.LessThan(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8GtS: Vector128.Store((Vector128.GreaterThan(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8GtU: Vector128.Store((Vector128.GreaterThan(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8LeS: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8LeU: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8GeS: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8GeU: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4Eq: Vector128.Store((Vector128.Equals(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4Ne: Vector128.Store((~Vector128.Equals(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4LtS: Vector128.Store((Vector128.LessThan(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4LtU: Vector128.Store((Vector128.LessThan(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4GtS: Vector128.Store((Vector128.GreaterThan(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4GtU: Vector128.Store((Vector128.GreaterThan(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4LeS: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4LeU: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4GeS: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4GeU: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2Eq: Vector128.Store((Vector128.Equals(Vector128.Load((long*)(fp + ip[2])), Vector128.Load((long*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2Ne: Vector128.Store((~Vector128.Equals(Vector128.Load((long*)(fp + ip[2])), Vector128.Load((long*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2LtS: Vector128.Store((Vector128.LessThan(Vector128.Load((long*)(fp + ip[2])), Vector128.Load((long*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2GtS: Vector128.Store((Vector128.GreaterThan(Vector128.Load((long*)(fp + ip[2])), Vector128.Load((long*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2LeS: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((long*)(fp + ip[2])), Vector128.Load((long*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2GeS: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((long*)(fp + ip[2])), Vector128.Load((long*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            // Ordered comparisons are false on NaN; ne is the negation of eq, so true on NaN (spec 4.3.3 fne).
            case Opcode.F32x4Eq: Vector128.Store((Vector128.Equals(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Ne: Vector128.Store((~Vector128.Equals(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Lt: Vector128.Store((Vector128.LessThan(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Gt: Vector128.Store((Vector128.GreaterThan(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Le: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Ge: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Eq: Vector128.Store((Vector128.Equals(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Ne: Vector128.Store((~Vector128.Equals(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Lt: Vector128.Store((Vector128.LessThan(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Gt: Vector128.Store((Vector128.GreaterThan(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Le: Vector128.Store((Vector128.LessThanOrEqual(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Ge: Vector128.Store((Vector128.GreaterThanOrEqual(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;

            // ---- Bitwise (spec 4.3.2 vvunop, vvbinop, vvternop, vvtestop) ----
            case Opcode.V128Bitselect:
                Vector128.Store((Vector128.ConditionalSelect(Vector128.Load((byte*)(fp + ip[4])), Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1]));
                return ip + 5;
            case Opcode.V128AnyTrue: *(int*)(fp + ip[1]) = Vector128.Load((byte*)(fp + ip[2])) != Vector128<byte>.Zero ? 1 : 0; return ip + 3;

            default:
                return UnknownSimdOp(*ip);
        }
    }

    /// <summary>Integer lane operators on i8x16 and i16x8. Returns the next instruction.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static int* SimdInteger8x16And16x8(int* ip, ulong* fp)
    {
        switch ((Opcode)(0xFD0000 + (*ip - (int)Op.SimdBase)))
        {
            // ---- Integer lanes (spec 4.3.2) ----
            case Opcode.I8x16Abs: Vector128.Store((Abs(Vector128.Load((sbyte*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I8x16Neg: Vector128.Store((-Vector128.Load((byte*)(fp + ip[2]))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I8x16Popcnt: Vector128.Store((Popcnt(Vector128.Load((byte*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I8x16AllTrue: *(int*)(fp + ip[1]) = AllTrue(Vector128.Load((byte*)(fp + ip[2]))); return ip + 3;
            case Opcode.I8x16Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Vector128.Load((byte*)(fp + ip[2]))); return ip + 3;
            case Opcode.I8x16NarrowI16x8S: Vector128.Store((NarrowS(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16NarrowI16x8U: Vector128.Store((NarrowU(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16Shl: Vector128.Store((Vector128.ShiftLeft(Vector128.Load((byte*)(fp + ip[2])), *(int*)(fp + ip[3]) & 7)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16ShrS: Vector128.Store((Vector128.ShiftRightArithmetic(Vector128.Load((sbyte*)(fp + ip[2])), *(int*)(fp + ip[3]) & 7)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16ShrU: Vector128.Store((Vector128.ShiftRightLogical(Vector128.Load((byte*)(fp + ip[2])), *(int*)(fp + ip[3]) & 7)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16AddSatS: Vector128.Store((AddSat(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16AddSatU: Vector128.Store((AddSat(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16SubSatS: Vector128.Store((SubSat(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16SubSatU: Vector128.Store((SubSat(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16MinS: Vector128.Store((Vector128.Min(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16MinU: Vector128.Store((Vector128.Min(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16MaxS: Vector128.Store((Vector128.Max(Vector128.Load((sbyte*)(fp + ip[2])), Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16MaxU: Vector128.Store((Vector128.Max(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I8x16AvgrU: Vector128.Store((AvgrU(Vector128.Load((byte*)(fp + ip[2])), Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;

            case Opcode.I16x8ExtaddPairwiseI8x16S: Vector128.Store((ExtaddPairwiseS(Vector128.Load((short*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8ExtaddPairwiseI8x16U: Vector128.Store((ExtaddPairwiseU(Vector128.Load((ushort*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4ExtaddPairwiseI16x8S: Vector128.Store((ExtaddPairwiseS(Vector128.Load((int*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4ExtaddPairwiseI16x8U: Vector128.Store((ExtaddPairwiseU(Vector128.Load((uint*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8Abs: Vector128.Store((Abs(Vector128.Load((short*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8Neg: Vector128.Store((-Vector128.Load((ushort*)(fp + ip[2]))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8Q15mulrSatS: Vector128.Store((Q15MulrSat(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8AllTrue: *(int*)(fp + ip[1]) = AllTrue(Vector128.Load((ushort*)(fp + ip[2]))); return ip + 3;
            case Opcode.I16x8Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Vector128.Load((ushort*)(fp + ip[2]))); return ip + 3;
            case Opcode.I16x8NarrowI32x4S: Vector128.Store((NarrowS(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8NarrowI32x4U: Vector128.Store((NarrowU(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8ExtendLowI8x16S: Vector128.Store((Vector128.WidenLower(Vector128.Load((sbyte*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8ExtendHighI8x16S: Vector128.Store((Vector128.WidenUpper(Vector128.Load((sbyte*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8ExtendLowI8x16U: Vector128.Store((Vector128.WidenLower(Vector128.Load((byte*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8ExtendHighI8x16U: Vector128.Store((Vector128.WidenUpper(Vector128.Load((byte*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I16x8Shl: Vector128.Store((Vector128.ShiftLeft(Vector128.Load((ushort*)(fp + ip[2])), *(int*)(fp + ip[3]) & 15)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8ShrS: Vector128.Store((Vector128.ShiftRightArithmetic(Vector128.Load((short*)(fp + ip[2])), *(int*)(fp + ip[3]) & 15)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8ShrU: Vector128.Store((Vector128.ShiftRightLogical(Vector128.Load((ushort*)(fp + ip[2])), *(int*)(fp + ip[3]) & 15)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8AddSatS: Vector128.Store((AddSat(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8AddSatU: Vector128.Store((AddSat(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8SubSatS: Vector128.Store((SubSat(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8SubSatU: Vector128.Store((SubSat(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8MinS: Vector128.Store((Vector128.Min(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8MinU: Vector128.Store((Vector128.Min(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8MaxS: Vector128.Store((Vector128.Max(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8MaxU: Vector128.Store((Vector128.Max(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8AvgrU: Vector128.Store((AvgrU(Vector128.Load((ushort*)(fp + ip[2])), Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8ExtmulLowI8x16S: Vector128.Store((Vector128.WidenLower(Vector128.Load((sbyte*)(fp + ip[2]))) * Vector128.WidenLower(Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8ExtmulHighI8x16S: Vector128.Store((Vector128.WidenUpper(Vector128.Load((sbyte*)(fp + ip[2]))) * Vector128.WidenUpper(Vector128.Load((sbyte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8ExtmulLowI8x16U: Vector128.Store((Vector128.WidenLower(Vector128.Load((byte*)(fp + ip[2]))) * Vector128.WidenLower(Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I16x8ExtmulHighI8x16U: Vector128.Store((Vector128.WidenUpper(Vector128.Load((byte*)(fp + ip[2]))) * Vector128.WidenUpper(Vector128.Load((byte*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;

            default:
                return UnknownSimdOp(*ip);
        }
    }

    /// <summary>Integer lane operators on i32x4 and i64x2. Returns the next instruction.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static int* SimdInteger32x4And64x2(int* ip, ulong* fp)
    {
        switch ((Opcode)(0xFD0000 + (*ip - (int)Op.SimdBase)))
        {
            case Opcode.I32x4Abs: Vector128.Store((Abs(Vector128.Load((int*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4Neg: Vector128.Store((-Vector128.Load((uint*)(fp + ip[2]))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4AllTrue: *(int*)(fp + ip[1]) = AllTrue(Vector128.Load((uint*)(fp + ip[2]))); return ip + 3;
            case Opcode.I32x4Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Vector128.Load((uint*)(fp + ip[2]))); return ip + 3;
            case Opcode.I32x4ExtendLowI16x8S: Vector128.Store((Vector128.WidenLower(Vector128.Load((short*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4ExtendHighI16x8S: Vector128.Store((Vector128.WidenUpper(Vector128.Load((short*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4ExtendLowI16x8U: Vector128.Store((Vector128.WidenLower(Vector128.Load((ushort*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4ExtendHighI16x8U: Vector128.Store((Vector128.WidenUpper(Vector128.Load((ushort*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4Shl: Vector128.Store((Vector128.ShiftLeft(Vector128.Load((uint*)(fp + ip[2])), *(int*)(fp + ip[3]) & 31)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4ShrS: Vector128.Store((Vector128.ShiftRightArithmetic(Vector128.Load((int*)(fp + ip[2])), *(int*)(fp + ip[3]) & 31)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4ShrU: Vector128.Store((Vector128.ShiftRightLogical(Vector128.Load((uint*)(fp + ip[2])), *(int*)(fp + ip[3]) & 31)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4MinS: Vector128.Store((Vector128.Min(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4MinU: Vector128.Store((Vector128.Min(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4MaxS: Vector128.Store((Vector128.Max(Vector128.Load((int*)(fp + ip[2])), Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4MaxU: Vector128.Store((Vector128.Max(Vector128.Load((uint*)(fp + ip[2])), Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4ExtmulLowI16x8S: Vector128.Store((Vector128.WidenLower(Vector128.Load((short*)(fp + ip[2]))) * Vector128.WidenLower(Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4ExtmulHighI16x8S: Vector128.Store((Vector128.WidenUpper(Vector128.Load((short*)(fp + ip[2]))) * Vector128.WidenUpper(Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4ExtmulLowI16x8U: Vector128.Store((Vector128.WidenLower(Vector128.Load((ushort*)(fp + ip[2]))) * Vector128.WidenLower(Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4ExtmulHighI16x8U: Vector128.Store((Vector128.WidenUpper(Vector128.Load((ushort*)(fp + ip[2]))) * Vector128.WidenUpper(Vector128.Load((ushort*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;

            case Opcode.I64x2Abs: Vector128.Store((Abs(Vector128.Load((long*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I64x2Neg: Vector128.Store((-Vector128.Load((ulong*)(fp + ip[2]))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I64x2AllTrue: *(int*)(fp + ip[1]) = AllTrue(Vector128.Load((ulong*)(fp + ip[2]))); return ip + 3;
            case Opcode.I64x2Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Vector128.Load((ulong*)(fp + ip[2]))); return ip + 3;
            case Opcode.I64x2ExtendLowI32x4S: Vector128.Store((Vector128.WidenLower(Vector128.Load((int*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I64x2ExtendHighI32x4S: Vector128.Store((Vector128.WidenUpper(Vector128.Load((int*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I64x2ExtendLowI32x4U: Vector128.Store((Vector128.WidenLower(Vector128.Load((uint*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I64x2ExtendHighI32x4U: Vector128.Store((Vector128.WidenUpper(Vector128.Load((uint*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I64x2Shl: Vector128.Store((Vector128.ShiftLeft(Vector128.Load((ulong*)(fp + ip[2])), *(int*)(fp + ip[3]) & 63)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2ShrS: Vector128.Store((Vector128.ShiftRightArithmetic(Vector128.Load((long*)(fp + ip[2])), *(int*)(fp + ip[3]) & 63)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2ShrU: Vector128.Store((Vector128.ShiftRightLogical(Vector128.Load((ulong*)(fp + ip[2])), *(int*)(fp + ip[3]) & 63)).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2Mul: Vector128.Store((Vector128.Load((ulong*)(fp + ip[2])) * Vector128.Load((ulong*)(fp + ip[3]))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2ExtmulLowI32x4S: Vector128.Store((Vector128.WidenLower(Vector128.Load((int*)(fp + ip[2]))) * Vector128.WidenLower(Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2ExtmulHighI32x4S: Vector128.Store((Vector128.WidenUpper(Vector128.Load((int*)(fp + ip[2]))) * Vector128.WidenUpper(Vector128.Load((int*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2ExtmulLowI32x4U: Vector128.Store((Vector128.WidenLower(Vector128.Load((uint*)(fp + ip[2]))) * Vector128.WidenLower(Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I64x2ExtmulHighI32x4U: Vector128.Store((Vector128.WidenUpper(Vector128.Load((uint*)(fp + ip[2]))) * Vector128.WidenUpper(Vector128.Load((uint*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;

            default:
                return UnknownSimdOp(*ip);
        }
    }

    /// <summary>Float lane operators and conversions (spec 4.3.3-4.3.4). Returns the next instruction.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static int* SimdFloat(int* ip, ulong* fp)
    {
        switch ((Opcode)(0xFD0000 + (*ip - (int)Op.SimdBase)))
        {
            // ---- Float lanes (spec 4.3.3) ----
            case Opcode.F32x4Abs: Vector128.Store((Vector128.Load((uint*)(fp + ip[2])) & Vector128.Create(0x7FFF_FFFFu)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4Neg: Vector128.Store((Vector128.Load((uint*)(fp + ip[2])) ^ Vector128.Create(0x8000_0000u)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4Sqrt: Vector128.Store((Vector128.Sqrt(Vector128.Load((float*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4Min: Vector128.Store((Min(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Max: Vector128.Store((Max(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Pmin: Vector128.Store((Pmin(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Pmax: Vector128.Store((Pmax(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F32x4Ceil: Vector128.Store((Round(Vector128.Load((float*)(fp + ip[2])), RoundingKind.Ceil)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4Floor: Vector128.Store((Round(Vector128.Load((float*)(fp + ip[2])), RoundingKind.Floor)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4Trunc: Vector128.Store((Round(Vector128.Load((float*)(fp + ip[2])), RoundingKind.Trunc)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4Nearest: Vector128.Store((Round(Vector128.Load((float*)(fp + ip[2])), RoundingKind.Nearest)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2Abs: Vector128.Store((Vector128.Load((ulong*)(fp + ip[2])) & Vector128.Create(0x7FFF_FFFF_FFFF_FFFFul)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2Neg: Vector128.Store((Vector128.Load((ulong*)(fp + ip[2])) ^ Vector128.Create(0x8000_0000_0000_0000ul)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2Sqrt: Vector128.Store((Vector128.Sqrt(Vector128.Load((double*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2Min: Vector128.Store((Min(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Max: Vector128.Store((Max(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Pmin: Vector128.Store((Pmin(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Pmax: Vector128.Store((Pmax(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.F64x2Ceil: Vector128.Store((Round(Vector128.Load((double*)(fp + ip[2])), RoundingKind.Ceil)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2Floor: Vector128.Store((Round(Vector128.Load((double*)(fp + ip[2])), RoundingKind.Floor)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2Trunc: Vector128.Store((Round(Vector128.Load((double*)(fp + ip[2])), RoundingKind.Trunc)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2Nearest: Vector128.Store((Round(Vector128.Load((double*)(fp + ip[2])), RoundingKind.Nearest)).AsByte(), (byte*)(fp + ip[1])); return ip + 3;

            // ---- Conversions (spec 4.3.4) ----
            case Opcode.I32x4TruncSatF32x4S: Vector128.Store((TruncSatS(Vector128.Load((float*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4TruncSatF32x4U: Vector128.Store((TruncSatU(Vector128.Load((float*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4ConvertI32x4S: Vector128.Store((Vector128.ConvertToSingle(Vector128.Load((int*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4ConvertI32x4U: Vector128.Store((ConvertU(Vector128.Load((uint*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4TruncSatF64x2SZero: Vector128.Store((TruncSatSZero(Vector128.Load((double*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.I32x4TruncSatF64x2UZero: Vector128.Store((TruncSatUZero(Vector128.Load((double*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2ConvertLowI32x4S: Vector128.Store((ConvertLowS(Vector128.Load((int*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2ConvertLowI32x4U: Vector128.Store((ConvertLowU(Vector128.Load((uint*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F32x4DemoteF64x2Zero: Vector128.Store((DemoteZero(Vector128.Load((double*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;
            case Opcode.F64x2PromoteLowF32x4: Vector128.Store((PromoteLow(Vector128.Load((float*)(fp + ip[2])))).AsByte(), (byte*)(fp + ip[1])); return ip + 3;

            default:
                return UnknownSimdOp(*ip);
        }
    }


    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int* UnknownSimdOp(int op) => throw new InvalidOperationException($"interpreter: unknown SIMD op {op}");

    /// <summary>The address of a SIMD access of <paramref name="width"/> bytes ([_, addr, offset, addend] operands), or null when out of bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* Address(int* ip, ulong* fp, MemoryInstance mem, int width)
    {
        // A load's address is operand 2, a store's operand 1: loads are [dst, addr, ...], stores [addr, value, ...].
        int addrOperand = IsSimdStore(*ip) ? ip[1] : ip[2];
        ulong ea = (ulong)(uint)(*(int*)(fp + addrOperand) + ip[4]) + (uint)ip[3];
        return ea + (ulong)width > mem.Size ? null : mem.Base + ea;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSimdStore(int op) => op == (int)Op.SimdBase + 0x0B || (uint)(op - (int)Op.SimdBase - 0x58) <= 3;
}
