using MicroWasm.Instructions;

namespace MicroWasm.Interpreter;

/// <summary>
/// The interpreter's internal instructions. Code is a sequence of 32-bit words: the op, then its operands.
/// Operands named a, b, dst, cond, addr, value are frame-slot indices (64-bit slots relative to the frame
/// pointer; a v128 will take two); imm is an immediate; rel is a branch displacement in words, relative
/// to the first word of the branching instruction. Loads are [dst, addr, offset, addend] and stores
/// [addr, value, offset, addend], accessing (u32)(addr + addend) + offset: the addend is a folded i32.add
/// of a constant, which wraps at 32 bits, unlike the offset (spec 4.4.7.1); numeric operators are [dst, a] or [dst, a, b]. Ops that mirror a WebAssembly
/// numeric or memory instruction keep its opcode number, so translation maps them one to one.
/// </summary>
internal enum Op
{
    /// <summary>[]: trap "unreachable".</summary>
    Unreachable = 0x00,
    /// <summary>[rel]</summary>
    Br = 0x01,
    /// <summary>[cond, rel]: branch when the i32 is not zero.</summary>
    BrIfNez = 0x02,
    /// <summary>[cond, rel]: branch when the i32 is zero.</summary>
    BrIfEqz = 0x03,
    /// <summary>[index, count, rel * count, default rel]</summary>
    BrTable = 0x04,
    /// <summary>[]: the results are already in slots 0.. of the frame.</summary>
    Return = 0x05,
    /// <summary>[dst, src]: copy one 64-bit slot.</summary>
    Move = 0x06,
    /// <summary>[dst, imm]: a 32-bit constant.</summary>
    Const32 = 0x07,
    /// <summary>[dst, low, high]: a 64-bit constant.</summary>
    Const64 = 0x08,
    /// <summary>[definedIndex, argBase]: call a function of the same module; its frame starts at argBase.</summary>
    Call = 0x09,
    /// <summary>[functionIndex, argBase]: call an imported function (host or another instance's).</summary>
    CallImport = 0x0A,
    /// <summary>[typeIndex, tableIndex, elementIndex slot, argBase]</summary>
    CallIndirect = 0x0B,
    /// <summary>[dst, a, b, cond]</summary>
    Select = 0x0C,
    /// <summary>[dst, globalIndex]</summary>
    GlobalGet = 0x0D,
    /// <summary>[src, globalIndex]: an i32 or f32 global (stored zero-extended).</summary>
    GlobalSet32 = 0x0E,
    /// <summary>[src, globalIndex]</summary>
    GlobalSet64 = 0x0F,
    /// <summary>[dst, tableIndex, index]</summary>
    TableGet = 0x10,
    /// <summary>[tableIndex, index, value]</summary>
    TableSet = 0x11,
    /// <summary>[dst]</summary>
    MemorySize = 0x12,
    /// <summary>[dst, delta]</summary>
    MemoryGrow = 0x13,
    /// <summary>[dst, a]</summary>
    RefIsNull = 0x14,
    /// <summary>[dst, functionIndex]</summary>
    RefFunc = 0x15,
    /// <summary>[src]: copy one slot to slot 0, then return.</summary>
    ReturnMove = 0x16,
    /// <summary>[first, count]: zero the declared locals on function entry (spec 4.4.10.1).</summary>
    ZeroLocals = 0x17,
    /// <summary>[dataIndex, d, s, n]</summary>
    MemoryInit = 0x18,
    /// <summary>[dataIndex]</summary>
    DataDrop = 0x19,
    /// <summary>[d, s, n]</summary>
    MemoryCopy = 0x1A,
    /// <summary>[d, value, n]</summary>
    MemoryFill = 0x1B,
    /// <summary>[elementIndex, tableIndex, d, s, n]</summary>
    TableInit = 0x1C,
    /// <summary>[elementIndex]</summary>
    ElemDrop = 0x1D,
    /// <summary>[dstTable, srcTable, d, s, n]</summary>
    TableCopy = 0x1E,
    /// <summary>[dst, tableIndex, init, delta]</summary>
    TableGrow = 0x1F,
    /// <summary>[dst, tableIndex]</summary>
    TableSize = 0x20,
    /// <summary>[tableIndex, i, value, n]</summary>
    TableFill = 0x21,

