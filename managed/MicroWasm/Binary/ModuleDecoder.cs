namespace MicroWasm.Binary;

/// <summary>
/// Decodes the binary format (spec 5) into a <see cref="Module"/>. Anything that is not a module
/// throws <see cref="MalformedModuleException"/> with the reference interpreter's message; whether
/// the module is valid is <c>Validation.ModuleValidator</c>'s question.
/// </summary>
/// <remarks>
/// Code, data and constant expressions are slices of the input, not copies: the caller must not
/// change the bytes while the module is in use. Every function body is decoded once here, so that a
/// malformed instruction is reported as malformed before validation starts.
/// </remarks>
public static class ModuleDecoder
{
    private const uint Magic = 0x6D736100; // "\0asm"
    private const uint Version = 1;

    /// <summary>The order of the non-custom sections (spec 5.5.2): the data count section comes before the code.</summary>
    private static readonly SectionId[] SectionOrder =
    [
        SectionId.Type, SectionId.Import, SectionId.Function, SectionId.Table, SectionId.Memory, SectionId.Tag,
        SectionId.Global, SectionId.Export, SectionId.Start, SectionId.Element, SectionId.DataCount,
        SectionId.Code, SectionId.Data,
    ];

    public static Module Decode(ReadOnlyMemory<byte> bytes) => Decode(bytes, WasmFeatures.All);

    /// <summary>Decodes with only the proposals <paramref name="features"/> enables; the others' encodings are malformed.</summary>
    public static Module Decode(ReadOnlyMemory<byte> bytes, WasmFeatures features) => new Decoding(bytes, features).Run();

    /// <summary>The state of one decoding: the input and what the sections produced so far.</summary>
    private sealed class Decoding(ReadOnlyMemory<byte> bytes, WasmFeatures features)
    {
        private readonly ExpressionDecoder _expressions = new(features);
        private readonly List<CustomSection> _customSections = [];
        private FuncType[] _types = [];
        private SubType[] _typeDefinitions = [];
        private RecGroup[] _recGroups = [];
        private Import[] _imports = [];
        private int[] _functions = [];
        private TableType[] _tables = [];
        private ConstantExpression?[] _tableInitializers = [];
        private MemoryType[] _memories = [];
        private GlobalDefinition[] _globals = [];
        private int[] _tags = [];
        private Export[] _exports = [];
        private int? _start;
        private ElementSegment[] _elements = [];
        private uint? _dataCount;
        private FunctionBody[] _codes = [];
        private DataSegment[] _data = [];
        private bool _codeUsesDataIndices;
        private string? _moduleName;
        private Dictionary<int, string>? _functionNames;

        public Module Run()
        {
            var r = new ByteReader(bytes.Span) { TypedReferences = features.FunctionReferences };

            // Spec 5.5.16: the preamble.
            if (r.ReadFixedU32() != Magic)
                throw new MalformedModuleException("magic header not detected", 0);
            if (r.ReadFixedU32() != Version)
                throw new MalformedModuleException("unknown binary version", 4);

            // Each section may appear at most once and in order, with custom sections anywhere. A
            // section out of order or repeated is therefore left unread and found as content after
            // the last section, which is how the reference interpreter reports it.
            ReadCustomSections(ref r);
            foreach (var id in SectionOrder)
            {
                if (PeekSectionId(ref r) == (int)id)
                {
                    r.ReadByte();
                    ReadSized(ref r, id);
                }
                ReadCustomSections(ref r);
            }
            if (!r.AtEnd)
                throw new MalformedModuleException("unexpected content after last section", r.Position);

            if (_functions.Length != _codes.Length)
                throw new MalformedModuleException("function and code section have inconsistent lengths", r.Length);
            if (_dataCount is { } count && count != (uint)_data.Length)
                throw new MalformedModuleException("data count and data section have inconsistent lengths", r.Length);
            if (_dataCount is null && _codeUsesDataIndices)
                throw new MalformedModuleException("data count section required", r.Length);

            return new Module
            {
                Types = _types,
                TypeDefinitions = _typeDefinitions,
                RecGroups = _recGroups,
                Imports = _imports,
                FunctionTypeIndices = _functions,
                Tables = _tables,
                TableInitializers = _tableInitializers,
                Memories = _memories,
                Globals = _globals,
                TagTypeIndices = _tags,
                Exports = _exports,
                StartFunctionIndex = _start,
                Elements = _elements,
                DataCount = _dataCount,
                Codes = _codes,
                Data = _data,
                CustomSections = [.. _customSections],
                Name = _moduleName,
                FunctionNames = _functionNames ?? new Dictionary<int, string>(),
            };
        }

