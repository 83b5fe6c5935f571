using System.Reflection;
using System.Runtime.CompilerServices;
using MicroWasm.Native.Interop;

namespace MicroWasm.HeaderGen;

/// <summary>The C spelling of C# types in the export declarations.</summary>
internal static class CTypes
{
    public static string Of(Type type, ICustomAttributeProvider? provider)
    {
        if (provider?.GetCustomAttributes(typeof(CTypeAttribute), false) is [CTypeAttribute explicitType, ..]) return explicitType.Type;
        return Of(type);
    }

    public static string Of(Type type)
    {
        if (type.IsPointer)
        {
            string element = Of(type.GetElementType()!);
            return element.EndsWith('*') ? element + "*" : element + " *";
        }
        if (type.GetCustomAttribute<CHandleAttribute>() is { } handle) return handle.Name;
        if (type.GetCustomAttribute<CStructAttribute>() is { Inline: false } s) return s.Name;
        if (type.IsEnum && type.GetCustomAttribute<CEnumAttribute>() is { } e) return e.Name;
        if (type == typeof(void)) return "void";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(byte)) return "uint8_t";
        if (type == typeof(sbyte)) return "int8_t";
        if (type == typeof(short)) return "int16_t";
        if (type == typeof(ushort)) return "uint16_t";
        if (type == typeof(int)) return "int32_t";
        if (type == typeof(uint)) return "uint32_t";
        if (type == typeof(long)) return "int64_t";
        if (type == typeof(ulong)) return "uint64_t";
        if (type == typeof(float)) return "float";
        if (type == typeof(double)) return "double";
        if (type == typeof(nint)) return "intptr_t";
        if (type == typeof(nuint)) return "uintptr_t";
        throw new InvalidOperationException($"no C type for {type}: give it a [CType]");
    }

    /// <summary>"type name", with C's spellings for pointers ("char *name"), arrays ("T name[]") and function pointers.</summary>
    public static string Declare(string type, string name)
    {
        if (type.Contains("(*")) return type; // a function pointer names itself
        if (type.EndsWith("[]")) return $"{Declare(type[..^2].TrimEnd(), name)}[]";
        return type.EndsWith('*') ? type + name : $"{type} {name}";
    }

    public static (Type Element, int Length)? FixedBuffer(FieldInfo field) =>
        field.GetCustomAttribute<FixedBufferAttribute>() is { } fixedBuffer ? (fixedBuffer.ElementType, fixedBuffer.Length) : null;
}