    // Memory and numeric instructions, numbered as their WebAssembly opcodes (spec 5.4.6-5.4.7).
    I32Load = (int)Opcode.I32Load,
    I64Load = (int)Opcode.I64Load,
    F32Load = (int)Opcode.F32Load,
    F64Load = (int)Opcode.F64Load,
    I32Load8S = (int)Opcode.I32Load8S,
    I32Load8U = (int)Opcode.I32Load8U,
    I32Load16S = (int)Opcode.I32Load16S,
    I32Load16U = (int)Opcode.I32Load16U,
    I64Load8S = (int)Opcode.I64Load8S,
    I64Load8U = (int)Opcode.I64Load8U,
    I64Load16S = (int)Opcode.I64Load16S,
    I64Load16U = (int)Opcode.I64Load16U,
    I64Load32S = (int)Opcode.I64Load32S,
    I64Load32U = (int)Opcode.I64Load32U,
    I32Store = (int)Opcode.I32Store,
    I64Store = (int)Opcode.I64Store,
    F32Store = (int)Opcode.F32Store,
    F64Store = (int)Opcode.F64Store,
    I32Store8 = (int)Opcode.I32Store8,
    I32Store16 = (int)Opcode.I32Store16,
    I64Store8 = (int)Opcode.I64Store8,
    I64Store16 = (int)Opcode.I64Store16,
    I64Store32 = (int)Opcode.I64Store32,
    I32Eqz = (int)Opcode.I32Eqz,
    I32Eq = (int)Opcode.I32Eq,
    I32Ne = (int)Opcode.I32Ne,
    I32LtS = (int)Opcode.I32LtS,
    I32LtU = (int)Opcode.I32LtU,
    I32GtS = (int)Opcode.I32GtS,
    I32GtU = (int)Opcode.I32GtU,
    I32LeS = (int)Opcode.I32LeS,
    I32LeU = (int)Opcode.I32LeU,
    I32GeS = (int)Opcode.I32GeS,
    I32GeU = (int)Opcode.I32GeU,
    I64Eqz = (int)Opcode.I64Eqz,
    I64Eq = (int)Opcode.I64Eq,
    I64Ne = (int)Opcode.I64Ne,
    I64LtS = (int)Opcode.I64LtS,
    I64LtU = (int)Opcode.I64LtU,
    I64GtS = (int)Opcode.I64GtS,
    I64GtU = (int)Opcode.I64GtU,
    I64LeS = (int)Opcode.I64LeS,
    I64LeU = (int)Opcode.I64LeU,
    I64GeS = (int)Opcode.I64GeS,
    I64GeU = (int)Opcode.I64GeU,
    F32Eq = (int)Opcode.F32Eq,
    F32Ne = (int)Opcode.F32Ne,
    F32Lt = (int)Opcode.F32Lt,
    F32Gt = (int)Opcode.F32Gt,
    F32Le = (int)Opcode.F32Le,
    F32Ge = (int)Opcode.F32Ge,
    F64Eq = (int)Opcode.F64Eq,
    F64Ne = (int)Opcode.F64Ne,
    F64Lt = (int)Opcode.F64Lt,
    F64Gt = (int)Opcode.F64Gt,
    F64Le = (int)Opcode.F64Le,
    F64Ge = (int)Opcode.F64Ge,
    I32Clz = (int)Opcode.I32Clz,
    I32Ctz = (int)Opcode.I32Ctz,
    I32Popcnt = (int)Opcode.I32Popcnt,
    I32Add = (int)Opcode.I32Add,
    I32Sub = (int)Opcode.I32Sub,
    I32Mul = (int)Opcode.I32Mul,
    I32DivS = (int)Opcode.I32DivS,
    I32DivU = (int)Opcode.I32DivU,
    I32RemS = (int)Opcode.I32RemS,
    I32RemU = (int)Opcode.I32RemU,
    I32And = (int)Opcode.I32And,
    I32Or = (int)Opcode.I32Or,
    I32Xor = (int)Opcode.I32Xor,
    I32Shl = (int)Opcode.I32Shl,
    I32ShrS = (int)Opcode.I32ShrS,
    I32ShrU = (int)Opcode.I32ShrU,
    I32Rotl = (int)Opcode.I32Rotl,
    I32Rotr = (int)Opcode.I32Rotr,
    I64Clz = (int)Opcode.I64Clz,
    I64Ctz = (int)Opcode.I64Ctz,
    I64Popcnt = (int)Opcode.I64Popcnt,
    I64Add = (int)Opcode.I64Add,
    I64Sub = (int)Opcode.I64Sub,
    I64Mul = (int)Opcode.I64Mul,
    I64DivS = (int)Opcode.I64DivS,
    I64DivU = (int)Opcode.I64DivU,
    I64RemS = (int)Opcode.I64RemS,
    I64RemU = (int)Opcode.I64RemU,
    I64And = (int)Opcode.I64And,
    I64Or = (int)Opcode.I64Or,
    I64Xor = (int)Opcode.I64Xor,
    I64Shl = (int)Opcode.I64Shl,
    I64ShrS = (int)Opcode.I64ShrS,
    I64ShrU = (int)Opcode.I64ShrU,
    I64Rotl = (int)Opcode.I64Rotl,
    I64Rotr = (int)Opcode.I64Rotr,
    F32Abs = (int)Opcode.F32Abs,
    F32Neg = (int)Opcode.F32Neg,
    F32Ceil = (int)Opcode.F32Ceil,
    F32Floor = (int)Opcode.F32Floor,
    F32Trunc = (int)Opcode.F32Trunc,
    F32Nearest = (int)Opcode.F32Nearest,
    F32Sqrt = (int)Opcode.F32Sqrt,
    F32Add = (int)Opcode.F32Add,
    F32Sub = (int)Opcode.F32Sub,
    F32Mul = (int)Opcode.F32Mul,
    F32Div = (int)Opcode.F32Div,
    F32Min = (int)Opcode.F32Min,
    F32Max = (int)Opcode.F32Max,
    F32Copysign = (int)Opcode.F32Copysign,
    F64Abs = (int)Opcode.F64Abs,
    F64Neg = (int)Opcode.F64Neg,
    F64Ceil = (int)Opcode.F64Ceil,
    F64Floor = (int)Opcode.F64Floor,
    F64Trunc = (int)Opcode.F64Trunc,
    F64Nearest = (int)Opcode.F64Nearest,
    F64Sqrt = (int)Opcode.F64Sqrt,
    F64Add = (int)Opcode.F64Add,
    F64Sub = (int)Opcode.F64Sub,
    F64Mul = (int)Opcode.F64Mul,
    F64Div = (int)Opcode.F64Div,
    F64Min = (int)Opcode.F64Min,
    F64Max = (int)Opcode.F64Max,
    F64Copysign = (int)Opcode.F64Copysign,
    I32WrapI64 = (int)Opcode.I32WrapI64,
    I32TruncF32S = (int)Opcode.I32TruncF32S,
    I32TruncF32U = (int)Opcode.I32TruncF32U,
    I32TruncF64S = (int)Opcode.I32TruncF64S,
    I32TruncF64U = (int)Opcode.I32TruncF64U,
    I64ExtendI32S = (int)Opcode.I64ExtendI32S,
    I64ExtendI32U = (int)Opcode.I64ExtendI32U,
    I64TruncF32S = (int)Opcode.I64TruncF32S,
    I64TruncF32U = (int)Opcode.I64TruncF32U,
    I64TruncF64S = (int)Opcode.I64TruncF64S,
    I64TruncF64U = (int)Opcode.I64TruncF64U,
    F32ConvertI32S = (int)Opcode.F32ConvertI32S,
    F32ConvertI32U = (int)Opcode.F32ConvertI32U,
    F32ConvertI64S = (int)Opcode.F32ConvertI64S,
    F32ConvertI64U = (int)Opcode.F32ConvertI64U,
    F32DemoteF64 = (int)Opcode.F32DemoteF64,
    F64ConvertI32S = (int)Opcode.F64ConvertI32S,
    F64ConvertI32U = (int)Opcode.F64ConvertI32U,
    F64ConvertI64S = (int)Opcode.F64ConvertI64S,
    F64ConvertI64U = (int)Opcode.F64ConvertI64U,
    F64PromoteF32 = (int)Opcode.F64PromoteF32,
    I32ReinterpretF32 = (int)Opcode.I32ReinterpretF32,
    I64ReinterpretF64 = (int)Opcode.I64ReinterpretF64,
    F32ReinterpretI32 = (int)Opcode.F32ReinterpretI32,
    F64ReinterpretI64 = (int)Opcode.F64ReinterpretI64,
    I32Extend8S = (int)Opcode.I32Extend8S,
    I32Extend16S = (int)Opcode.I32Extend16S,
    I64Extend8S = (int)Opcode.I64Extend8S,
    I64Extend16S = (int)Opcode.I64Extend16S,
    I64Extend32S = (int)Opcode.I64Extend32S,

    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I32TruncSatF32S = 0xC5,
    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I32TruncSatF32U,
    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I32TruncSatF64S,
    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I32TruncSatF64U,
    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I64TruncSatF32S,
    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I64TruncSatF32U,
    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I64TruncSatF64S,
    /// <summary>[dst, a]: saturating truncation (spec 4.3.2).</summary>
    I64TruncSatF64U,