        /// <summary>The id of the next section, or -1 at the end of the module.</summary>
        private int PeekSectionId(ref ByteReader r)
        {
            int id = r.Peek();
            if (id > (int)SectionId.DataCount && !(id == (int)SectionId.Tag && features.ExceptionHandling))
                throw new MalformedModuleException("malformed section id", r.Position);
            return id;
        }

        private void ReadCustomSections(ref ByteReader r)
        {
            while (PeekSectionId(ref r) == (int)SectionId.Custom)
            {
                r.ReadByte();
                ReadSized(ref r, SectionId.Custom);
            }
        }

        /// <summary>A section's size, its contents, and the check that the contents used exactly that size (spec 5.5.2).</summary>
        private void ReadSized(ref ByteReader r, SectionId id)
        {
            int size = r.ReadLength();
            int start = r.Position;
            switch (id)
            {
                case SectionId.Custom: ReadCustomSection(ref r, size); break;
                case SectionId.Type: ReadTypeSection(ref r); break;
                case SectionId.Import: ReadImportSection(ref r); break;
                case SectionId.Function: ReadFunctionSection(ref r); break;
                case SectionId.Table: ReadTableSection(ref r); break;
                case SectionId.Memory: ReadMemorySection(ref r); break;
                case SectionId.Tag: ReadTagSection(ref r); break;
                case SectionId.Global: ReadGlobalSection(ref r); break;
                case SectionId.Export: ReadExportSection(ref r); break;
                case SectionId.Start: _start = r.ReadIndex(); break;
                case SectionId.Element: ReadElementSection(ref r); break;
                case SectionId.DataCount: _dataCount = r.ReadU32(); break;
                case SectionId.Code: ReadCodeSection(ref r); break;
                case SectionId.Data: ReadDataSection(ref r); break;
            }
            RequireSize(ref r, start, size);
        }

        private static void RequireSize(ref ByteReader r, int start, int size)
        {
            if (r.Position != start + size)
                throw new MalformedModuleException("section size mismatch", start);
        }

        // Spec 5.5.3. The contents are what follows the name within the section's size.
        private void ReadCustomSection(ref ByteReader r, int size)
        {
            int start = r.Position;
            string name = r.ReadName();
            int contentStart = r.Position;
            r.Advance(size - (contentStart - start));
            var contents = bytes[contentStart..r.Position];
            _customSections.Add(new CustomSection(name, contents));
            if (name == "name" && NameSection.TryRead(contents.Span, out var moduleName, out var functionNames))
            {
                _moduleName = moduleName;
                _functionNames = functionNames;
            }
        }

        // Spec 5.5.4: a vector of recursive groups; a group without 0x4E is a group of one (WebAssembly 3.0).
        private void ReadTypeSection(ref ByteReader r)
        {
            int groupCount = r.ReadLength();
            var definitions = new List<SubType>(groupCount);
            var groups = new RecGroup[groupCount];
            for (int g = 0; g < groupCount; g++)
            {
                int start = definitions.Count;
                if (features.Gc && r.Peek() == 0x4E)
                {
                    r.ReadByte();
                    int count = r.ReadLength();
                    for (int i = 0; i < count; i++) definitions.Add(ReadSubType(ref r));
                }
                else definitions.Add(ReadSubType(ref r));
                groups[g] = new RecGroup(start, definitions.Count - start);
            }
            _typeDefinitions = [.. definitions];
            _recGroups = groups;
            // A loop, not a lambda: modules are decoded on many threads at once (see Module.CountImports).
            _types = new FuncType[_typeDefinitions.Length];
            for (int i = 0; i < _types.Length; i++) _types[i] = _typeDefinitions[i].Composite as FuncType ?? FuncType.Empty;
        }

