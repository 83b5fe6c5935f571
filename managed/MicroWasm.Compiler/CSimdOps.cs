using MicroWasm.Instructions;

namespace MicroWasm.Compiler;

/// <summary>
/// The vector instructions (spec 4.4.3, and 4.4.7 for the v128 memory accesses) in C. Every operator is one inline
/// function of the SIMD prelude (<see cref="Prelude"/>) named after its mnemonic (<c>i8x16.add_sat_s</c> is
/// <c>mw_i8x16_add_sat_s</c>), so the generated code reads like the wasm and the semantics live in one place.
/// </summary>
/// <remarks>
/// A v128 is a 16-byte value of the C compilers' vector extension (clang and gcc share it), seen through one typed
/// view per lane shape; lane i is element i of the view, as both targets are little-endian like wasm. Most operators
/// are plain vector arithmetic, which the C compiler lowers to SSE4.2 or AdvSIMD. Where an x86 instruction computes
/// exactly the spec's result (saturating add, pack, pmaddwd, pshufb, movemask) its builtin is used; on AArch64 only
/// the table lookup is inline assembly; everything else is the portable C, which AArch64 compiles as well.
/// </remarks>
internal static class CSimdOps
{
    /// <summary>The C function of a vector operator: <c>mw_</c> and its mnemonic with dots as underscores.</summary>
    public static string FunctionName(Opcode opcode) => "mw_" + InstructionTable.MnemonicOf(opcode).Replace('.', '_');

    public enum AccessKind { Load, Store, LoadLane, StoreLane }

    /// <summary>A v128 memory access: how many bytes it touches (the bounds check's width) and what it does with them.</summary>
    public readonly record struct MemoryAccess(int Width, AccessKind Kind);

    public static bool TryGetMemoryAccess(Opcode opcode, out MemoryAccess access) => Accesses.TryGetValue(opcode, out access);

    private static readonly Dictionary<Opcode, MemoryAccess> Accesses = new()
    {
        [Opcode.V128Load] = new(16, AccessKind.Load),
        [Opcode.V128Load8x8S] = new(8, AccessKind.Load),
        [Opcode.V128Load8x8U] = new(8, AccessKind.Load),
        [Opcode.V128Load16x4S] = new(8, AccessKind.Load),
        [Opcode.V128Load16x4U] = new(8, AccessKind.Load),
        [Opcode.V128Load32x2S] = new(8, AccessKind.Load),
        [Opcode.V128Load32x2U] = new(8, AccessKind.Load),
        [Opcode.V128Load8Splat] = new(1, AccessKind.Load),
        [Opcode.V128Load16Splat] = new(2, AccessKind.Load),
        [Opcode.V128Load32Splat] = new(4, AccessKind.Load),
        [Opcode.V128Load64Splat] = new(8, AccessKind.Load),
        [Opcode.V128Load32Zero] = new(4, AccessKind.Load),
        [Opcode.V128Load64Zero] = new(8, AccessKind.Load),
        [Opcode.V128Store] = new(16, AccessKind.Store),
        [Opcode.V128Load8Lane] = new(1, AccessKind.LoadLane),
        [Opcode.V128Load16Lane] = new(2, AccessKind.LoadLane),
        [Opcode.V128Load32Lane] = new(4, AccessKind.LoadLane),
        [Opcode.V128Load64Lane] = new(8, AccessKind.LoadLane),
        [Opcode.V128Store8Lane] = new(1, AccessKind.StoreLane),
        [Opcode.V128Store16Lane] = new(2, AccessKind.StoreLane),
        [Opcode.V128Store32Lane] = new(4, AccessKind.StoreLane),
        [Opcode.V128Store64Lane] = new(8, AccessKind.StoreLane),
    };

    /// <summary>The scalar type of a lane instruction's lane (spec 3.3.2: extract_lane's result, replace_lane's operand).</summary>
    public static bool TryGetLaneType(Opcode opcode, out ValueType laneType, out bool isReplace)
    {
        (laneType, isReplace) = opcode switch
        {
            Opcode.I8x16ExtractLaneS or Opcode.I8x16ExtractLaneU or Opcode.I16x8ExtractLaneS or Opcode.I16x8ExtractLaneU
                or Opcode.I32x4ExtractLane => (ValueType.I32, false),
            Opcode.I64x2ExtractLane => (ValueType.I64, false),
            Opcode.F32x4ExtractLane => (ValueType.F32, false),
            Opcode.F64x2ExtractLane => (ValueType.F64, false),
            Opcode.I8x16ReplaceLane or Opcode.I16x8ReplaceLane or Opcode.I32x4ReplaceLane => (ValueType.I32, true),
            Opcode.I64x2ReplaceLane => (ValueType.I64, true),
            Opcode.F32x4ReplaceLane => (ValueType.F32, true),
            Opcode.F64x2ReplaceLane => (ValueType.F64, true),
            _ => ((ValueType)0, false),
        };
        return laneType != 0;
    }