    // Internal super-instructions: constant operands folded into the op, comparisons fused with branches.
    /// <summary>[dst, a, imm]: i32.add with a constant right operand.</summary>
    I32AddImm,
    /// <summary>[dst, a, imm]: i32.mul with a constant right operand.</summary>
    I32MulImm,
    /// <summary>[dst, a, imm]: i32.and with a constant right operand.</summary>
    I32AndImm,
    /// <summary>[dst, a, imm]: i32.or with a constant right operand.</summary>
    I32OrImm,
    /// <summary>[dst, a, imm]: i32.xor with a constant right operand.</summary>
    I32XorImm,
    /// <summary>[dst, a, imm]: i32.shl with a constant right operand.</summary>
    I32ShlImm,
    /// <summary>[dst, a, imm]: i32.shrs with a constant right operand.</summary>
    I32ShrSImm,
    /// <summary>[dst, a, imm]: i32.shru with a constant right operand.</summary>
    I32ShrUImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32EqImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32NeImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32LtSImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32LtUImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32GtSImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32GtUImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32LeSImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32LeUImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32GeSImm,
    /// <summary>[dst, a, imm]: i32 comparison with a constant right operand.</summary>
    I32GeUImm,
    /// <summary>[dst, a, imm]: i64.add with a sign-extended 32-bit constant right operand.</summary>
    I64AddImm,
    /// <summary>[dst, a, imm]: i64.mul with a sign-extended 32-bit constant right operand.</summary>
    I64MulImm,
    /// <summary>[dst, a, imm]: i64.and with a sign-extended 32-bit constant right operand.</summary>
    I64AndImm,
    /// <summary>[dst, a, imm]: i64.or with a sign-extended 32-bit constant right operand.</summary>
    I64OrImm,
    /// <summary>[dst, a, imm]: i64.xor with a sign-extended 32-bit constant right operand.</summary>
    I64XorImm,
    /// <summary>[dst, a, imm]: i64.shl with a sign-extended 32-bit constant right operand.</summary>
    I64ShlImm,
    /// <summary>[dst, a, imm]: i64.shrs with a sign-extended 32-bit constant right operand.</summary>
    I64ShrSImm,
    /// <summary>[dst, a, imm]: i64.shru with a sign-extended 32-bit constant right operand.</summary>
    I64ShrUImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64EqImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64NeImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64LtSImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64LtUImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64GtSImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64GtUImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64LeSImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64LeUImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64GeSImm,
    /// <summary>[dst, a, imm]: i64 comparison with a sign-extended 32-bit constant right operand.</summary>
    I64GeUImm,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32Eq,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32Ne,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32LtS,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32LtU,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32GtS,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32GtU,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32LeS,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32LeU,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32GeS,
    /// <summary>[a, b, rel]: branch when the i32 comparison holds.</summary>
    BrI32GeU,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32EqImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32NeImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32LtSImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32LtUImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32GtSImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32GtUImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32LeSImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32LeUImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32GeSImm,
    /// <summary>[a, imm, rel]: branch when the i32 comparison with a constant holds.</summary>
    BrI32GeUImm,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64Eq,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64Ne,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64LtS,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64LtU,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64GtS,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64GtU,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64LeS,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64LeU,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64GeS,
    /// <summary>[a, b, rel]: branch when the i64 comparison holds.</summary>
    BrI64GeU,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64EqImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64NeImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64LtSImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64LtUImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64GtSImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64GtUImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64LeSImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64LeUImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64GeSImm,
    /// <summary>[a, imm, rel]: branch when the i64 comparison with a sign-extended constant holds.</summary>
    BrI64GeUImm,

