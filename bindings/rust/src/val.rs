//! WebAssembly values that cross the wrapper: the four numeric types.
use crate::sys;

/// A value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValType {
    I32,
    I64,
    F32,
    F64,
    /// v128 or a reference: listed in types, not passed by this wrapper.
    Other(u8),
}

impl ValType {
    pub(crate) fn from_kind(kind: sys::wasm_valkind_t) -> ValType {
        match kind {
            sys::WASM_I32 => ValType::I32,
            sys::WASM_I64 => ValType::I64,
            sys::WASM_F32 => ValType::F32,
            sys::WASM_F64 => ValType::F64,
            other => ValType::Other(other),
        }
    }
}

/// A value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val {
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
}

impl Val {
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
        }
    }

    /// The i32, or a panic: for host functions, whose argument types the import fixes.
    pub fn i32(&self) -> i32 {
        match self {
            Val::I32(v) => *v,
            other => panic!("{:?} is not an i32", other),
        }
    }

    /// The i64, or a panic.
    pub fn i64(&self) -> i64 {
        match self {
            Val::I64(v) => *v,
            other => panic!("{:?} is not an i64", other),
        }
    }

    /// The value's 64-bit slot (i32 and f32 in the low half), as raw natives and wasm_val_t hold it.
    pub(crate) fn bits(&self) -> u64 {
        match *self {
            Val::I32(v) => v as u32 as u64,
            Val::I64(v) => v as u64,
            Val::F32(v) => v.to_bits() as u64,
            Val::F64(v) => v.to_bits(),
        }
    }

    pub(crate) fn from_bits(ty: ValType, bits: u64) -> Option<Val> {
        match ty {
            ValType::I32 => Some(Val::I32(bits as u32 as i32)),
            ValType::I64 => Some(Val::I64(bits as i64)),
            ValType::F32 => Some(Val::F32(f32::from_bits(bits as u32))),
            ValType::F64 => Some(Val::F64(f64::from_bits(bits))),
            ValType::Other(_) => None,
        }
    }

    pub(crate) fn to_c(self) -> sys::wasm_val_t {
        let kind = match self.ty() {
            ValType::I32 => sys::WASM_I32,
            ValType::I64 => sys::WASM_I64,
            ValType::F32 => sys::WASM_F32,
            _ => sys::WASM_F64,
        };
        // The union's low 4 bytes hold an i32 or f32 on the little-endian targets the library is built for.
        sys::wasm_val_t { kind, _paddings: [0; 7], of: self.bits() }
    }
}
