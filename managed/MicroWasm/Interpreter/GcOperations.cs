using System.Runtime.CompilerServices;
using MicroWasm.Runtime;

namespace MicroWasm.Interpreter;

/// <summary>
/// Runs the GC instructions (<see cref="Op.Gc"/>, operands as <see cref="GcOp"/> says) on a frame's slots: objects are
/// .NET objects (<see cref="StructInstance"/>, <see cref="ArrayInstance"/>), slots hold their handles
/// (<see cref="ReferenceSlots"/>). Outside the main loop, so the loop's code and speed stay as they were.
/// </summary>
internal static unsafe class GcOperations
{
    /// <summary>Words an <see cref="Op.Gc"/> takes: the op, the kind and six operands.</summary>
    public const int Length = 8;

    /// <summary>What <see cref="Run"/> returns when the instruction completed.</summary>
    public const int Completed = -1;

    /// <summary>Runs the instruction at <paramref name="ip"/>; returns <see cref="Completed"/> or the <see cref="TrapKind"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Run(ExecutionContext ctx, ModuleInstance inst, ulong* fp, int* ip)
    {
        var store = inst.Store;
        int* o = ip + 2;
        switch ((GcOp)ip[1])
        {
            case GcOp.StructNew:
            {
                var type = inst.CanonicalTypes[o[1]];
                var s = new StructInstance(type, GcLayout.Of(type));
                ulong* field = fp + o[2];
                foreach (var f in s.Layout.Fields)
                {
                    WriteField(s, f, field, store);
                    field += f.Type.Storage == ValueType.V128 ? 2 : 1;
                }
                fp[o[0]] = ctx.GcHandles.Add(s);
                return Completed;
            }
            case GcOp.StructNewDefault:
            {
                var type = inst.CanonicalTypes[o[1]];
                fp[o[0]] = ctx.GcHandles.Add(new StructInstance(type, GcLayout.Of(type)));
                return Completed;
            }
            case GcOp.StructGet or GcOp.StructGetS or GcOp.StructGetU:
            {
                if (store.FromHandle(fp[o[1]]) is not StructInstance s) return (int)TrapKind.NullStructReference;
                var f = s.Layout.Fields[o[3]];
                if (f.IsReference) fp[o[0]] = ReferenceSlots.ToSlot(ctx, store, s.References[f.Slot]);
                else
                {
                    ulong bits = s.Numbers[f.Slot];
                    fp[o[0]] = Extend(bits, f.Type.Storage, signed: (GcOp)ip[1] == GcOp.StructGetS);
                    if (f.Type.Storage == ValueType.V128) fp[o[0] + 1] = s.Numbers[f.Slot + 1];
                }
                return Completed;
            }
            case GcOp.StructSet:
            {
                if (store.FromHandle(fp[o[0]]) is not StructInstance s) return (int)TrapKind.NullStructReference;
                WriteField(s, s.Layout.Fields[o[3]], fp + o[1], store);
                return Completed;
            }
            case GcOp.ArrayNew or GcOp.ArrayNewDefault:
            {
                bool withValue = (GcOp)ip[1] == GcOp.ArrayNew;
                uint length = *(uint*)(fp + o[withValue ? 3 : 2]);
                if (NewArray(inst, o[1], length) is not { } array) return (int)TrapKind.ArrayTooLarge;
                if (withValue) Fill(array, 0, length, fp + o[2], store);
                fp[o[0]] = ctx.GcHandles.Add(array);
                return Completed;
            }
            case GcOp.ArrayNewFixed:
            {
                uint count = (uint)o[3];
                if (NewArray(inst, o[1], count) is not { } array) return (int)TrapKind.ArrayTooLarge;
                int width = array.Element.Storage == ValueType.V128 ? 2 : 1;
                for (uint i = 0; i < count; i++) WriteElement(array, i, fp + o[2] + i * width, store);
                fp[o[0]] = ctx.GcHandles.Add(array);
                return Completed;
            }
            case GcOp.ArrayNewData or GcOp.ArrayNewElem:
            {
                uint offset = *(uint*)(fp + o[3]), length = *(uint*)(fp + o[4]);
                bool fromData = (GcOp)ip[1] == GcOp.ArrayNewData;
                // The segment's bounds are checked first: past them is a trap even for a length no array could have.
                var element = ((ArrayType)inst.CanonicalTypes[o[1]].Composite).Element;
                if (!SegmentHolds(inst, fromData, o[2], offset, length, element))
                    return (int)(fromData ? TrapKind.OutOfBoundsMemoryAccess : TrapKind.OutOfBoundsTableAccess);
                if (NewArray(inst, o[1], length) is not { } array) return (int)TrapKind.ArrayTooLarge;
                if (fromData) CopyData(inst, o[2], array, 0, offset, length);
                else CopyElements(inst, o[2], array, 0, offset, length);
                fp[o[0]] = ctx.GcHandles.Add(array);
                return Completed;
            }
            case GcOp.ArrayGet or GcOp.ArrayGetS or GcOp.ArrayGetU:
            {
                if (store.FromHandle(fp[o[1]]) is not ArrayInstance array) return (int)TrapKind.NullArrayReference;
                uint index = *(uint*)(fp + o[2]);
                if (index >= (uint)array.Length) return (int)TrapKind.OutOfBoundsArrayAccess;
                if (GcLayout.IsReference(array.Element)) fp[o[0]] = ReferenceSlots.ToSlot(ctx, store, array.References[index]);
                else
                {
                    var (low, high) = GcArrays.ReadElement(array, index);
                    fp[o[0]] = Extend(low, array.Element.Storage, signed: (GcOp)ip[1] == GcOp.ArrayGetS);
                    if (array.Element.Storage == ValueType.V128) fp[o[0] + 1] = high;
                }
                return Completed;
            }
            case GcOp.ArraySet:
            {
                if (store.FromHandle(fp[o[0]]) is not ArrayInstance array) return (int)TrapKind.NullArrayReference;
                uint index = *(uint*)(fp + o[1]);
                if (index >= (uint)array.Length) return (int)TrapKind.OutOfBoundsArrayAccess;
                WriteElement(array, index, fp + o[2], store);
                return Completed;
            }
            case GcOp.ArrayLen:
            {
                if (store.FromHandle(fp[o[1]]) is not ArrayInstance array) return (int)TrapKind.NullArrayReference;
                fp[o[0]] = (uint)array.Length;
                return Completed;
            }
            case GcOp.ArrayFill:
            {
                if (store.FromHandle(fp[o[0]]) is not ArrayInstance array) return (int)TrapKind.NullArrayReference;
                uint offset = *(uint*)(fp + o[1]), length = *(uint*)(fp + o[3]);
                if ((ulong)offset + length > (ulong)array.Length) return (int)TrapKind.OutOfBoundsArrayAccess;
                Fill(array, offset, length, fp + o[2], store);
                return Completed;
            }
            case GcOp.ArrayCopy:
            {
                if (store.FromHandle(fp[o[0]]) is not ArrayInstance destination || store.FromHandle(fp[o[2]]) is not ArrayInstance source)
                    return (int)TrapKind.NullArrayReference;
                uint d = *(uint*)(fp + o[1]), s = *(uint*)(fp + o[3]), n = *(uint*)(fp + o[4]);
                if ((ulong)d + n > (ulong)destination.Length || (ulong)s + n > (ulong)source.Length) return (int)TrapKind.OutOfBoundsArrayAccess;
                if (GcLayout.IsReference(destination.Element)) Array.Copy(source.References, s, destination.References, d, n);
                else
                {
                    int size = GcLayout.ElementSize(destination.Element);
                    Buffer.BlockCopy(source.Data, (int)(s * size), destination.Data, (int)(d * size), (int)(n * size));
                }
                return Completed;
            }
            case GcOp.ArrayInitData or GcOp.ArrayInitElem:
            {
                if (store.FromHandle(fp[o[0]]) is not ArrayInstance array) return (int)TrapKind.NullArrayReference;
                uint d = *(uint*)(fp + o[1]), s = *(uint*)(fp + o[2]), n = *(uint*)(fp + o[3]);
                if ((ulong)d + n > (ulong)array.Length) return (int)TrapKind.OutOfBoundsArrayAccess;
                bool copied = (GcOp)ip[1] == GcOp.ArrayInitData
                    ? CopyData(inst, o[5], array, d, s, n)
                    : CopyElements(inst, o[5], array, d, s, n);
                return copied ? Completed : (int)((GcOp)ip[1] == GcOp.ArrayInitData ? TrapKind.OutOfBoundsMemoryAccess : TrapKind.OutOfBoundsTableAccess);
            }
            case GcOp.RefTest:
                fp[o[0]] = IsOfType(inst, store, fp[o[1]], o[2], o[3] != 0) ? 1UL : 0UL;
                return Completed;
            case GcOp.RefCast:
                return IsOfType(inst, store, fp[o[0]], o[1], o[2] != 0) ? Completed : (int)TrapKind.CastFailure;
            case GcOp.RefI31:
                fp[o[0]] = ReferenceSlots.I31Slot(*(int*)(fp + o[1]));
                return Completed;
            case GcOp.I31GetS or GcOp.I31GetU:
            {
                ulong slot = fp[o[1]];
                if (slot == 0) return (int)TrapKind.NullI31Reference;
                fp[o[0]] = (uint)((GcOp)ip[1] == GcOp.I31GetS ? ReferenceSlots.I31Signed(slot) : ReferenceSlots.I31Unsigned(slot));
                return Completed;
            }
            case GcOp.RefEq:
                fp[o[0]] = ReferenceSlots.AreEqual(store, fp[o[1]], fp[o[2]]) ? 1UL : 0UL;
                return Completed;
            default:
                throw new InvalidOperationException($"unknown GC op {ip[1]}");
        }
    }