        // sub (0x50) and sub final (0x4F) carry supertypes; a bare composite type is final without them.
        private SubType ReadSubType(ref ByteReader r)
        {
            if (!features.Gc || r.Peek() is not (0x50 or 0x4F)) return SubType.Final(ReadCompositeType(ref r));
            bool isFinal = r.ReadByte() == 0x4F;
            var supertypes = new int[r.ReadLength()];
            for (int i = 0; i < supertypes.Length; i++) supertypes[i] = r.ReadIndex();
            return new SubType(ReadCompositeType(ref r), isFinal, supertypes);
        }

        private CompositeType ReadCompositeType(ref ByteReader r)
        {
            int at = r.Position;
            // 0x60 is -0x20 as a one-byte signed LEB128 number; a continuation bit makes it too long.
            byte form = r.ReadByte();
            switch (form)
            {
                case 0x60:
                    var parameters = ReadResultType(ref r);
                    var results = ReadResultType(ref r);
                    return parameters.Length == 0 && results.Length == 0 ? FuncType.Empty : new FuncType(parameters, results);
                case 0x5F when features.Gc:
                    var fields = new FieldType[r.ReadLength()];
                    for (int i = 0; i < fields.Length; i++) fields[i] = ReadFieldType(ref r);
                    return new StructType(fields);
                case 0x5E when features.Gc:
                    return new ArrayType(ReadFieldType(ref r));
                default:
                    throw new MalformedModuleException(form >= 0x80 ? "integer representation too long" : "malformed function type", at);
            }
        }

        private static FieldType ReadFieldType(ref ByteReader r)
        {
            var storage = r.Peek() is 0x78 or 0x77 ? (ValueType)r.ReadByte() : r.ReadValueType();
            int at = r.Position;
            byte mutability = r.ReadByte();
            if (mutability > 1) throw new MalformedModuleException("malformed mutability", at);
            return new FieldType(storage, mutability == 1);
        }

        private static ValueType[] ReadResultType(ref ByteReader r)
        {
            int n = r.ReadLength();
            if (n == 0) return [];
            var types = new ValueType[n];
            for (int i = 0; i < n; i++)
                types[i] = r.ReadValueType();
            return types;
        }

        // Spec 5.5.5.
        private void ReadImportSection(ref ByteReader r)
        {
            var imports = new Import[r.ReadLength()];
            for (int i = 0; i < imports.Length; i++)
            {
                string module = r.ReadName();
                string name = r.ReadName();
                int at = r.Position;
                imports[i] = r.ReadByte() switch
                {
                    0x00 => new Import(module, name, ExternalKind.Function) { FunctionTypeIndex = r.ReadIndex() },
                    0x01 => new Import(module, name, ExternalKind.Table) { Table = ReadTableType(ref r) },
                    0x02 => new Import(module, name, ExternalKind.Memory) { Memory = ReadMemoryType(ref r) },
                    0x03 => new Import(module, name, ExternalKind.Global) { Global = ReadGlobalType(ref r) },
                    0x04 when features.ExceptionHandling => new Import(module, name, ExternalKind.Tag) { TagTypeIndex = ReadTagType(ref r) },
                    _ => throw new MalformedModuleException("malformed import kind", at),
                };
            }
            _imports = imports;
        }

        private MemoryType ReadMemoryType(ref ByteReader r)
        {
            if (!features.Memory64) return new MemoryType(r.ReadLimits(features.Threads, out bool shared32), shared32);
            var limits = r.ReadLimits64(features.Threads, out bool shared, out var addressType);
            return new MemoryType(limits, shared, addressType);
        }

        private TableType ReadTableType(ref ByteReader r)
        {
            var elementType = r.ReadReferenceType();
            if (!features.Memory64) return new TableType(elementType, r.ReadLimits());
            var limits = r.ReadLimits64(allowShared: false, out _, out var addressType);
            return new TableType(elementType, limits, addressType);
        }

        private static GlobalType ReadGlobalType(ref ByteReader r)
        {
            var type = r.ReadValueType();
            int at = r.Position;
            return r.ReadByte() switch
            {
                0 => new GlobalType(type, false),
                1 => new GlobalType(type, true),
                _ => throw new MalformedModuleException("malformed mutability", at),
            };
        }