    // Backward branches (to a loop label, decided at translation): the same operands, and a taken branch
    // checks the termination flag. The forward forms above never check it.
    /// <summary>[rel]: unconditional backward branch.</summary>
    BrBack,
    /// <summary>[cond, rel]: backward branch when the i32 is non-zero.</summary>
    BrIfNezBack,
    /// <summary>[cond, rel]: backward branch when the i32 is zero.</summary>
    BrIfEqzBack,
    /// <summary>[a, b or imm, rel]: backward BrI32Eq.</summary>
    BrI32EqBack,
    /// <summary>[a, b or imm, rel]: backward BrI32Ne.</summary>
    BrI32NeBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LtS.</summary>
    BrI32LtSBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LtU.</summary>
    BrI32LtUBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GtS.</summary>
    BrI32GtSBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GtU.</summary>
    BrI32GtUBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LeS.</summary>
    BrI32LeSBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LeU.</summary>
    BrI32LeUBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GeS.</summary>
    BrI32GeSBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GeU.</summary>
    BrI32GeUBack,
    /// <summary>[a, b or imm, rel]: backward BrI32EqImm.</summary>
    BrI32EqImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32NeImm.</summary>
    BrI32NeImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LtSImm.</summary>
    BrI32LtSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LtUImm.</summary>
    BrI32LtUImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GtSImm.</summary>
    BrI32GtSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GtUImm.</summary>
    BrI32GtUImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LeSImm.</summary>
    BrI32LeSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32LeUImm.</summary>
    BrI32LeUImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GeSImm.</summary>
    BrI32GeSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI32GeUImm.</summary>
    BrI32GeUImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64Eq.</summary>
    BrI64EqBack,
    /// <summary>[a, b or imm, rel]: backward BrI64Ne.</summary>
    BrI64NeBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LtS.</summary>
    BrI64LtSBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LtU.</summary>
    BrI64LtUBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GtS.</summary>
    BrI64GtSBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GtU.</summary>
    BrI64GtUBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LeS.</summary>
    BrI64LeSBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LeU.</summary>
    BrI64LeUBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GeS.</summary>
    BrI64GeSBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GeU.</summary>
    BrI64GeUBack,
    /// <summary>[a, b or imm, rel]: backward BrI64EqImm.</summary>
    BrI64EqImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64NeImm.</summary>
    BrI64NeImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LtSImm.</summary>
    BrI64LtSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LtUImm.</summary>
    BrI64LtUImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GtSImm.</summary>
    BrI64GtSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GtUImm.</summary>
    BrI64GtUImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LeSImm.</summary>
    BrI64LeSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64LeUImm.</summary>
    BrI64LeUImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GeSImm.</summary>
    BrI64GeSImmBack,
    /// <summary>[a, b or imm, rel]: backward BrI64GeUImm.</summary>
    BrI64GeUImmBack,