    private static bool IsOfType(ModuleInstance inst, Store store, ulong slot, int heap, bool nullable)
    {
        if (slot == 0) return nullable;
        return store.FromHandle(slot) is { } reference && GcCasts.IsInstanceOf(reference, (HeapType)heap, inst.Module.CanonicalTypes);
    }

    private static ArrayInstance? NewArray(ModuleInstance inst, int typeIndex, uint length) =>
        ArrayInstance.Allocate(inst.CanonicalTypes[typeIndex], length, inst.Store.Options);

    /// <summary>A packed value read for get_s (sign-extended) or get_u and get (zero-extended); other values as they are.</summary>
    private static ulong Extend(ulong bits, ValueType storage, bool signed) => storage switch
    {
        ValueType.I8 => signed ? (uint)(sbyte)bits : (byte)bits,
        ValueType.I16 => signed ? (uint)(short)bits : (ushort)bits,
        _ => bits,
    };

    private static void WriteField(StructInstance s, GcLayout.Field f, ulong* value, Store store)
    {
        if (f.IsReference)
        {
            s.References[f.Slot] = store.FromHandle(*value);
            return;
        }
        s.Numbers[f.Slot] = f.Type.Storage switch
        {
            ValueType.I8 => (byte)*value,
            ValueType.I16 => (ushort)*value,
            ValueType.I32 or ValueType.F32 => (uint)*value,
            _ => *value,
        };
        if (f.Type.Storage == ValueType.V128) s.Numbers[f.Slot + 1] = value[1];
    }