        // Spec 5.5.6.
        private void ReadFunctionSection(ref ByteReader r)
        {
            var functions = new int[r.ReadLength()];
            for (int i = 0; i < functions.Length; i++)
                functions[i] = r.ReadIndex();
            _functions = functions;
        }

        // Spec 5.5.7.
        private void ReadTableSection(ref ByteReader r)
        {
            var tables = new TableType[r.ReadLength()];
            ConstantExpression?[]? initializers = null;
            for (int i = 0; i < tables.Length; i++)
            {
                // 3.0: 0x40 0x00 starts a table with an initializer expression (typed function references).
                if (features.FunctionReferences && r.Peek() == 0x40)
                {
                    r.ReadByte();
                    int at = r.Position;
                    if (r.ReadByte() != 0x00) throw new MalformedModuleException("malformed table", at);
                    tables[i] = ReadTableType(ref r);
                    (initializers ??= new ConstantExpression?[tables.Length])[i] = ReadConstantExpression(ref r);
                }
                else tables[i] = ReadTableType(ref r);
            }
            _tables = tables;
            _tableInitializers = initializers ?? [];
        }

        // Spec 5.5.8.
        private void ReadMemorySection(ref ByteReader r)
        {
            var memories = new MemoryType[r.ReadLength()];
            for (int i = 0; i < memories.Length; i++)
                memories[i] = ReadMemoryType(ref r);
            _memories = memories;
        }

        // WebAssembly 3.0 (5.5.10): a tag type is an attribute byte, 0 (exception), and a type index.
        private static int ReadTagType(ref ByteReader r)
        {
            int at = r.Position;
            if (r.ReadByte() != 0x00)
                throw new MalformedModuleException("malformed tag attribute", at);
            return r.ReadIndex();
        }

        private void ReadTagSection(ref ByteReader r)
        {
            var tags = new int[r.ReadLength()];
            for (int i = 0; i < tags.Length; i++)
                tags[i] = ReadTagType(ref r);
            _tags = tags;
        }

        // Spec 5.5.9.
        private void ReadGlobalSection(ref ByteReader r)
        {
            var globals = new GlobalDefinition[r.ReadLength()];
            for (int i = 0; i < globals.Length; i++)
            {
                var type = ReadGlobalType(ref r);
                globals[i] = new GlobalDefinition(type, ReadConstantExpression(ref r));
            }
            _globals = globals;
        }

        private ConstantExpression ReadConstantExpression(ref ByteReader r)
        {
            int start = r.Position;
            _expressions.Decode(ref r);
            return new ConstantExpression(bytes[start..r.Position], start);
        }

        // Spec 5.5.10.
        private void ReadExportSection(ref ByteReader r)
        {
            var exports = new Export[r.ReadLength()];
            for (int i = 0; i < exports.Length; i++)
            {
                string name = r.ReadName();
                int at = r.Position;
                byte kind = r.ReadByte();
                if (kind > (byte)(features.ExceptionHandling ? ExternalKind.Tag : ExternalKind.Global))
                    throw new MalformedModuleException("malformed export kind", at);
                exports[i] = new Export(name, (ExternalKind)kind, r.ReadIndex());
            }
            _exports = exports;
        }