    // Loop back-edges that first advance the induction variable: an i32.add (or add of a constant) whose
    // result the backward compare-and-branch reads, as clang and gcc end most counted loops.
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst == c (i32).</summary>
    I32AddImmBrEqBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst != c (i32).</summary>
    I32AddImmBrNeBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &lt; c (signed).</summary>
    I32AddImmBrLtSBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &lt; c (unsigned).</summary>
    I32AddImmBrLtUBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &gt; c (signed).</summary>
    I32AddImmBrGtSBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &gt; c (unsigned).</summary>
    I32AddImmBrGtUBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &lt;= c (signed).</summary>
    I32AddImmBrLeSBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &lt;= c (unsigned).</summary>
    I32AddImmBrLeUBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &gt;= c (signed).</summary>
    I32AddImmBrGeSBack,
    /// <summary>[dst, a, imm, c, rel]: dst = a + imm, then branch back when dst &gt;= c (unsigned).</summary>
    I32AddImmBrGeUBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst == imm2 (i32).</summary>
    I32AddImmBrEqImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst != imm2 (i32).</summary>
    I32AddImmBrNeImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &lt; imm2 (signed).</summary>
    I32AddImmBrLtSImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &lt; imm2 (unsigned).</summary>
    I32AddImmBrLtUImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &gt; imm2 (signed).</summary>
    I32AddImmBrGtSImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &gt; imm2 (unsigned).</summary>
    I32AddImmBrGtUImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &lt;= imm2 (signed).</summary>
    I32AddImmBrLeSImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &lt;= imm2 (unsigned).</summary>
    I32AddImmBrLeUImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &gt;= imm2 (signed).</summary>
    I32AddImmBrGeSImmBack,
    /// <summary>[dst, a, imm, imm2, rel]: dst = a + imm, then branch back when dst &gt;= imm2 (unsigned).</summary>
    I32AddImmBrGeUImmBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst == c (i32).</summary>
    I32AddBrEqBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst != c (i32).</summary>
    I32AddBrNeBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &lt; c (signed).</summary>
    I32AddBrLtSBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &lt; c (unsigned).</summary>
    I32AddBrLtUBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &gt; c (signed).</summary>
    I32AddBrGtSBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &gt; c (unsigned).</summary>
    I32AddBrGtUBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &lt;= c (signed).</summary>
    I32AddBrLeSBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &lt;= c (unsigned).</summary>
    I32AddBrLeUBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &gt;= c (signed).</summary>
    I32AddBrGeSBack,
    /// <summary>[dst, a, b, c, rel]: dst = a + b, then branch back when dst &gt;= c (unsigned).</summary>
    I32AddBrGeUBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst == imm2 (i32).</summary>
    I32AddBrEqImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst != imm2 (i32).</summary>
    I32AddBrNeImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &lt; imm2 (signed).</summary>
    I32AddBrLtSImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &lt; imm2 (unsigned).</summary>
    I32AddBrLtUImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &gt; imm2 (signed).</summary>
    I32AddBrGtSImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &gt; imm2 (unsigned).</summary>
    I32AddBrGtUImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &lt;= imm2 (signed).</summary>
    I32AddBrLeSImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &lt;= imm2 (unsigned).</summary>
    I32AddBrLeUImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &gt;= imm2 (signed).</summary>
    I32AddBrGeSImmBack,
    /// <summary>[dst, a, b, imm2, rel]: dst = a + b, then branch back when dst &gt;= imm2 (unsigned).</summary>
    I32AddBrGeUImmBack,