    private static void WriteElement(ArrayInstance array, uint index, ulong* value, Store store)
    {
        if (GcLayout.IsReference(array.Element)) array.References[index] = store.FromHandle(*value);
        else GcArrays.WriteElement(array, index, value[0], array.Element.Storage == ValueType.V128 ? value[1] : 0);
    }

    private static void Fill(ArrayInstance array, uint offset, uint length, ulong* value, Store store)
    {
        if (GcLayout.IsReference(array.Element))
        {
            Array.Fill(array.References, store.FromHandle(*value), (int)offset, (int)length);
            return;
        }
        for (uint i = offset; i < offset + length; i++) GcArrays.WriteElement(array, i, value[0], array.Element.Storage == ValueType.V128 ? value[1] : 0);
    }

    private static bool SegmentHolds(ModuleInstance inst, bool data, int segment, uint offset, uint length, FieldType element) => data
        ? (ulong)offset + (ulong)length * (ulong)GcLayout.ElementSize(element) <= (ulong)inst.DataSegments[segment].Length
        : (ulong)offset + length <= (ulong)inst.ElementSegments[segment].Length;

    // array.new_data / array.init_data: bytes of a (not dropped) data segment, as the elements' little-endian bytes.
    private static bool CopyData(ModuleInstance inst, int dataIndex, ArrayInstance array, uint d, uint s, uint n)
    {
        var data = inst.DataSegments[dataIndex].Span;
        int size = GcLayout.ElementSize(array.Element);
        ulong bytes = (ulong)n * (ulong)size;
        if ((ulong)s + bytes > (ulong)data.Length) return false;
        data.Slice((int)s, (int)bytes).CopyTo(array.Data.AsSpan((int)(d * size)));
        return true;
    }

    // array.new_elem / array.init_elem: references of a (not dropped) element segment.
    private static bool CopyElements(ModuleInstance inst, int elementIndex, ArrayInstance array, uint d, uint s, uint n)
    {
        var segment = inst.ElementSegments[elementIndex];
        if ((ulong)s + n > (ulong)segment.Length) return false;
        Array.Copy(segment, s, array.References, d, n);
        return true;
    }
}
