//! Modules: decoded and validated WebAssembly.
use std::ffi::CStr;
use std::os::raw::c_char;
use std::path::Path;
use std::sync::Arc;

use crate::{sys, Engine, Error, ValType};

/// A function type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncType {
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

impl FuncType {
    pub(crate) fn of(handle: sys::wasm_func_type_t) -> FuncType {
        unsafe {
            FuncType {
                params: (0..sys::wasm_func_type_get_param_count(handle))
                    .map(|i| ValType::from_kind(sys::wasm_func_type_get_param_valkind(handle, i)))
                    .collect(),
                results: (0..sys::wasm_func_type_get_result_count(handle))
                    .map(|i| ValType::from_kind(sys::wasm_func_type_get_result_valkind(handle, i)))
                    .collect(),
            }
        }
    }
}

/// An import or export: `module` is empty for exports; `kind` is "func", "table", "memory" or "global"; `ty` is set
/// for functions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternDesc {
    pub module: String,
    pub name: String,
    pub kind: &'static str,
    pub ty: Option<FuncType>,
}

/// The loaded module; unloaded when the Module and every instance made from it are dropped.
pub(crate) struct ModuleHandle(pub(crate) sys::wasm_module_t);

// The C API lets any thread use a loaded module; the wrapper never mutates it.
unsafe impl Send for ModuleHandle {}
unsafe impl Sync for ModuleHandle {}

impl Drop for ModuleHandle {
    fn drop(&mut self) {
        unsafe { sys::wasm_runtime_unload(self.0) }
    }
}

/// A decoded, validated module (.wasm, or an .aot artifact of `microwasm compile`). Clones share it; threads may
/// instantiate it at the same time.
#[derive(Clone)]
pub struct Module {
    pub(crate) handle: Arc<ModuleHandle>,
}

pub(crate) fn c_text(p: *const c_char) -> String {
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

fn kind_name(kind: i32) -> &'static str {
    match kind {
        sys::WASM_IMPORT_EXPORT_KIND_FUNC => "func",
        sys::WASM_IMPORT_EXPORT_KIND_TABLE => "table",
        sys::WASM_IMPORT_EXPORT_KIND_MEMORY => "memory",
        _ => "global",
    }
}

impl Module {
    /// Loads a module from its bytes (the runtime copies them). Bad bytes give `Error::Load` with the runtime's
    /// message.
    pub fn new(_engine: &Engine, wasm: &[u8]) -> Result<Module, Error> {
        let mut bytes = wasm.to_vec();
        let mut message = [0 as c_char; 256];
        let handle = unsafe {
            sys::wasm_runtime_load(bytes.as_mut_ptr(), bytes.len() as u32, message.as_mut_ptr(), message.len() as u32)
        };
        if handle.is_null() {
            return Err(Error::Load(c_text(message.as_ptr())));
        }
        Ok(Module { handle: Arc::new(ModuleHandle(handle)) })
    }

    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module, Error> {
        let path = path.as_ref();
        let wasm = std::fs::read(path).map_err(|e| Error::Usage(format!("{}: {}", path.display(), e)))?;
        Module::new(engine, &wasm)
    }

    pub fn imports(&self) -> Vec<ExternDesc> {
        let h = self.handle.0;
        (0..unsafe { sys::wasm_runtime_get_import_count(h) })
            .map(|i| unsafe {
                let mut d: sys::wasm_import_t = std::mem::zeroed();
                sys::wasm_runtime_get_import_type(h, i, &mut d);
                ExternDesc {
                    module: c_text(d.module_name),
                    name: c_text(d.name),
                    kind: kind_name(d.kind),
                    ty: (d.kind == sys::WASM_IMPORT_EXPORT_KIND_FUNC).then(|| FuncType::of(d.u)),
                }
            })
            .collect()
    }

    pub fn exports(&self) -> Vec<ExternDesc> {
        let h = self.handle.0;
        (0..unsafe { sys::wasm_runtime_get_export_count(h) })
            .map(|i| unsafe {
                let mut d: sys::wasm_export_t = std::mem::zeroed();
                sys::wasm_runtime_get_export_type(h, i, &mut d);
                ExternDesc {
                    module: String::new(),
                    name: c_text(d.name),
                    kind: kind_name(d.kind),
                    ty: (d.kind == sys::WASM_IMPORT_EXPORT_KIND_FUNC).then(|| FuncType::of(d.u)),
                }
            })
            .collect()
    }
}

