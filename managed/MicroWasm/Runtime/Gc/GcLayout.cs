namespace MicroWasm.Runtime;

/// <summary>Where each field of a struct type lives in a <see cref="StructInstance"/>: a number slot (two for v128) or a reference.</summary>
internal sealed class GcLayout
{
    public readonly record struct Field(FieldType Type, bool IsReference, int Slot);

    private GcLayout(StructType type)
    {
        Fields = new Field[type.Fields.Length];
        for (int i = 0; i < Fields.Length; i++)
        {
            var field = type.Fields[i];
            if (IsReference(field)) Fields[i] = new Field(field, true, ReferenceCount++);
            else
            {
                Fields[i] = new Field(field, false, NumberSlots);
                NumberSlots += field.Storage == ValueType.V128 ? 2 : 1;
            }
        }
    }

    public Field[] Fields { get; }
    public int NumberSlots { get; }
    public int ReferenceCount { get; }

    public static bool IsReference(FieldType field) => !field.IsPacked && field.Storage.IsReference();

    /// <summary>Bytes per element of a numeric array.</summary>
    public static int ElementSize(FieldType field) => field.Storage switch
    {
        ValueType.I8 => 1,
        ValueType.I16 => 2,
        ValueType.I32 or ValueType.F32 => 4,
        ValueType.V128 => 16,
        _ => 8,
    };

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DefinedType, GcLayout> Layouts = [];

    /// <summary>The layout of a struct type, made once per canonical type.</summary>
    public static GcLayout Of(DefinedType type) => Layouts.GetValue(type, static t => new GcLayout((StructType)t.Composite));
}