    /// <summary>[dst, addrA, offsetA, addendA, addrB, offsetB, addendB]: f32.load, f32.load, f32.mul.</summary>
    F32MulLoads,
    /// <summary>[dst, addrA, offsetA, addendA, addrB, offsetB, addendB]: f64.load, f64.load, f64.mul.</summary>
    F64MulLoads,
    /// <summary>[dst, acc, addrA, offsetA, addendA, addrB, offsetB, addendB]: acc + (f32.load * f32.load), two roundings.</summary>
    F32MulLoadsAdd,
    /// <summary>[dst, acc, addrA, offsetA, addendA, addrB, offsetB, addendB]: acc + (f64.load * f64.load), two roundings.</summary>
    F64MulLoadsAdd,
    /// <summary>[dst, acc, addrA, offsetA, addendA, addrB, offsetB, addendB]: (f32.load * f32.load) + acc, two roundings.</summary>
    F32MulLoadsAddR,
    /// <summary>[dst, acc, addrA, offsetA, addendA, addrB, offsetB, addendB]: (f64.load * f64.load) + acc, two roundings.</summary>
    F64MulLoadsAddR,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = acc + p0, dst = t + p1; each p = load * load (f32), every step rounded.</summary>
    F32MulLoadsAddAddLL,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = acc + p0, dst = p1 + t; each p = load * load (f32), every step rounded.</summary>
    F32MulLoadsAddAddLR,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = p0 + acc, dst = t + p1; each p = load * load (f32), every step rounded.</summary>
    F32MulLoadsAddAddRL,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = p0 + acc, dst = p1 + t; each p = load * load (f32), every step rounded.</summary>
    F32MulLoadsAddAddRR,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = acc + p0, dst = t + p1; each p = load * load (f64), every step rounded.</summary>
    F64MulLoadsAddAddLL,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = acc + p0, dst = p1 + t; each p = load * load (f64), every step rounded.</summary>
    F64MulLoadsAddAddLR,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = p0 + acc, dst = t + p1; each p = load * load (f64), every step rounded.</summary>
    F64MulLoadsAddAddRL,
    /// <summary>[dst, acc, loads of p0 (6), loads of p1 (6)]: t = p0 + acc, dst = p1 + t; each p = load * load (f64), every step rounded.</summary>
    F64MulLoadsAddAddRR,
    /// <summary>[addr, imm, offset, addend]: store the low byte of a constant.</summary>
    Store8Imm,
    /// <summary>[addr, imm, offset, addend]: store the low two bytes of a constant.</summary>
    Store16Imm,
    /// <summary>[addr, imm, offset, addend]: store a 32-bit constant (i32, f32 bits, or i64.store32).</summary>
    Store32Imm,
    /// <summary>[addr, imm, offset, addend]: store a sign-extended 32-bit constant as 8 bytes (i64 or f64 bits).</summary>
    Store64Imm,