    /// <summary>
    /// The SIMD part of the prelude, in units of modules that use v128 at all. Needs the scalar prelude (types,
    /// <c>MW_INLINE</c>, the unaligned scalar types, the saturating scalar truncations).
    /// </summary>
    public const string Prelude = """

        /* ---- SIMD (spec 4.4.3): v128 and its lane views; one inline function per vector instruction ---- */
        typedef u64 v128 __attribute__((vector_size(16)));
        typedef s8 mw_i8x16 __attribute__((vector_size(16)));
        typedef u8 mw_u8x16 __attribute__((vector_size(16)));
        typedef s16 mw_i16x8 __attribute__((vector_size(16)));
        typedef u16 mw_u16x8 __attribute__((vector_size(16)));
        typedef s32 mw_i32x4 __attribute__((vector_size(16)));
        typedef u32 mw_u32x4 __attribute__((vector_size(16)));
        typedef s64 mw_i64x2 __attribute__((vector_size(16)));
        typedef f32 mw_f32x4 __attribute__((vector_size(16)));
        typedef f64 mw_f64x2 __attribute__((vector_size(16)));
        typedef char mw_c8x16 __attribute__((vector_size(16))); /* the byte vector of the x86 builtins */
        /* Half vectors: what extending loads and extends read, what narrowing conversions make. */
        typedef s8 mw_i8x8 __attribute__((vector_size(8)));
        typedef u8 mw_u8x8 __attribute__((vector_size(8)));
        typedef s16 mw_i16x4 __attribute__((vector_size(8)));
        typedef u16 mw_u16x4 __attribute__((vector_size(8)));
        typedef s32 mw_i32x2 __attribute__((vector_size(8)));
        typedef u32 mw_u32x2 __attribute__((vector_size(8)));
        typedef f32 mw_f32x2 __attribute__((vector_size(8)));
        /* Linear memory and the runtime's slots hold vectors at any alignment. */
        typedef v128 __attribute__((aligned(1), may_alias)) mw_v128u;
        typedef mw_i8x8 __attribute__((aligned(1), may_alias)) mw_i8x8u;
        typedef mw_u8x8 __attribute__((aligned(1), may_alias)) mw_u8x8u;
        typedef mw_i16x4 __attribute__((aligned(1), may_alias)) mw_i16x4u;
        typedef mw_u16x4 __attribute__((aligned(1), may_alias)) mw_u16x4u;
        typedef mw_i32x2 __attribute__((aligned(1), may_alias)) mw_i32x2u;
        typedef mw_u32x2 __attribute__((aligned(1), may_alias)) mw_u32x2u;

        /* m's set bits from a, the others from b; m is a comparison's all-ones or all-zeros lanes. */
        MW_INLINE v128 mw_select(v128 m, v128 a, v128 b) { return (a & m) | (b & ~m); }

        /* -- constructing and lanes (spec 4.4.3.3-4.4.3.5) -- */
        MW_INLINE v128 mw_i8x16_splat(u32 x) { u8 b = (u8)x; return (v128)(mw_u8x16){ b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b }; }
        MW_INLINE v128 mw_i16x8_splat(u32 x) { u16 h = (u16)x; return (v128)(mw_u16x8){ h, h, h, h, h, h, h, h }; }
        MW_INLINE v128 mw_i32x4_splat(u32 x) { return (v128)(mw_u32x4){ x, x, x, x }; }
        MW_INLINE v128 mw_i64x2_splat(u64 x) { return (v128){ x, x }; }
        MW_INLINE v128 mw_f32x4_splat(f32 x) { return (v128)(mw_f32x4){ x, x, x, x }; }
        MW_INLINE v128 mw_f64x2_splat(f64 x) { return (v128)(mw_f64x2){ x, x }; }
        MW_INLINE u32 mw_i8x16_extract_lane_s(v128 a, u32 l) { return (u32)(s32)((mw_i8x16)a)[l]; }
        MW_INLINE u32 mw_i8x16_extract_lane_u(v128 a, u32 l) { return ((mw_u8x16)a)[l]; }
        MW_INLINE u32 mw_i16x8_extract_lane_s(v128 a, u32 l) { return (u32)(s32)((mw_i16x8)a)[l]; }
        MW_INLINE u32 mw_i16x8_extract_lane_u(v128 a, u32 l) { return ((mw_u16x8)a)[l]; }
        MW_INLINE u32 mw_i32x4_extract_lane(v128 a, u32 l) { return ((mw_u32x4)a)[l]; }
        MW_INLINE u64 mw_i64x2_extract_lane(v128 a, u32 l) { return a[l]; }
        /* Through the lane's bits: gcc 12 -O2 stops with an internal compiler error (convert_mode_scalar) reading an f32
           lane of a vector just made by __builtin_convertvector (i16x8.load16x4_s then f32x4.extract_lane). */
        MW_INLINE f32 mw_f32x4_extract_lane(v128 a, u32 l) { return mw_f32_from(((mw_u32x4)a)[l]); }
        MW_INLINE f64 mw_f64x2_extract_lane(v128 a, u32 l) { return ((mw_f64x2)a)[l]; }
        MW_INLINE v128 mw_i8x16_replace_lane(v128 a, u32 l, u32 x) { mw_u8x16 t = (mw_u8x16)a; t[l] = (u8)x; return (v128)t; }
        MW_INLINE v128 mw_i16x8_replace_lane(v128 a, u32 l, u32 x) { mw_u16x8 t = (mw_u16x8)a; t[l] = (u16)x; return (v128)t; }
        MW_INLINE v128 mw_i32x4_replace_lane(v128 a, u32 l, u32 x) { mw_u32x4 t = (mw_u32x4)a; t[l] = x; return (v128)t; }
        MW_INLINE v128 mw_i64x2_replace_lane(v128 a, u32 l, u64 x) { a[l] = x; return a; }
        MW_INLINE v128 mw_f32x4_replace_lane(v128 a, u32 l, f32 x) { mw_f32x4 t = (mw_f32x4)a; t[l] = x; return (v128)t; }
        MW_INLINE v128 mw_f64x2_replace_lane(v128 a, u32 l, f64 x) { mw_f64x2 t = (mw_f64x2)a; t[l] = x; return (v128)t; }

        /* i8x16.swizzle: an index of 16 or more selects 0, as pshufb does for a set top bit and tbl for any index out of range. */
        MW_INLINE v128 mw_i8x16_swizzle(v128 a, v128 s) {
        #if defined(__x86_64__)
          mw_u8x16 i = (mw_u8x16)s;
          i |= (mw_u8x16)(i > (mw_u8x16){ 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15 });
          return (v128)__builtin_ia32_pshufb128((mw_c8x16)a, (mw_c8x16)i);
        #elif defined(__aarch64__)
          v128 r;
          __asm__("tbl %0.16b, {%1.16b}, %2.16b" : "=w"(r) : "w"(a), "w"(s));
          return r;
        #else
          mw_u8x16 x = (mw_u8x16)a, i = (mw_u8x16)s, r;
          for (int k = 0; k < 16; k++) r[k] = i[k] < 16 ? x[i[k] & 15] : 0;
          return (v128)r;
        #endif
        }

        /* -- memory (spec 4.4.7): p is checked by the caller for the access's width -- */
        MW_INLINE v128 mw_v128_load(const u8* p) { return *(const mw_v128u*)p; }
        MW_INLINE void mw_v128_store(u8* p, v128 v) { *(mw_v128u*)p = v; }
        MW_INLINE v128 mw_v128_load8x8_s(const u8* p) { return (v128)__builtin_convertvector(*(const mw_i8x8u*)p, mw_i16x8); }
        MW_INLINE v128 mw_v128_load8x8_u(const u8* p) { return (v128)__builtin_convertvector(*(const mw_u8x8u*)p, mw_u16x8); }
        MW_INLINE v128 mw_v128_load16x4_s(const u8* p) { return (v128)__builtin_convertvector(*(const mw_i16x4u*)p, mw_i32x4); }
        MW_INLINE v128 mw_v128_load16x4_u(const u8* p) { return (v128)__builtin_convertvector(*(const mw_u16x4u*)p, mw_u32x4); }
        MW_INLINE v128 mw_v128_load32x2_s(const u8* p) { return (v128)__builtin_convertvector(*(const mw_i32x2u*)p, mw_i64x2); }
        MW_INLINE v128 mw_v128_load32x2_u(const u8* p) { return (v128)__builtin_convertvector(*(const mw_u32x2u*)p, v128); }
        MW_INLINE v128 mw_v128_load8_splat(const u8* p) { return mw_i8x16_splat(*p); }
        MW_INLINE v128 mw_v128_load16_splat(const u8* p) { return mw_i16x8_splat(*(const mw_u16u*)p); }
        MW_INLINE v128 mw_v128_load32_splat(const u8* p) { return mw_i32x4_splat(*(const mw_u32u*)p); }
        MW_INLINE v128 mw_v128_load64_splat(const u8* p) { return mw_i64x2_splat(*(const mw_u64u*)p); }
        MW_INLINE v128 mw_v128_load32_zero(const u8* p) { return (v128)(mw_u32x4){ *(const mw_u32u*)p, 0, 0, 0 }; }
        MW_INLINE v128 mw_v128_load64_zero(const u8* p) { return (v128){ *(const mw_u64u*)p, 0 }; }
        MW_INLINE v128 mw_v128_load8_lane(const u8* p, v128 v, u32 l) { return mw_i8x16_replace_lane(v, l, *p); }
        MW_INLINE v128 mw_v128_load16_lane(const u8* p, v128 v, u32 l) { return mw_i16x8_replace_lane(v, l, *(const mw_u16u*)p); }
        MW_INLINE v128 mw_v128_load32_lane(const u8* p, v128 v, u32 l) { return mw_i32x4_replace_lane(v, l, *(const mw_u32u*)p); }
        MW_INLINE v128 mw_v128_load64_lane(const u8* p, v128 v, u32 l) { return mw_i64x2_replace_lane(v, l, *(const mw_u64u*)p); }
        MW_INLINE void mw_v128_store8_lane(u8* p, v128 v, u32 l) { *p = ((mw_u8x16)v)[l]; }
        MW_INLINE void mw_v128_store16_lane(u8* p, v128 v, u32 l) { *(mw_u16u*)p = ((mw_u16x8)v)[l]; }
        MW_INLINE void mw_v128_store32_lane(u8* p, v128 v, u32 l) { *(mw_u32u*)p = ((mw_u32x4)v)[l]; }
        MW_INLINE void mw_v128_store64_lane(u8* p, v128 v, u32 l) { *(mw_u64u*)p = v[l]; }

        /* -- bitwise (spec 4.4.3.1-2) -- */
        MW_INLINE v128 mw_v128_not(v128 a) { return ~a; }
        MW_INLINE v128 mw_v128_and(v128 a, v128 b) { return a & b; }
        MW_INLINE v128 mw_v128_andnot(v128 a, v128 b) { return a & ~b; }
        MW_INLINE v128 mw_v128_or(v128 a, v128 b) { return a | b; }
        MW_INLINE v128 mw_v128_xor(v128 a, v128 b) { return a ^ b; }
        MW_INLINE v128 mw_v128_bitselect(v128 a, v128 b, v128 c) { return mw_select(c, a, b); }
        MW_INLINE u32 mw_v128_any_true(v128 a) { return (u32)((a[0] | a[1]) != 0); }

        /* -- integer lanes (spec 4.3.2 lane-wise): arithmetic on the unsigned view wraps; comparisons give 0 or -1 -- */
        #define MW_CMP(S, name, T, op) MW_INLINE v128 mw_##S##_##name(v128 a, v128 b) { return (v128)((T)a op (T)b); }
        #define MW_INT_LANES(S, I, U, B) \
          MW_INLINE v128 mw_##S##_add(v128 a, v128 b) { return (v128)((U)a + (U)b); } \
          MW_INLINE v128 mw_##S##_sub(v128 a, v128 b) { return (v128)((U)a - (U)b); } \
          MW_INLINE v128 mw_##S##_neg(v128 a) { return (v128)((U){ 0 } - (U)a); } \
          MW_INLINE v128 mw_##S##_abs(v128 a) { U m = (U)((I)a >> (B - 1)); return (v128)(((U)a ^ m) - m); } \
          MW_INLINE v128 mw_##S##_shl(v128 a, u32 n) { return (v128)((U)a << (n & (B - 1))); } \
          MW_INLINE v128 mw_##S##_shr_s(v128 a, u32 n) { return (v128)((I)a >> (n & (B - 1))); } \
          MW_INLINE v128 mw_##S##_shr_u(v128 a, u32 n) { return (v128)((U)a >> (n & (B - 1))); } \
          MW_INLINE u32 mw_##S##_all_true(v128 a) { v128 z = (v128)((U)a == (U){ 0 }); return (u32)((z[0] | z[1]) == 0); } \
          MW_CMP(S, eq, U, ==) MW_CMP(S, ne, U, !=) \
          MW_CMP(S, lt_s, I, <) MW_CMP(S, gt_s, I, >) MW_CMP(S, le_s, I, <=) MW_CMP(S, ge_s, I, >=)
        #define MW_INT_UNSIGNED(S, I, U) \
          MW_CMP(S, lt_u, U, <) MW_CMP(S, gt_u, U, >) MW_CMP(S, le_u, U, <=) MW_CMP(S, ge_u, U, >=) \
          MW_INLINE v128 mw_##S##_min_s(v128 a, v128 b) { return mw_select((v128)((I)a < (I)b), a, b); } \
          MW_INLINE v128 mw_##S##_min_u(v128 a, v128 b) { return mw_select((v128)((U)a < (U)b), a, b); } \
          MW_INLINE v128 mw_##S##_max_s(v128 a, v128 b) { return mw_select((v128)((I)a > (I)b), a, b); } \
          MW_INLINE v128 mw_##S##_max_u(v128 a, v128 b) { return mw_select((v128)((U)a > (U)b), a, b); }
        MW_INT_LANES(i8x16, mw_i8x16, mw_u8x16, 8)
        MW_INT_LANES(i16x8, mw_i16x8, mw_u16x8, 16)
        MW_INT_LANES(i32x4, mw_i32x4, mw_u32x4, 32)
        MW_INT_LANES(i64x2, mw_i64x2, v128, 64)
        MW_INT_UNSIGNED(i8x16, mw_i8x16, mw_u8x16)
        MW_INT_UNSIGNED(i16x8, mw_i16x8, mw_u16x8)
        MW_INT_UNSIGNED(i32x4, mw_i32x4, mw_u32x4)
        MW_INLINE v128 mw_i16x8_mul(v128 a, v128 b) { return (v128)((mw_u16x8)a * (mw_u16x8)b); }
        MW_INLINE v128 mw_i32x4_mul(v128 a, v128 b) { return (v128)((mw_u32x4)a * (mw_u32x4)b); }
        MW_INLINE v128 mw_i64x2_mul(v128 a, v128 b) { return a * b; }
        MW_INLINE v128 mw_i8x16_avgr_u(v128 a, v128 b) { mw_u8x16 x = (mw_u8x16)a, y = (mw_u8x16)b; return (v128)((x | y) - ((x ^ y) >> 1)); }
        MW_INLINE v128 mw_i16x8_avgr_u(v128 a, v128 b) { mw_u16x8 x = (mw_u16x8)a, y = (mw_u16x8)b; return (v128)((x | y) - ((x ^ y) >> 1)); }
        /* popcnt per byte: two lookups of a nibble's count (pshufb) on x86, AdvSIMD's own cnt, or the classic bit sums. */
        MW_INLINE v128 mw_i8x16_popcnt(v128 a) {
        #if defined(__x86_64__)
          mw_u8x16 x = (mw_u8x16)a, nibble = (mw_u8x16)mw_i8x16_splat(0x0F);
          mw_c8x16 counts = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };
          return (v128)((mw_u8x16)__builtin_ia32_pshufb128(counts, (mw_c8x16)(x & nibble))
                        + (mw_u8x16)__builtin_ia32_pshufb128(counts, (mw_c8x16)((x >> 4) & nibble)));
        #elif defined(__aarch64__)
          v128 r;
          __asm__("cnt %0.16b, %1.16b" : "=w"(r) : "w"(a));
          return r;
        #else
          mw_u8x16 x = (mw_u8x16)a;
          x = x - ((x >> 1) & (mw_u8x16)mw_i8x16_splat(0x55));
          x = (x & (mw_u8x16)mw_i8x16_splat(0x33)) + ((x >> 2) & (mw_u8x16)mw_i8x16_splat(0x33));
          return (v128)((x + (x >> 4)) & (mw_u8x16)mw_i8x16_splat(0x0F));
        #endif
        }

        /* Saturating add and subtract (spec 4.3.2 iadd_sat, isub_sat): SSE2 has them exactly; elsewhere the wrapped
           result is replaced where it carried (unsigned) or where the operands' signs say it overflowed (signed). */
        #if defined(__x86_64__)
        MW_INLINE v128 mw_i8x16_add_sat_s(v128 a, v128 b) { return (v128)__builtin_ia32_paddsb128((mw_c8x16)a, (mw_c8x16)b); }
        MW_INLINE v128 mw_i8x16_add_sat_u(v128 a, v128 b) { return (v128)__builtin_ia32_paddusb128((mw_c8x16)a, (mw_c8x16)b); }
        MW_INLINE v128 mw_i8x16_sub_sat_s(v128 a, v128 b) { return (v128)__builtin_ia32_psubsb128((mw_c8x16)a, (mw_c8x16)b); }
        MW_INLINE v128 mw_i8x16_sub_sat_u(v128 a, v128 b) { return (v128)__builtin_ia32_psubusb128((mw_c8x16)a, (mw_c8x16)b); }
        MW_INLINE v128 mw_i16x8_add_sat_s(v128 a, v128 b) { return (v128)__builtin_ia32_paddsw128((mw_i16x8)a, (mw_i16x8)b); }
        MW_INLINE v128 mw_i16x8_add_sat_u(v128 a, v128 b) { return (v128)__builtin_ia32_paddusw128((mw_i16x8)a, (mw_i16x8)b); }
        MW_INLINE v128 mw_i16x8_sub_sat_s(v128 a, v128 b) { return (v128)__builtin_ia32_psubsw128((mw_i16x8)a, (mw_i16x8)b); }
        MW_INLINE v128 mw_i16x8_sub_sat_u(v128 a, v128 b) { return (v128)__builtin_ia32_psubusw128((mw_i16x8)a, (mw_i16x8)b); }
        #else
        #define MW_SAT(S, I, U, B, MAX) \
          MW_INLINE v128 mw_##S##_add_sat_u(v128 a, v128 b) { U r = (U)a + (U)b; return (v128)(r | (U)(r < (U)a)); } \
          MW_INLINE v128 mw_##S##_sub_sat_u(v128 a, v128 b) { U r = (U)a - (U)b; return (v128)(r & (U)(r <= (U)a)); } \
          MW_INLINE v128 mw_##S##_add_sat_s(v128 a, v128 b) { \
            U r = (U)a + (U)b; v128 over = (v128)((I)(((U)a ^ r) & ((U)b ^ r)) >> (B - 1)); \
            return mw_select(over, (v128)(((U)a >> (B - 1)) + (U)mw_##S##_splat(MAX)), (v128)r); } \
          MW_INLINE v128 mw_##S##_sub_sat_s(v128 a, v128 b) { \
            U r = (U)a - (U)b; v128 over = (v128)((I)(((U)a ^ (U)b) & ((U)a ^ r)) >> (B - 1)); \
            return mw_select(over, (v128)(((U)a >> (B - 1)) + (U)mw_##S##_splat(MAX)), (v128)r); }
        MW_SAT(i8x16, mw_i8x16, mw_u8x16, 8, 0x7F)
        MW_SAT(i16x8, mw_i16x8, mw_u16x8, 16, 0x7FFF)
        #endif

        /* -- widening and narrowing (spec 4.4.3.7-4.4.3.9) -- */
        #define MW_LOW8(v) __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7)
        #define MW_HIGH8(v) __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15)
        #define MW_LOW4(v) __builtin_shufflevector(v, v, 0, 1, 2, 3)
        #define MW_HIGH4(v) __builtin_shufflevector(v, v, 4, 5, 6, 7)
        #define MW_LOW2(v) __builtin_shufflevector(v, v, 0, 1)
        #define MW_HIGH2(v) __builtin_shufflevector(v, v, 2, 3)
        MW_INLINE v128 mw_i16x8_extend_low_i8x16_s(v128 a) { return (v128)__builtin_convertvector(MW_LOW8((mw_i8x16)a), mw_i16x8); }
        MW_INLINE v128 mw_i16x8_extend_high_i8x16_s(v128 a) { return (v128)__builtin_convertvector(MW_HIGH8((mw_i8x16)a), mw_i16x8); }
        MW_INLINE v128 mw_i16x8_extend_low_i8x16_u(v128 a) { return (v128)__builtin_convertvector(MW_LOW8((mw_u8x16)a), mw_u16x8); }
        MW_INLINE v128 mw_i16x8_extend_high_i8x16_u(v128 a) { return (v128)__builtin_convertvector(MW_HIGH8((mw_u8x16)a), mw_u16x8); }
        MW_INLINE v128 mw_i32x4_extend_low_i16x8_s(v128 a) { return (v128)__builtin_convertvector(MW_LOW4((mw_i16x8)a), mw_i32x4); }
        MW_INLINE v128 mw_i32x4_extend_high_i16x8_s(v128 a) { return (v128)__builtin_convertvector(MW_HIGH4((mw_i16x8)a), mw_i32x4); }
        MW_INLINE v128 mw_i32x4_extend_low_i16x8_u(v128 a) { return (v128)__builtin_convertvector(MW_LOW4((mw_u16x8)a), mw_u32x4); }
        MW_INLINE v128 mw_i32x4_extend_high_i16x8_u(v128 a) { return (v128)__builtin_convertvector(MW_HIGH4((mw_u16x8)a), mw_u32x4); }
        MW_INLINE v128 mw_i64x2_extend_low_i32x4_s(v128 a) { return (v128)__builtin_convertvector(MW_LOW2((mw_i32x4)a), mw_i64x2); }
        MW_INLINE v128 mw_i64x2_extend_high_i32x4_s(v128 a) { return (v128)__builtin_convertvector(MW_HIGH2((mw_i32x4)a), mw_i64x2); }
        MW_INLINE v128 mw_i64x2_extend_low_i32x4_u(v128 a) { return (v128)__builtin_convertvector(MW_LOW2((mw_u32x4)a), v128); }
        MW_INLINE v128 mw_i64x2_extend_high_i32x4_u(v128 a) { return (v128)__builtin_convertvector(MW_HIGH2((mw_u32x4)a), v128); }
        /* extmul: the products of the extended lanes fit the wide lanes; multiplied unsigned, so nothing overflows in C. */
        #define MW_EXTMUL(S, half, T, U) \
          MW_INLINE v128 mw_##S##_extmul_##half##_##T(v128 a, v128 b) { \
            return (v128)((U)mw_##S##_extend_##half##_##T(a) * (U)mw_##S##_extend_##half##_##T(b)); }
        MW_EXTMUL(i16x8, low_i8x16, s, mw_u16x8) MW_EXTMUL(i16x8, high_i8x16, s, mw_u16x8)
        MW_EXTMUL(i16x8, low_i8x16, u, mw_u16x8) MW_EXTMUL(i16x8, high_i8x16, u, mw_u16x8)
        MW_EXTMUL(i32x4, low_i16x8, s, mw_u32x4) MW_EXTMUL(i32x4, high_i16x8, s, mw_u32x4)
        MW_EXTMUL(i32x4, low_i16x8, u, mw_u32x4) MW_EXTMUL(i32x4, high_i16x8, u, mw_u32x4)
        MW_EXTMUL(i64x2, low_i32x4, s, v128) MW_EXTMUL(i64x2, high_i32x4, s, v128)
        MW_EXTMUL(i64x2, low_i32x4, u, v128) MW_EXTMUL(i64x2, high_i32x4, u, v128)
        /* extadd_pairwise, on the input seen as lanes twice as wide: the low half extended plus the high half. */
        MW_INLINE v128 mw_i16x8_extadd_pairwise_i8x16_s(v128 a) { mw_i16x8 x = (mw_i16x8)a; return (v128)((mw_u16x8)((mw_i16x8)((mw_u16x8)x << 8) >> 8) + (mw_u16x8)(x >> 8)); }
        MW_INLINE v128 mw_i16x8_extadd_pairwise_i8x16_u(v128 a) { mw_u16x8 x = (mw_u16x8)a; return (v128)((x & (mw_u16x8)mw_i16x8_splat(0xFF)) + (x >> 8)); }
        MW_INLINE v128 mw_i32x4_extadd_pairwise_i16x8_s(v128 a) { mw_i32x4 x = (mw_i32x4)a; return (v128)((mw_u32x4)((mw_i32x4)((mw_u32x4)x << 16) >> 16) + (mw_u32x4)(x >> 16)); }
        MW_INLINE v128 mw_i32x4_extadd_pairwise_i16x8_u(v128 a) { mw_u32x4 x = (mw_u32x4)a; return (v128)((x & (mw_u32x4)mw_i32x4_splat(0xFFFF)) + (x >> 16)); }
        /* narrow: each input lane saturated to the narrow range (the _u forms read signed lanes), a's lanes first. */
        #if defined(__x86_64__)
        MW_INLINE v128 mw_i8x16_narrow_i16x8_s(v128 a, v128 b) { return (v128)__builtin_ia32_packsswb128((mw_i16x8)a, (mw_i16x8)b); }
        MW_INLINE v128 mw_i8x16_narrow_i16x8_u(v128 a, v128 b) { return (v128)__builtin_ia32_packuswb128((mw_i16x8)a, (mw_i16x8)b); }
        MW_INLINE v128 mw_i16x8_narrow_i32x4_s(v128 a, v128 b) { return (v128)__builtin_ia32_packssdw128((mw_i32x4)a, (mw_i32x4)b); }
        MW_INLINE v128 mw_i16x8_narrow_i32x4_u(v128 a, v128 b) { return (v128)__builtin_ia32_packusdw128((mw_i32x4)a, (mw_i32x4)b); }
        #else
        #define MW_CLAMP(W, x, lo, hi) \
          (W)mw_select((v128)((W)(x) < (W)mw_##lo), mw_##lo, mw_select((v128)((W)(x) > (W)mw_##hi), mw_##hi, (v128)(x)))
        #define MW_NARROW(S, W, N, H, lo, hi) \
          MW_INLINE v128 mw_##S(v128 a, v128 b) { \
            H x = __builtin_convertvector(MW_CLAMP(W, a, lo, hi), H), y = __builtin_convertvector(MW_CLAMP(W, b, lo, hi), H); \
            return (v128)__builtin_shufflevector(x, y, N); }
        #define MW_LANES16 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        #define MW_LANES8 0, 1, 2, 3, 4, 5, 6, 7
        #define mw_narrow_s8lo mw_i16x8_splat(0xFF80)
        #define mw_narrow_s8hi mw_i16x8_splat(0x7F)
        #define mw_narrow_u8lo mw_i16x8_splat(0)
        #define mw_narrow_u8hi mw_i16x8_splat(0xFF)
        #define mw_narrow_s16lo mw_i32x4_splat(0xFFFF8000u)
        #define mw_narrow_s16hi mw_i32x4_splat(0x7FFF)
        #define mw_narrow_u16lo mw_i32x4_splat(0)
        #define mw_narrow_u16hi mw_i32x4_splat(0xFFFF)
        MW_NARROW(i8x16_narrow_i16x8_s, mw_i16x8, MW_LANES16, mw_i8x8, narrow_s8lo, narrow_s8hi)
        MW_NARROW(i8x16_narrow_i16x8_u, mw_i16x8, MW_LANES16, mw_u8x8, narrow_u8lo, narrow_u8hi)
        MW_NARROW(i16x8_narrow_i32x4_s, mw_i32x4, MW_LANES8, mw_i16x4, narrow_s16lo, narrow_s16hi)
        MW_NARROW(i16x8_narrow_i32x4_u, mw_i32x4, MW_LANES8, mw_u16x4, narrow_u16lo, narrow_u16hi)
        #endif

        /* i16x8.q15mulr_sat_s: (a * b + 2^14) >> 15 per lane; only -32768 * -32768 (= 32768) saturates, to 32767. */
        MW_INLINE v128 mw_i16x8_q15mulr_sat_s(v128 a, v128 b) {
          v128 both = (v128)((mw_i16x8)a == (mw_i16x8)mw_i16x8_splat(0x8000)) & (v128)((mw_i16x8)b == (mw_i16x8)mw_i16x8_splat(0x8000));
        #if defined(__x86_64__)
          v128 r = (v128)__builtin_ia32_pmulhrsw128((mw_i16x8)a, (mw_i16x8)b); /* -32768 where the spec saturates */
        #elif defined(__aarch64__)
          /* (2ab + 2^15) >> 16 saturated is exactly the spec's operator. */
          v128 r;
          __asm__("sqrdmulh %0.8h, %1.8h, %2.8h" : "=w"(r) : "w"(a), "w"(b));
          return r;
        #else
          mw_u32x4 round = (mw_u32x4)mw_i32x4_splat(0x4000);
          mw_i32x4 lo = (mw_i32x4)((mw_u32x4)mw_i32x4_extmul_low_i16x8_s(a, b) + round) >> 15;
          mw_i32x4 hi = (mw_i32x4)((mw_u32x4)mw_i32x4_extmul_high_i16x8_s(a, b) + round) >> 15;
          v128 r = (v128)__builtin_shufflevector(__builtin_convertvector(lo, mw_i16x4), __builtin_convertvector(hi, mw_i16x4), 0, 1, 2, 3, 4, 5, 6, 7);
        #endif
          return r ^ both;
        }

        /* i32x4.dot_i16x8_s: products of lane pairs summed; the one overflowing sum (all four -32768) wraps, as pmaddwd does. */
        MW_INLINE v128 mw_i32x4_dot_i16x8_s(v128 a, v128 b) {
        #if defined(__x86_64__)
          return (v128)__builtin_ia32_pmaddwd128((mw_i16x8)a, (mw_i16x8)b);
        #else
          /* On the operands seen as i32 lanes: the even i16 lanes sign-extended (shifted up, then arithmetically down)
             times each other, plus the odd lanes (arithmetic shift), multiplied unsigned so that the sum may wrap. */
          mw_i32x4 x = (mw_i32x4)a, y = (mw_i32x4)b;
          mw_u32x4 even = (mw_u32x4)((mw_i32x4)((mw_u32x4)x << 16) >> 16) * (mw_u32x4)((mw_i32x4)((mw_u32x4)y << 16) >> 16);
          return (v128)(even + (mw_u32x4)(x >> 16) * (mw_u32x4)(y >> 16));
        #endif
        }

        /* bitmask: the top bit of each lane, lane i at bit i. */
        #if defined(__x86_64__)
        MW_INLINE u32 mw_i8x16_bitmask(v128 a) { return (u32)__builtin_ia32_pmovmskb128((mw_c8x16)a); }
        MW_INLINE u32 mw_i16x8_bitmask(v128 a) { return (u32)__builtin_ia32_pmovmskb128((mw_c8x16)__builtin_ia32_packsswb128((mw_i16x8)a, (mw_i16x8){ 0 })); }
        MW_INLINE u32 mw_i32x4_bitmask(v128 a) { return (u32)__builtin_ia32_movmskps((mw_f32x4)a); }
        MW_INLINE u32 mw_i64x2_bitmask(v128 a) { return (u32)__builtin_ia32_movmskpd((mw_f64x2)a); }
        #else
        /* Each negative lane becomes its bit's weight; the lanes of each 64-bit half are then summed by one multiplication
           (their bits are disjoint, so no partial sum carries), which lands the sum in the half's top lane. */
        MW_INLINE u32 mw_i8x16_bitmask(v128 a) {
          v128 m = (v128)((mw_i8x16)a < (mw_i8x16){ 0 }) & (v128)(mw_u8x16){ 1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128 };
          return (u32)((m[0] * 0x0101010101010101ull) >> 56) | (u32)((m[1] * 0x0101010101010101ull) >> 56) << 8;
        }
        MW_INLINE u32 mw_i16x8_bitmask(v128 a) {
          v128 m = (v128)((mw_i16x8)a < (mw_i16x8){ 0 }) & (v128)(mw_u16x8){ 1, 2, 4, 8, 16, 32, 64, 128 };
          return (u32)((m[0] * 0x0001000100010001ull) >> 48) | (u32)((m[1] * 0x0001000100010001ull) >> 48);
        }
        MW_INLINE u32 mw_i32x4_bitmask(v128 a) {
          v128 m = (v128)((mw_i32x4)a < (mw_i32x4){ 0 }) & (v128)(mw_u32x4){ 1, 2, 4, 8 };
          return (u32)((m[0] * 0x0000000100000001ull) >> 32) | (u32)((m[1] * 0x0000000100000001ull) >> 32);
        }
        MW_INLINE u32 mw_i64x2_bitmask(v128 a) { return (u32)(a[0] >> 63) | (u32)(a[1] >> 63) << 1; }
        #endif

        /* -- float lanes (spec 4.3.3 lane-wise) -- */
        #define MW_FLOAT_LANES(S, F) \
          MW_INLINE v128 mw_##S##_abs(v128 a) { return a & ~(v128)mw_##S##_splat(-0.0); } \
          MW_INLINE v128 mw_##S##_neg(v128 a) { return a ^ (v128)mw_##S##_splat(-0.0); } \
          MW_INLINE v128 mw_##S##_add(v128 a, v128 b) { return (v128)((F)a + (F)b); } \
          MW_INLINE v128 mw_##S##_sub(v128 a, v128 b) { return (v128)((F)a - (F)b); } \
          MW_INLINE v128 mw_##S##_mul(v128 a, v128 b) { return (v128)((F)a * (F)b); } \
          MW_INLINE v128 mw_##S##_div(v128 a, v128 b) { return (v128)((F)a / (F)b); } \
          MW_CMP(S, eq, F, ==) MW_CMP(S, ne, F, !=) MW_CMP(S, lt, F, <) MW_CMP(S, gt, F, >) MW_CMP(S, le, F, <=) MW_CMP(S, ge, F, >=) \
          /* fmin, fmax: NaN if either lane is NaN (a + b, quieted, canonical when the NaN operands are), and -0 < +0 */ \
          /* (equal lanes differ only as zeros: their OR is -0 if either is, their AND +0). */ \
          MW_INLINE v128 mw_##S##_min(v128 a, v128 b) { \
            F x = (F)a, y = (F)b; \
            v128 r = mw_select((v128)(x < y), a, mw_select((v128)(y < x), b, a | b)); \
            return mw_select((v128)((x != x) | (y != y)), (v128)(x + y), r); } \
          MW_INLINE v128 mw_##S##_max(v128 a, v128 b) { \
            F x = (F)a, y = (F)b; \
            v128 r = mw_select((v128)(y < x), a, mw_select((v128)(x < y), b, a & b)); \
            return mw_select((v128)((x != x) | (y != y)), (v128)(x + y), r); } \
          /* pmin, pmax (spec 4.3.3 fpmin, fpmax): b < a ? b : a and a < b ? b : a, exactly (a NaN compares false). */ \
          MW_INLINE v128 mw_##S##_pmin(v128 a, v128 b) { return mw_select((v128)((F)b < (F)a), b, a); } \
          MW_INLINE v128 mw_##S##_pmax(v128 a, v128 b) { return mw_select((v128)((F)a < (F)b), b, a); }
        MW_FLOAT_LANES(f32x4, mw_f32x4)
        MW_FLOAT_LANES(f64x2, mw_f64x2)
        /* sqrt and the roundings lane by lane with the scalar operators (spec 4.3.3), which C compilers vectorize. */
        #define MW_F32X4_MAP(name, f) \
          MW_INLINE v128 mw_f32x4_##name(v128 a) { mw_f32x4 x = (mw_f32x4)a; return (v128)(mw_f32x4){ f(x[0]), f(x[1]), f(x[2]), f(x[3]) }; }
        #define MW_F64X2_MAP(name, f) \
          MW_INLINE v128 mw_f64x2_##name(v128 a) { mw_f64x2 x = (mw_f64x2)a; return (v128)(mw_f64x2){ f(x[0]), f(x[1]) }; }
        MW_F32X4_MAP(sqrt, __builtin_sqrtf) MW_F32X4_MAP(ceil, __builtin_ceilf) MW_F32X4_MAP(floor, __builtin_floorf)
        MW_F32X4_MAP(trunc, __builtin_truncf) MW_F32X4_MAP(nearest, __builtin_nearbyintf)
        MW_F64X2_MAP(sqrt, __builtin_sqrt) MW_F64X2_MAP(ceil, __builtin_ceil) MW_F64X2_MAP(floor, __builtin_floor)
        MW_F64X2_MAP(trunc, __builtin_trunc) MW_F64X2_MAP(nearest, __builtin_nearbyint)

        /* -- conversions (spec 4.3.4 lane-wise) -- */
        /* trunc_sat (spec 4.3.4 trunc_sat): NaN to 0, out of range to the nearest bound. The lanes are clamped to the
           range first (converting a value out of range is undefined in C); of 32-bit bounds, only 2^31 - 1 and 2^32 - 1
           are not floats: lanes at or above 2^31 (2^32) are given them afterwards. */
        #define MW_CLAMPF(F, x, lo, hi) \
          (F)mw_select((v128)((x) != (x)), (v128){ 0, 0 }, \
                       mw_select((v128)((x) < (lo)), (v128)(lo), mw_select((v128)((x) > (hi)), (v128)(hi), (v128)(x))))
        MW_INLINE v128 mw_i32x4_trunc_sat_f32x4_s(v128 a) {
          mw_f32x4 x = (mw_f32x4)a, lo = (mw_f32x4)mw_f32x4_splat(-2147483648.0f), hi = (mw_f32x4)mw_f32x4_splat(2147483520.0f);
          v128 r = (v128)__builtin_convertvector(MW_CLAMPF(mw_f32x4, x, lo, hi), mw_i32x4);
          return mw_select((v128)(x >= (mw_f32x4)mw_f32x4_splat(2147483648.0f)), mw_i32x4_splat(0x7FFFFFFFu), r);
        }
        MW_INLINE v128 mw_i32x4_trunc_sat_f32x4_u(v128 a) {
          mw_f32x4 x = (mw_f32x4)a, lo = (mw_f32x4)mw_f32x4_splat(0.0f), hi = (mw_f32x4)mw_f32x4_splat(4294967040.0f);
          v128 r = (v128)__builtin_convertvector(MW_CLAMPF(mw_f32x4, x, lo, hi), mw_u32x4);
          return mw_select((v128)(x >= (mw_f32x4)mw_f32x4_splat(4294967296.0f)), mw_i32x4_splat(0xFFFFFFFFu), r);
        }
        MW_INLINE v128 mw_i32x4_trunc_sat_f64x2_s_zero(v128 a) {
          mw_f64x2 x = (mw_f64x2)a, lo = (mw_f64x2)mw_f64x2_splat(-2147483648.0), hi = (mw_f64x2)mw_f64x2_splat(2147483647.0);
          return (v128)__builtin_shufflevector(__builtin_convertvector(MW_CLAMPF(mw_f64x2, x, lo, hi), mw_i32x2), (mw_i32x2){ 0, 0 }, 0, 1, 2, 3);
        }
        MW_INLINE v128 mw_i32x4_trunc_sat_f64x2_u_zero(v128 a) {
          mw_f64x2 x = (mw_f64x2)a, lo = (mw_f64x2)mw_f64x2_splat(0.0), hi = (mw_f64x2)mw_f64x2_splat(4294967295.0);
          return (v128)__builtin_shufflevector(__builtin_convertvector(MW_CLAMPF(mw_f64x2, x, lo, hi), mw_u32x2), (mw_u32x2){ 0, 0 }, 0, 1, 2, 3);
        }
        MW_INLINE v128 mw_f32x4_convert_i32x4_s(v128 a) { return (v128)__builtin_convertvector((mw_i32x4)a, mw_f32x4); }
        MW_INLINE v128 mw_f32x4_convert_i32x4_u(v128 a) { return (v128)__builtin_convertvector((mw_u32x4)a, mw_f32x4); }
        MW_INLINE v128 mw_f64x2_convert_low_i32x4_s(v128 a) { return (v128)__builtin_convertvector(MW_LOW2((mw_i32x4)a), mw_f64x2); }
        MW_INLINE v128 mw_f64x2_convert_low_i32x4_u(v128 a) { return (v128)__builtin_convertvector(MW_LOW2((mw_u32x4)a), mw_f64x2); }
        MW_INLINE v128 mw_f32x4_demote_f64x2_zero(v128 a) {
          return (v128)__builtin_shufflevector(__builtin_convertvector((mw_f64x2)a, mw_f32x2), (mw_f32x2){ 0, 0 }, 0, 1, 2, 3);
        }
        /* As mw_f64_promote: the C compiler would fold demote(promote(x)) to x and keep a signalling NaN. */
        MW_INLINE v128 mw_f64x2_promote_low_f32x4(v128 a) {
          v128 r = (v128)__builtin_convertvector(MW_LOW2((mw_f32x4)a), mw_f64x2);
          MW_OPAQUE(r);
          return r;
        }

        /* -- relaxed SIMD's own operators (RelaxedSimd in the engine says why; RelaxedSimdOps computes the same) -- */
        /* madd, nmadd: unfused, the product rounded and then the sum (-ffp-contract=off keeps the C compiler from fusing). */
        MW_INLINE v128 mw_f32x4_relaxed_madd(v128 a, v128 b, v128 c) { return mw_f32x4_add(mw_f32x4_mul(a, b), c); }
        MW_INLINE v128 mw_f32x4_relaxed_nmadd(v128 a, v128 b, v128 c) { return mw_f32x4_sub(c, mw_f32x4_mul(a, b)); }
        MW_INLINE v128 mw_f64x2_relaxed_madd(v128 a, v128 b, v128 c) { return mw_f64x2_add(mw_f64x2_mul(a, b), c); }
        MW_INLINE v128 mw_f64x2_relaxed_nmadd(v128 a, v128 b, v128 c) { return mw_f64x2_sub(c, mw_f64x2_mul(a, b)); }
        /* dot: both operands' bytes signed, seen as i16 lanes of two bytes: the even bytes sign-extended (shifted up, then
           arithmetically down) times each other plus the odd bytes times each other, added with signed saturation (each
           product fits an i16; only -128 * -128 twice saturates). dot_add: those sums' adjacent lanes as i32, plus c. */
        MW_INLINE v128 mw_i16x8_relaxed_dot_i8x16_i7x16_s(v128 a, v128 b) {
          mw_i16x8 x = (mw_i16x8)a, y = (mw_i16x8)b;
          mw_i16x8 even = ((mw_i16x8)((mw_u16x8)x << 8) >> 8) * ((mw_i16x8)((mw_u16x8)y << 8) >> 8);
          mw_i16x8 odd = (x >> 8) * (y >> 8);
          return mw_i16x8_add_sat_s((v128)even, (v128)odd);
        }
        MW_INLINE v128 mw_i32x4_relaxed_dot_i8x16_i7x16_add_s(v128 a, v128 b, v128 c) {
          return mw_i32x4_add(mw_i32x4_extadd_pairwise_i16x8_s(mw_i16x8_relaxed_dot_i8x16_i7x16_s(a, b)), c);
        }

        """;
}