        // Spec 5.5.12: eight encodings, told apart by a flags value. Bit 0: passive or declarative
        // (else active); bit 1: declarative (if bit 0) or an explicit table index (if active);
        // bit 2: the items are expressions rather than function indices.
        private void ReadElementSection(ref ByteReader r)
        {
            var elements = new ElementSegment[r.ReadLength()];
            for (int i = 0; i < elements.Length; i++)
            {
                int at = r.Position;
                uint flags = r.ReadU32();
                if (flags > 7)
                    throw new MalformedModuleException("malformed elements segment kind", at);
                var mode = (flags & 1) == 0 ? SegmentMode.Active
                    : (flags & 2) == 0 ? SegmentMode.Passive : SegmentMode.Declarative;
                int tableIndex = 0;
                ConstantExpression? offset = null;
                if (mode == SegmentMode.Active)
                {
                    if ((flags & 2) != 0) tableIndex = r.ReadIndex();
                    offset = ReadConstantExpression(ref r);
                }
                bool usesExpressions = (flags & 4) != 0;
                // The compact forms 0 and 4 imply funcref; the others state the element kind (with
                // function indices: 0x00 for funcref) or the reference type (with expressions). In 3.0 function
                // indices are (ref func), as ref.func is never null.
                var elementType = usesExpressions || !features.FunctionReferences ? ValueType.FuncRef : ReferenceTypes.Reference(HeapType.Func, nullable: false);
                if ((flags & 3) != 0)
                {
                    if (usesExpressions)
                        elementType = r.ReadReferenceType();
                    else
                    {
                        int kindAt = r.Position;
                        if (r.ReadByte() != 0x00)
                            throw new MalformedModuleException("malformed element kind", kindAt);
                    }
                }

                var segment = new ElementSegment
                {
                    Mode = mode,
                    ElementType = elementType,
                    TableIndex = tableIndex,
                    Offset = offset,
                    FunctionIndices = usesExpressions ? null : ReadFunctionIndices(ref r),
                    Expressions = usesExpressions ? ReadConstantExpressions(ref r) : null,
                };
                elements[i] = segment;
            }
            _elements = elements;
        }

        private static int[] ReadFunctionIndices(ref ByteReader r)
        {
            var indices = new int[r.ReadLength()];
            for (int i = 0; i < indices.Length; i++)
                indices[i] = r.ReadIndex();
            return indices;
        }

        private ConstantExpression[] ReadConstantExpressions(ref ByteReader r)
        {
            var expressions = new ConstantExpression[r.ReadLength()];
            for (int i = 0; i < expressions.Length; i++)
                expressions[i] = ReadConstantExpression(ref r);
            return expressions;
        }

        // Spec 5.5.13: each entry is sized like a section; locals come as runs of one type.
        private void ReadCodeSection(ref ByteReader r)
        {
            var codes = new FunctionBody[r.ReadLength()];
            for (int i = 0; i < codes.Length; i++)
            {
                int size = r.ReadLength();
                int start = r.Position;
                var locals = ReadLocals(ref r);
                int codeStart = r.Position;
                if (_expressions.Decode(ref r))
                    _codeUsesDataIndices = true;
                RequireSize(ref r, start, size);
                codes[i] = new FunctionBody(locals, bytes[codeStart..r.Position], codeStart) { LegacyTryCount = _expressions.LegacyTryCount };
            }
            _codes = codes;
        }

        private static LocalDeclaration[] ReadLocals(ref ByteReader r)
        {
            int at = r.Position;
            int runs = r.ReadLength();
            if (runs == 0) return [];
            var locals = new LocalDeclaration[runs];
            ulong total = 0;
            for (int i = 0; i < runs; i++)
            {
                uint count = r.ReadU32();
                locals[i] = new LocalDeclaration(count, r.ReadValueType());
                total += count;
            }
            // Spec 5.5.13: the total number of locals must be representable as a u32.
            if (total > uint.MaxValue)
                throw new MalformedModuleException("too many locals", at);
            return locals;
        }

        // Spec 5.5.14: flags 0 (active, memory 0), 1 (passive), 2 (active, explicit memory).
        private void ReadDataSection(ref ByteReader r)
        {
            var data = new DataSegment[r.ReadLength()];
            for (int i = 0; i < data.Length; i++)
            {
                int at = r.Position;
                uint flags = r.ReadU32();
                if (flags > 2)
                    throw new MalformedModuleException("malformed data segment kind", at);
                int memoryIndex = flags == 2 ? r.ReadIndex() : 0;
                ConstantExpression? offset = flags == 1 ? null : ReadConstantExpression(ref r);
                int length = r.ReadLength();
                int start = r.Position;
                r.Advance(length);
                data[i] = new DataSegment
                {
                    Mode = flags == 1 ? SegmentMode.Passive : SegmentMode.Active,
                    MemoryIndex = memoryIndex,
                    Offset = offset,
                    Data = bytes[start..(start + length)],
                };
            }
            _data = data;
        }
    }
}