    // v128 values (spec 4.2.1) take two slots: the moves of locals, branch values and globals that carry them.
    /// <summary>[dst, src]: copy a v128 (two slots).</summary>
    Move128,
    /// <summary>[dst, a, b, cond]: select of two v128 values.</summary>
    Select128,
    /// <summary>[dst, globalIndex]: a v128 global.</summary>
    GlobalGet128,
    /// <summary>[src, globalIndex]: a v128 global.</summary>
    GlobalSet128,


    /// <summary>[dst, a, imm]: i32.rotl by a constant (i32.rotr by k is a rotl by -k: only the count's low 5 bits matter).</summary>
    I32RotlImm,
    /// <summary>[dst, a, imm]: i64.rotl by a constant (i64.rotr by k is a rotl by -k: only the count's low 6 bits matter).</summary>
    I64RotlImm,
    /// <summary>[dst, a, imm, rel]: dst = a + imm, then branch back when dst is not zero.</summary>
    I32AddImmBrNezBack,
    /// <summary>[dst, index, count, offset, addend]: i32.load from ((index &lt;&lt; count) + addend) + offset (i32 arithmetic, then the offset in 64 bits).</summary>
    I32LoadShl,
    /// <summary>[dst, a, b, count]: a + (b &lt;&lt; count), i32 (an array element's address).</summary>
    I32AddShlImm,
    /// <summary>[dst1, src1, dst2, src2]: two moves, in that order (the second may read what the first wrote).</summary>
    Move2,
    /// <summary>
    /// [subOpcode, dst, addr, a, b, offset]: an atomic access of the threads proposal (0xFE sub-opcode; AtomicExecution
    /// runs it). a and b are its operands after the address (value; expected and replacement; expected and timeout).
    /// </summary>
    Atomic,
    /// <summary>[]: atomic.fence, a full memory barrier.</summary>
    AtomicFence,

    /// <summary>[]: the return address of an execution's entry frame: the execution is complete (never in function code).</summary>
    Exit,
    /// <summary>[]: the return address of a cross-instance call: restore the caller's instance, then return again (never in function code).</summary>
    RestoreInstance,
    /// <summary>[definedIndex]: the whole code of a function not yet translated; translates it and enters it.</summary>
    Lazy,

    // Tail calls (WebAssembly 3.0): the arguments move to the frame's first slots and the callee takes over the frame
    // and the return address, so a chain of tail calls runs in constant stack.
    /// <summary>[definedIndex, argBase, argSlots]: return_call of a function of the same module.</summary>
    ReturnCall,
    /// <summary>[functionIndex, argBase, argSlots]: return_call of an imported function (host or another instance's).</summary>
    ReturnCallImport,
    /// <summary>[typeIndex, tableIndex, elementIndex slot, argBase, argSlots]: return_call_indirect.</summary>
    ReturnCallIndirect,

