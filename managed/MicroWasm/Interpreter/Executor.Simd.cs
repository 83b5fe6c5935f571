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
    /// Runs one SIMD instruction (spec 4.4.3, 4.4.7 for the v128 accesses) and returns the next instruction,
    /// or null when a memory access is out of bounds. Operand layouts: <see cref="Translator.SimdLength"/>.
    /// </summary>
    /// <remarks>
    /// Every instruction reads all its operands before it writes its result: the translator may give the result
    /// the slots of an operand (the stack position of the first one, or a local that a following local.set names).
    /// Memory accesses check <c>address + offset + width &lt;= size</c> in 64-bit arithmetic first, as the scalar ones.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int* RunSimd(int* ip, ulong* fp, MemoryInstance mem)
    {
        switch ((Opcode)(0xFD0000 + (*ip - (int)Op.SimdBase)))
        {
            // ---- Memory (spec 4.4.7.2-4.4.7.6) ----
            case Opcode.V128Load:
            {
                byte* p = Address(ip, fp, mem, 16);
                if (p == null) return null;
                Put(fp, ip[1], Vector128.Load(p));
                return ip + 5;
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
                Put(fp, ip[1], (*ip - (int)Op.SimdBase) switch
                {
                    0x01 => Vector128.WidenLower(half.AsSByte()).AsByte(),
                    0x02 => Vector128.WidenLower(half.AsByte()).AsByte(),
                    0x03 => Vector128.WidenLower(half.AsInt16()).AsByte(),
                    0x04 => Vector128.WidenLower(half.AsUInt16()).AsByte(),
                    0x05 => Vector128.WidenLower(half.AsInt32()).AsByte(),
                    _ => Vector128.WidenLower(half.AsUInt32()).AsByte(),
                });
                return ip + 5;
            }
            case Opcode.V128Load8Splat:
            {
                byte* p = Address(ip, fp, mem, 1);
                if (p == null) return null;
                Put(fp, ip[1], Vector128.Create(*p));
                return ip + 5;
            }
            case Opcode.V128Load16Splat:
            {
                byte* p = Address(ip, fp, mem, 2);
                if (p == null) return null;
                Put(fp, ip[1], Vector128.Create(Unsafe.ReadUnaligned<ushort>(p)).AsByte());
                return ip + 5;
            }
            case Opcode.V128Load32Splat:
            {
                byte* p = Address(ip, fp, mem, 4);
                if (p == null) return null;
                Put(fp, ip[1], Vector128.Create(Unsafe.ReadUnaligned<uint>(p)).AsByte());
                return ip + 5;
            }
            case Opcode.V128Load64Splat:
            {
                byte* p = Address(ip, fp, mem, 8);
                if (p == null) return null;
                Put(fp, ip[1], Vector128.Create(Unsafe.ReadUnaligned<ulong>(p)).AsByte());
                return ip + 5;
            }
            case Opcode.V128Load32Zero:
            {
                byte* p = Address(ip, fp, mem, 4);
                if (p == null) return null;
                Put(fp, ip[1], Vector128.CreateScalar(Unsafe.ReadUnaligned<uint>(p)).AsByte());
                return ip + 5;
            }
            case Opcode.V128Load64Zero:
            {
                byte* p = Address(ip, fp, mem, 8);
                if (p == null) return null;
                Put(fp, ip[1], Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(p)).AsByte());
                return ip + 5;
            }
            case Opcode.V128Store:
            {
                byte* p = Address(ip, fp, mem, 16);
                if (p == null) return null;
                Vector128.Store(Get<byte>(fp, ip[2]), p);
                return ip + 5;
            }
            case Opcode.V128Load8Lane:
            case Opcode.V128Load16Lane:
            case Opcode.V128Load32Lane:
            case Opcode.V128Load64Lane:
            {
                int width = 1 << (*ip - (int)Op.SimdBase - 0x54);
                byte* p = Address(ip, fp, mem, width);
                if (p == null) return null;
                var v = Get<byte>(fp, ip[5]);
                // The lane's bytes replace those of the vector's copy (lanes are little-endian, spec 4.3.1).
                Buffer.MemoryCopy(p, (byte*)&v + ip[6] * width, width, width);
                Put(fp, ip[1], v);
                return ip + 7;
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
                return ip + 6;
            }

            // ---- Constants, shuffles, splats and lanes (spec 4.4.3) ----
            case Opcode.V128Const:
                Put(fp, ip[1], Vector128.Create(ip[2], ip[3], ip[4], ip[5]).AsByte());
                return ip + 6;
            case Opcode.I8x16Shuffle:
                Put(fp, ip[1], Shuffle(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]), Vector128.Create(ip[4], ip[5], ip[6], ip[7]).AsByte()));
                return ip + 8;
            case Opcode.I8x16Swizzle:
                // Vector128.Shuffle gives 0 for an index out of range, as swizzle does.
                Put(fp, ip[1], Vector128.Shuffle(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3])));
                return ip + 4;
            case Opcode.I8x16Splat: Put(fp, ip[1], Vector128.Create(*(byte*)(fp + ip[2]))); return ip + 3;
            case Opcode.I16x8Splat: Put(fp, ip[1], Vector128.Create(*(ushort*)(fp + ip[2])).AsByte()); return ip + 3;
            case Opcode.I32x4Splat:
            case Opcode.F32x4Splat: Put(fp, ip[1], Vector128.Create(*(uint*)(fp + ip[2])).AsByte()); return ip + 3;
            case Opcode.I64x2Splat:
            case Opcode.F64x2Splat: Put(fp, ip[1], Vector128.Create(fp[ip[2]]).AsByte()); return ip + 3;
            case Opcode.I8x16ExtractLaneS: *(int*)(fp + ip[1]) = *((sbyte*)(fp + ip[2]) + ip[3]); return ip + 4;
            case Opcode.I8x16ExtractLaneU: *(int*)(fp + ip[1]) = *((byte*)(fp + ip[2]) + ip[3]); return ip + 4;
            case Opcode.I16x8ExtractLaneS: *(int*)(fp + ip[1]) = *((short*)(fp + ip[2]) + ip[3]); return ip + 4;
            case Opcode.I16x8ExtractLaneU: *(int*)(fp + ip[1]) = *((ushort*)(fp + ip[2]) + ip[3]); return ip + 4;
            case Opcode.I32x4ExtractLane:
            case Opcode.F32x4ExtractLane: *(uint*)(fp + ip[1]) = *((uint*)(fp + ip[2]) + ip[3]); return ip + 4;
            case Opcode.I64x2ExtractLane:
            case Opcode.F64x2ExtractLane: fp[ip[1]] = fp[ip[2] + ip[3]]; return ip + 4;
            case Opcode.I8x16ReplaceLane: Put(fp, ip[1], Get<byte>(fp, ip[2]).WithElement(ip[4], *(byte*)(fp + ip[3]))); return ip + 5;
            case Opcode.I16x8ReplaceLane: Put(fp, ip[1], Get<ushort>(fp, ip[2]).WithElement(ip[4], *(ushort*)(fp + ip[3]))); return ip + 5;
            case Opcode.I32x4ReplaceLane:
            case Opcode.F32x4ReplaceLane: Put(fp, ip[1], Get<uint>(fp, ip[2]).WithElement(ip[4], *(uint*)(fp + ip[3]))); return ip + 5;
            case Opcode.I64x2ReplaceLane:
            case Opcode.F64x2ReplaceLane: Put(fp, ip[1], Get<ulong>(fp, ip[2]).WithElement(ip[4], fp[ip[3]])); return ip + 5;

            // ---- Comparisons: all ones in a lane where true (spec 4.3.2 vrelop) ----
            case Opcode.I8x16Eq: Put(fp, ip[1], Vector128.Equals(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16Ne: Put(fp, ip[1], ~Vector128.Equals(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16LtS: Put(fp, ip[1], Vector128.LessThan(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16LtU: Put(fp, ip[1], Vector128.LessThan(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16GtS: Put(fp, ip[1], Vector128.GreaterThan(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16GtU: Put(fp, ip[1], Vector128.GreaterThan(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16LeS: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16LeU: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16GeS: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16GeU: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8Eq: Put(fp, ip[1], Vector128.Equals(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8Ne: Put(fp, ip[1], ~Vector128.Equals(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8LtS: Put(fp, ip[1], Vector128.LessThan(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8LtU: Put(fp, ip[1], Vector128.LessThan(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8GtS: Put(fp, ip[1], Vector128.GreaterThan(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8GtU: Put(fp, ip[1], Vector128.GreaterThan(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8LeS: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8LeU: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8GeS: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8GeU: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4Eq: Put(fp, ip[1], Vector128.Equals(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4Ne: Put(fp, ip[1], ~Vector128.Equals(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4LtS: Put(fp, ip[1], Vector128.LessThan(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4LtU: Put(fp, ip[1], Vector128.LessThan(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4GtS: Put(fp, ip[1], Vector128.GreaterThan(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4GtU: Put(fp, ip[1], Vector128.GreaterThan(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4LeS: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4LeU: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4GeS: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4GeU: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2Eq: Put(fp, ip[1], Vector128.Equals(Get<long>(fp, ip[2]), Get<long>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2Ne: Put(fp, ip[1], ~Vector128.Equals(Get<long>(fp, ip[2]), Get<long>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2LtS: Put(fp, ip[1], Vector128.LessThan(Get<long>(fp, ip[2]), Get<long>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2GtS: Put(fp, ip[1], Vector128.GreaterThan(Get<long>(fp, ip[2]), Get<long>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2LeS: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<long>(fp, ip[2]), Get<long>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2GeS: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<long>(fp, ip[2]), Get<long>(fp, ip[3]))); return ip + 4;
            // Ordered comparisons are false on NaN; ne is the negation of eq, so true on NaN (spec 4.3.3 fne).
            case Opcode.F32x4Eq: Put(fp, ip[1], Vector128.Equals(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Ne: Put(fp, ip[1], ~Vector128.Equals(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Lt: Put(fp, ip[1], Vector128.LessThan(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Gt: Put(fp, ip[1], Vector128.GreaterThan(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Le: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Ge: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Eq: Put(fp, ip[1], Vector128.Equals(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Ne: Put(fp, ip[1], ~Vector128.Equals(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Lt: Put(fp, ip[1], Vector128.LessThan(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Gt: Put(fp, ip[1], Vector128.GreaterThan(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Le: Put(fp, ip[1], Vector128.LessThanOrEqual(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Ge: Put(fp, ip[1], Vector128.GreaterThanOrEqual(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;

            // ---- Bitwise (spec 4.3.2 vvunop, vvbinop, vvternop, vvtestop) ----
            case Opcode.V128Not: Put(fp, ip[1], ~Get<byte>(fp, ip[2])); return ip + 3;
            case Opcode.V128And: Put(fp, ip[1], Get<byte>(fp, ip[2]) & Get<byte>(fp, ip[3])); return ip + 4;
            case Opcode.V128Andnot: Put(fp, ip[1], Vector128.AndNot(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.V128Or: Put(fp, ip[1], Get<byte>(fp, ip[2]) | Get<byte>(fp, ip[3])); return ip + 4;
            case Opcode.V128Xor: Put(fp, ip[1], Get<byte>(fp, ip[2]) ^ Get<byte>(fp, ip[3])); return ip + 4;
            case Opcode.V128Bitselect:
                Put(fp, ip[1], Vector128.ConditionalSelect(Get<byte>(fp, ip[4]), Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3])));
                return ip + 5;
            case Opcode.V128AnyTrue: *(int*)(fp + ip[1]) = Get<byte>(fp, ip[2]) != Vector128<byte>.Zero ? 1 : 0; return ip + 3;

            // ---- Integer lanes (spec 4.3.2) ----
            case Opcode.I8x16Abs: Put(fp, ip[1], Abs(Get<sbyte>(fp, ip[2]))); return ip + 3;
            case Opcode.I8x16Neg: Put(fp, ip[1], -Get<byte>(fp, ip[2])); return ip + 3;
            case Opcode.I8x16Popcnt: Put(fp, ip[1], Popcnt(Get<byte>(fp, ip[2]))); return ip + 3;
            case Opcode.I8x16AllTrue: *(int*)(fp + ip[1]) = AllTrue(Get<byte>(fp, ip[2])); return ip + 3;
            case Opcode.I8x16Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Get<byte>(fp, ip[2])); return ip + 3;
            case Opcode.I8x16NarrowI16x8S: Put(fp, ip[1], NarrowS(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16NarrowI16x8U: Put(fp, ip[1], NarrowU(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16Shl: Put(fp, ip[1], Vector128.ShiftLeft(Get<byte>(fp, ip[2]), *(int*)(fp + ip[3]) & 7)); return ip + 4;
            case Opcode.I8x16ShrS: Put(fp, ip[1], Vector128.ShiftRightArithmetic(Get<sbyte>(fp, ip[2]), *(int*)(fp + ip[3]) & 7)); return ip + 4;
            case Opcode.I8x16ShrU: Put(fp, ip[1], Vector128.ShiftRightLogical(Get<byte>(fp, ip[2]), *(int*)(fp + ip[3]) & 7)); return ip + 4;
            case Opcode.I8x16Add: Put(fp, ip[1], Get<byte>(fp, ip[2]) + Get<byte>(fp, ip[3])); return ip + 4;
            case Opcode.I8x16AddSatS: Put(fp, ip[1], AddSat(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16AddSatU: Put(fp, ip[1], AddSat(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16Sub: Put(fp, ip[1], Get<byte>(fp, ip[2]) - Get<byte>(fp, ip[3])); return ip + 4;
            case Opcode.I8x16SubSatS: Put(fp, ip[1], SubSat(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16SubSatU: Put(fp, ip[1], SubSat(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16MinS: Put(fp, ip[1], Vector128.Min(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16MinU: Put(fp, ip[1], Vector128.Min(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16MaxS: Put(fp, ip[1], Vector128.Max(Get<sbyte>(fp, ip[2]), Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16MaxU: Put(fp, ip[1], Vector128.Max(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I8x16AvgrU: Put(fp, ip[1], AvgrU(Get<byte>(fp, ip[2]), Get<byte>(fp, ip[3]))); return ip + 4;

            case Opcode.I16x8ExtaddPairwiseI8x16S: Put(fp, ip[1], ExtaddPairwiseS(Get<short>(fp, ip[2]))); return ip + 3;
            case Opcode.I16x8ExtaddPairwiseI8x16U: Put(fp, ip[1], ExtaddPairwiseU(Get<ushort>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4ExtaddPairwiseI16x8S: Put(fp, ip[1], ExtaddPairwiseS(Get<int>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4ExtaddPairwiseI16x8U: Put(fp, ip[1], ExtaddPairwiseU(Get<uint>(fp, ip[2]))); return ip + 3;
            case Opcode.I16x8Abs: Put(fp, ip[1], Abs(Get<short>(fp, ip[2]))); return ip + 3;
            case Opcode.I16x8Neg: Put(fp, ip[1], -Get<ushort>(fp, ip[2])); return ip + 3;
            case Opcode.I16x8Q15mulrSatS: Put(fp, ip[1], Q15MulrSat(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8AllTrue: *(int*)(fp + ip[1]) = AllTrue(Get<ushort>(fp, ip[2])); return ip + 3;
            case Opcode.I16x8Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Get<ushort>(fp, ip[2])); return ip + 3;
            case Opcode.I16x8NarrowI32x4S: Put(fp, ip[1], NarrowS(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8NarrowI32x4U: Put(fp, ip[1], NarrowU(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8ExtendLowI8x16S: Put(fp, ip[1], Vector128.WidenLower(Get<sbyte>(fp, ip[2]))); return ip + 3;
            case Opcode.I16x8ExtendHighI8x16S: Put(fp, ip[1], Vector128.WidenUpper(Get<sbyte>(fp, ip[2]))); return ip + 3;
            case Opcode.I16x8ExtendLowI8x16U: Put(fp, ip[1], Vector128.WidenLower(Get<byte>(fp, ip[2]))); return ip + 3;
            case Opcode.I16x8ExtendHighI8x16U: Put(fp, ip[1], Vector128.WidenUpper(Get<byte>(fp, ip[2]))); return ip + 3;
            case Opcode.I16x8Shl: Put(fp, ip[1], Vector128.ShiftLeft(Get<ushort>(fp, ip[2]), *(int*)(fp + ip[3]) & 15)); return ip + 4;
            case Opcode.I16x8ShrS: Put(fp, ip[1], Vector128.ShiftRightArithmetic(Get<short>(fp, ip[2]), *(int*)(fp + ip[3]) & 15)); return ip + 4;
            case Opcode.I16x8ShrU: Put(fp, ip[1], Vector128.ShiftRightLogical(Get<ushort>(fp, ip[2]), *(int*)(fp + ip[3]) & 15)); return ip + 4;
            case Opcode.I16x8Add: Put(fp, ip[1], Get<ushort>(fp, ip[2]) + Get<ushort>(fp, ip[3])); return ip + 4;
            case Opcode.I16x8AddSatS: Put(fp, ip[1], AddSat(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8AddSatU: Put(fp, ip[1], AddSat(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8Sub: Put(fp, ip[1], Get<ushort>(fp, ip[2]) - Get<ushort>(fp, ip[3])); return ip + 4;
            case Opcode.I16x8SubSatS: Put(fp, ip[1], SubSat(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8SubSatU: Put(fp, ip[1], SubSat(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8Mul: Put(fp, ip[1], Get<ushort>(fp, ip[2]) * Get<ushort>(fp, ip[3])); return ip + 4;
            case Opcode.I16x8MinS: Put(fp, ip[1], Vector128.Min(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8MinU: Put(fp, ip[1], Vector128.Min(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8MaxS: Put(fp, ip[1], Vector128.Max(Get<short>(fp, ip[2]), Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8MaxU: Put(fp, ip[1], Vector128.Max(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8AvgrU: Put(fp, ip[1], AvgrU(Get<ushort>(fp, ip[2]), Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8ExtmulLowI8x16S: Put(fp, ip[1], Vector128.WidenLower(Get<sbyte>(fp, ip[2])) * Vector128.WidenLower(Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8ExtmulHighI8x16S: Put(fp, ip[1], Vector128.WidenUpper(Get<sbyte>(fp, ip[2])) * Vector128.WidenUpper(Get<sbyte>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8ExtmulLowI8x16U: Put(fp, ip[1], Vector128.WidenLower(Get<byte>(fp, ip[2])) * Vector128.WidenLower(Get<byte>(fp, ip[3]))); return ip + 4;
            case Opcode.I16x8ExtmulHighI8x16U: Put(fp, ip[1], Vector128.WidenUpper(Get<byte>(fp, ip[2])) * Vector128.WidenUpper(Get<byte>(fp, ip[3]))); return ip + 4;

            case Opcode.I32x4Abs: Put(fp, ip[1], Abs(Get<int>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4Neg: Put(fp, ip[1], -Get<uint>(fp, ip[2])); return ip + 3;
            case Opcode.I32x4AllTrue: *(int*)(fp + ip[1]) = AllTrue(Get<uint>(fp, ip[2])); return ip + 3;
            case Opcode.I32x4Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Get<uint>(fp, ip[2])); return ip + 3;
            case Opcode.I32x4ExtendLowI16x8S: Put(fp, ip[1], Vector128.WidenLower(Get<short>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4ExtendHighI16x8S: Put(fp, ip[1], Vector128.WidenUpper(Get<short>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4ExtendLowI16x8U: Put(fp, ip[1], Vector128.WidenLower(Get<ushort>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4ExtendHighI16x8U: Put(fp, ip[1], Vector128.WidenUpper(Get<ushort>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4Shl: Put(fp, ip[1], Vector128.ShiftLeft(Get<uint>(fp, ip[2]), *(int*)(fp + ip[3]) & 31)); return ip + 4;
            case Opcode.I32x4ShrS: Put(fp, ip[1], Vector128.ShiftRightArithmetic(Get<int>(fp, ip[2]), *(int*)(fp + ip[3]) & 31)); return ip + 4;
            case Opcode.I32x4ShrU: Put(fp, ip[1], Vector128.ShiftRightLogical(Get<uint>(fp, ip[2]), *(int*)(fp + ip[3]) & 31)); return ip + 4;
            case Opcode.I32x4Add: Put(fp, ip[1], Get<uint>(fp, ip[2]) + Get<uint>(fp, ip[3])); return ip + 4;
            case Opcode.I32x4Sub: Put(fp, ip[1], Get<uint>(fp, ip[2]) - Get<uint>(fp, ip[3])); return ip + 4;
            case Opcode.I32x4Mul: Put(fp, ip[1], Get<uint>(fp, ip[2]) * Get<uint>(fp, ip[3])); return ip + 4;
            case Opcode.I32x4MinS: Put(fp, ip[1], Vector128.Min(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4MinU: Put(fp, ip[1], Vector128.Min(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4MaxS: Put(fp, ip[1], Vector128.Max(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4MaxU: Put(fp, ip[1], Vector128.Max(Get<uint>(fp, ip[2]), Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4DotI16x8S: Put(fp, ip[1], Dot(Get<int>(fp, ip[2]), Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4ExtmulLowI16x8S: Put(fp, ip[1], Vector128.WidenLower(Get<short>(fp, ip[2])) * Vector128.WidenLower(Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4ExtmulHighI16x8S: Put(fp, ip[1], Vector128.WidenUpper(Get<short>(fp, ip[2])) * Vector128.WidenUpper(Get<short>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4ExtmulLowI16x8U: Put(fp, ip[1], Vector128.WidenLower(Get<ushort>(fp, ip[2])) * Vector128.WidenLower(Get<ushort>(fp, ip[3]))); return ip + 4;
            case Opcode.I32x4ExtmulHighI16x8U: Put(fp, ip[1], Vector128.WidenUpper(Get<ushort>(fp, ip[2])) * Vector128.WidenUpper(Get<ushort>(fp, ip[3]))); return ip + 4;

            case Opcode.I64x2Abs: Put(fp, ip[1], Abs(Get<long>(fp, ip[2]))); return ip + 3;
            case Opcode.I64x2Neg: Put(fp, ip[1], -Get<ulong>(fp, ip[2])); return ip + 3;
            case Opcode.I64x2AllTrue: *(int*)(fp + ip[1]) = AllTrue(Get<ulong>(fp, ip[2])); return ip + 3;
            case Opcode.I64x2Bitmask: *(uint*)(fp + ip[1]) = Vector128.ExtractMostSignificantBits(Get<ulong>(fp, ip[2])); return ip + 3;
            case Opcode.I64x2ExtendLowI32x4S: Put(fp, ip[1], Vector128.WidenLower(Get<int>(fp, ip[2]))); return ip + 3;
            case Opcode.I64x2ExtendHighI32x4S: Put(fp, ip[1], Vector128.WidenUpper(Get<int>(fp, ip[2]))); return ip + 3;
            case Opcode.I64x2ExtendLowI32x4U: Put(fp, ip[1], Vector128.WidenLower(Get<uint>(fp, ip[2]))); return ip + 3;
            case Opcode.I64x2ExtendHighI32x4U: Put(fp, ip[1], Vector128.WidenUpper(Get<uint>(fp, ip[2]))); return ip + 3;
            case Opcode.I64x2Shl: Put(fp, ip[1], Vector128.ShiftLeft(Get<ulong>(fp, ip[2]), *(int*)(fp + ip[3]) & 63)); return ip + 4;
            case Opcode.I64x2ShrS: Put(fp, ip[1], Vector128.ShiftRightArithmetic(Get<long>(fp, ip[2]), *(int*)(fp + ip[3]) & 63)); return ip + 4;
            case Opcode.I64x2ShrU: Put(fp, ip[1], Vector128.ShiftRightLogical(Get<ulong>(fp, ip[2]), *(int*)(fp + ip[3]) & 63)); return ip + 4;
            case Opcode.I64x2Add: Put(fp, ip[1], Get<ulong>(fp, ip[2]) + Get<ulong>(fp, ip[3])); return ip + 4;
            case Opcode.I64x2Sub: Put(fp, ip[1], Get<ulong>(fp, ip[2]) - Get<ulong>(fp, ip[3])); return ip + 4;
            case Opcode.I64x2Mul: Put(fp, ip[1], Get<ulong>(fp, ip[2]) * Get<ulong>(fp, ip[3])); return ip + 4;
            case Opcode.I64x2ExtmulLowI32x4S: Put(fp, ip[1], Vector128.WidenLower(Get<int>(fp, ip[2])) * Vector128.WidenLower(Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2ExtmulHighI32x4S: Put(fp, ip[1], Vector128.WidenUpper(Get<int>(fp, ip[2])) * Vector128.WidenUpper(Get<int>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2ExtmulLowI32x4U: Put(fp, ip[1], Vector128.WidenLower(Get<uint>(fp, ip[2])) * Vector128.WidenLower(Get<uint>(fp, ip[3]))); return ip + 4;
            case Opcode.I64x2ExtmulHighI32x4U: Put(fp, ip[1], Vector128.WidenUpper(Get<uint>(fp, ip[2])) * Vector128.WidenUpper(Get<uint>(fp, ip[3]))); return ip + 4;

            // ---- Float lanes (spec 4.3.3) ----
            case Opcode.F32x4Abs: Put(fp, ip[1], Get<uint>(fp, ip[2]) & Vector128.Create(0x7FFF_FFFFu)); return ip + 3;
            case Opcode.F32x4Neg: Put(fp, ip[1], Get<uint>(fp, ip[2]) ^ Vector128.Create(0x8000_0000u)); return ip + 3;
            case Opcode.F32x4Sqrt: Put(fp, ip[1], Vector128.Sqrt(Get<float>(fp, ip[2]))); return ip + 3;
            case Opcode.F32x4Add: Put(fp, ip[1], Get<float>(fp, ip[2]) + Get<float>(fp, ip[3])); return ip + 4;
            case Opcode.F32x4Sub: Put(fp, ip[1], Get<float>(fp, ip[2]) - Get<float>(fp, ip[3])); return ip + 4;
            case Opcode.F32x4Mul: Put(fp, ip[1], Get<float>(fp, ip[2]) * Get<float>(fp, ip[3])); return ip + 4;
            case Opcode.F32x4Div: Put(fp, ip[1], Get<float>(fp, ip[2]) / Get<float>(fp, ip[3])); return ip + 4;
            case Opcode.F32x4Min: Put(fp, ip[1], Min(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Max: Put(fp, ip[1], Max(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Pmin: Put(fp, ip[1], Pmin(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Pmax: Put(fp, ip[1], Pmax(Get<float>(fp, ip[2]), Get<float>(fp, ip[3]))); return ip + 4;
            case Opcode.F32x4Ceil: Put(fp, ip[1], Round(Get<float>(fp, ip[2]), RoundingKind.Ceil)); return ip + 3;
            case Opcode.F32x4Floor: Put(fp, ip[1], Round(Get<float>(fp, ip[2]), RoundingKind.Floor)); return ip + 3;
            case Opcode.F32x4Trunc: Put(fp, ip[1], Round(Get<float>(fp, ip[2]), RoundingKind.Trunc)); return ip + 3;
            case Opcode.F32x4Nearest: Put(fp, ip[1], Round(Get<float>(fp, ip[2]), RoundingKind.Nearest)); return ip + 3;
            case Opcode.F64x2Abs: Put(fp, ip[1], Get<ulong>(fp, ip[2]) & Vector128.Create(0x7FFF_FFFF_FFFF_FFFFul)); return ip + 3;
            case Opcode.F64x2Neg: Put(fp, ip[1], Get<ulong>(fp, ip[2]) ^ Vector128.Create(0x8000_0000_0000_0000ul)); return ip + 3;
            case Opcode.F64x2Sqrt: Put(fp, ip[1], Vector128.Sqrt(Get<double>(fp, ip[2]))); return ip + 3;
            case Opcode.F64x2Add: Put(fp, ip[1], Get<double>(fp, ip[2]) + Get<double>(fp, ip[3])); return ip + 4;
            case Opcode.F64x2Sub: Put(fp, ip[1], Get<double>(fp, ip[2]) - Get<double>(fp, ip[3])); return ip + 4;
            case Opcode.F64x2Mul: Put(fp, ip[1], Get<double>(fp, ip[2]) * Get<double>(fp, ip[3])); return ip + 4;
            case Opcode.F64x2Div: Put(fp, ip[1], Get<double>(fp, ip[2]) / Get<double>(fp, ip[3])); return ip + 4;
            case Opcode.F64x2Min: Put(fp, ip[1], Min(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Max: Put(fp, ip[1], Max(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Pmin: Put(fp, ip[1], Pmin(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Pmax: Put(fp, ip[1], Pmax(Get<double>(fp, ip[2]), Get<double>(fp, ip[3]))); return ip + 4;
            case Opcode.F64x2Ceil: Put(fp, ip[1], Round(Get<double>(fp, ip[2]), RoundingKind.Ceil)); return ip + 3;
            case Opcode.F64x2Floor: Put(fp, ip[1], Round(Get<double>(fp, ip[2]), RoundingKind.Floor)); return ip + 3;
            case Opcode.F64x2Trunc: Put(fp, ip[1], Round(Get<double>(fp, ip[2]), RoundingKind.Trunc)); return ip + 3;
            case Opcode.F64x2Nearest: Put(fp, ip[1], Round(Get<double>(fp, ip[2]), RoundingKind.Nearest)); return ip + 3;

            // ---- Conversions (spec 4.3.4) ----
            case Opcode.I32x4TruncSatF32x4S: Put(fp, ip[1], TruncSatS(Get<float>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4TruncSatF32x4U: Put(fp, ip[1], TruncSatU(Get<float>(fp, ip[2]))); return ip + 3;
            case Opcode.F32x4ConvertI32x4S: Put(fp, ip[1], Vector128.ConvertToSingle(Get<int>(fp, ip[2]))); return ip + 3;
            case Opcode.F32x4ConvertI32x4U: Put(fp, ip[1], ConvertU(Get<uint>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4TruncSatF64x2SZero: Put(fp, ip[1], TruncSatSZero(Get<double>(fp, ip[2]))); return ip + 3;
            case Opcode.I32x4TruncSatF64x2UZero: Put(fp, ip[1], TruncSatUZero(Get<double>(fp, ip[2]))); return ip + 3;
            case Opcode.F64x2ConvertLowI32x4S: Put(fp, ip[1], ConvertLowS(Get<int>(fp, ip[2]))); return ip + 3;
            case Opcode.F64x2ConvertLowI32x4U: Put(fp, ip[1], ConvertLowU(Get<uint>(fp, ip[2]))); return ip + 3;
            case Opcode.F32x4DemoteF64x2Zero: Put(fp, ip[1], DemoteZero(Get<double>(fp, ip[2]))); return ip + 3;
            case Opcode.F64x2PromoteLowF32x4: Put(fp, ip[1], PromoteLow(Get<float>(fp, ip[2]))); return ip + 3;

            default:
                throw new InvalidOperationException($"interpreter: unknown SIMD op {*ip}");
        }
    }

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Get<T>(ulong* fp, int slot) where T : unmanaged => Vector128.Load((T*)(fp + slot));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<T>(ulong* fp, int slot, Vector128<T> value) where T : unmanaged => Vector128.Store(value, (T*)(fp + slot));
}
