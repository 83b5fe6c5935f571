using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using MicroWasm.Instructions;
using static MicroWasm.Interpreter.RelaxedSimdOps;

namespace MicroWasm.Interpreter;

internal static unsafe partial class Executor
{
    /// <summary>
    /// The relaxed SIMD instructions that are not translated to a 2.0 one (<see cref="RelaxedSimd"/>): madd, nmadd and
    /// the two dot products, each [dst, a, b] or [dst, a, b, c]. Returns the next instruction.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization), SkipLocalsInit]
    private static int* SimdRelaxed(int* ip, ulong* fp)
    {
        switch ((Opcode)(0xFD0000 + (*ip - (int)Op.SimdBase)))
        {
            case Opcode.F32x4RelaxedMadd: Vector128.Store((MulAdd(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])), Vector128.Load((float*)(fp + ip[4])))).AsByte(), (byte*)(fp + ip[1])); return ip + 5;
            case Opcode.F32x4RelaxedNmadd: Vector128.Store((NegatedMulAdd(Vector128.Load((float*)(fp + ip[2])), Vector128.Load((float*)(fp + ip[3])), Vector128.Load((float*)(fp + ip[4])))).AsByte(), (byte*)(fp + ip[1])); return ip + 5;
            case Opcode.F64x2RelaxedMadd: Vector128.Store((MulAdd(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])), Vector128.Load((double*)(fp + ip[4])))).AsByte(), (byte*)(fp + ip[1])); return ip + 5;
            case Opcode.F64x2RelaxedNmadd: Vector128.Store((NegatedMulAdd(Vector128.Load((double*)(fp + ip[2])), Vector128.Load((double*)(fp + ip[3])), Vector128.Load((double*)(fp + ip[4])))).AsByte(), (byte*)(fp + ip[1])); return ip + 5;
            case Opcode.I16x8RelaxedDotI8x16I7x16S: Vector128.Store((DotI8x16(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])))).AsByte(), (byte*)(fp + ip[1])); return ip + 4;
            case Opcode.I32x4RelaxedDotI8x16I7x16AddS: Vector128.Store((DotI8x16Add(Vector128.Load((short*)(fp + ip[2])), Vector128.Load((short*)(fp + ip[3])), Vector128.Load((int*)(fp + ip[4])))).AsByte(), (byte*)(fp + ip[1])); return ip + 5;
            default:
                return UnknownSimdOp(*ip);
        }
    }
}