    // Multiple memories (WebAssembly 3.0): an instruction on memory k > 0 is translated as on memory 0 between two
    // SelectMemory, so memory 0's instructions keep their single form and cost.
    /// <summary>[memoryIndex]: the memory the following instructions access, until the next SelectMemory.</summary>
    SelectMemory,
    /// <summary>[dstMemory, srcMemory, d, s, n]: memory.copy between two different memories.</summary>
    MemoryCopyBetween,

    // Exception handling (WebAssembly 3.0): the unwinder searches the handler tables (ExceptionHandler) from here.
    /// <summary>[tagIndex, argBase]: throw an exception of the tag with the values in the slots from argBase.</summary>
    Throw,
    /// <summary>[exn]: throw_ref (and legacy rethrow) of the exnref in slot exn; traps if it is null.</summary>
    ThrowRef,

    // 64-bit address types (WebAssembly 3.0 memory64, table64): an access of a 64-bit memory is Address64, the same access
    // on the memory it selects, then SelectMemory 0; bulk instructions have their own ops; tables narrow i64 operands.
    /// <summary>
    /// [memoryIndex, dst, addr, offsetLow, offsetHigh]: checks the i64 address + u64 offset and selects the memory (or a
    /// window on it) the next access uses, leaving its 32-bit address in dst (Memory64Operations.Address).
    /// </summary>
    Address64,
    /// <summary>[dst, memoryIndex]: memory.size of a 64-bit memory (an i64).</summary>
    MemorySize64,
    /// <summary>[dst, memoryIndex, delta]: memory.grow of a 64-bit memory (i64 pages; -1 when it cannot grow).</summary>
    MemoryGrow64,
    /// <summary>[memoryIndex, d, value, n]: memory.fill of a 64-bit memory (d and n are i64).</summary>
    MemoryFill64,
    /// <summary>[dataIndex, memoryIndex, d, s, n]: memory.init into a 64-bit memory (d is an i64).</summary>
    MemoryInit64,
    /// <summary>[dstMemory, srcMemory, d, s, n, wide]: memory.copy when either memory is 64-bit; wide bits 0-2: d, s, n are i64.</summary>
    MemoryCopy64,
    /// <summary>[dst, src]: an i64 table index or length as a u32, saturating (a table never has 2^32 elements: still out of bounds).</summary>
    TableIndex64,

    // Typed function references (WebAssembly 3.0). A reference is a store handle in one slot, 0 for null, as before;
    // br_on_null and br_on_non_null are BrI64EqImm / BrI64NeImm against 0.
    /// <summary>[callee, argBase]: call_ref of the function whose handle is in slot callee; traps if it is null.</summary>
    CallRef,
    /// <summary>[callee, argBase, argSlots]: return_call_ref.</summary>
    ReturnCallRef,
    /// <summary>[ref]: ref.as_non_null: traps if the handle in slot ref is null (the value stays where it is).</summary>
    RefAsNonNull,

    // GC (WebAssembly 3.0): every GC instruction is one Gc op run outside the loop (GcOperations), with a fixed length.
    /// <summary>[kind, o1, o2, o3, o4, o5, o6]: the GC instruction <see cref="GcOp"/> kind, operands as GcOp says.</summary>
    Gc,
    /// <summary>[dst, globalIndex]: global.get of a global that may hold a GC object (any or extern hierarchy).</summary>
    GlobalGetRef,
    /// <summary>[src, globalIndex]: global.set of such a global: the object is stored, not the slot's handle.</summary>
    GlobalSetRef,

    /// <summary>
    /// The SIMD instructions (spec 5.4.8) are <c>SimdBase</c> + their 0xFD sub-opcode; their operand layouts are
    /// in Translator.Simd.cs and they run in Executor.Simd.cs (relaxed SIMD's own ones in Executor.RelaxedSimd.cs).
    /// </summary>
    SimdBase = 0x200,
    SimdLast = SimdBase + 0x113,
}
