//! Stores: the host functions modules may import; instantiation.
use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::CString;
use std::os::raw::{c_char, c_void};
use std::panic::{self, AssertUnwindSafe};
use std::ptr;
use std::sync::Arc;

use crate::engine::{enter_thread, last_error, INSTANTIATION};
use crate::instance::{call_function, lookup_function};
use crate::memory::Memory;
use crate::module::c_text;
use crate::{sys, Engine, Error, FuncType, Instance, Module, Trap, Val, ValType, WasiConfig};

const WASI_MODULE: &str = "wasi_snapshot_preview1";

/// A host function: it gets the caller and the arguments (of the import's types) and returns at most one value.
pub(crate) type HostFn = Arc<dyn Fn(&mut Caller, &[Val]) -> Result<Option<Val>, Trap> + Send + Sync>;

/// What a host function gets first: the calling instance's memory and exports.
pub struct Caller {
    env: sys::wasm_exec_env_t,
    inst: sys::wasm_module_inst_t,
}

impl Caller {
    /// The calling instance's memory `name` ("memory" also finds memory 0 when nothing has that name).
    pub fn memory(&mut self, name: &str) -> Option<Memory<'_>> {
        Memory::of_instance(self.inst, name)
    }

    /// Calls an export of the calling instance (its trap comes out of the outer call unchanged when returned).
    pub fn call(&mut self, name: &str, args: &[Val]) -> Result<Vec<Val>, Trap> {
        let function = lookup_function(self.inst, name).map_err(|e| Trap::new(e.to_string()))?;
        call_function(self.env, self.inst, function, args).map_err(|e| match e {
            Error::Trap(t) => t,
            other => Trap::new(other.to_string()),
        })
    }
}

/// One import bound to a host function, for one instance; its address is the native's attachment.
pub(crate) struct Binding {
    module: String,
    name: String,
    func: HostFn,
    ty: FuncType,
}

thread_local! {
    /// The trap a host function ended with on this thread, so that a nested call's trap comes out unchanged.
    pub(crate) static PENDING: RefCell<Option<Trap>> = RefCell::new(None);
}

extern "C" fn trampoline(env: sys::wasm_exec_env_t, args: *mut u64) {
    let inst = unsafe { sys::wasm_runtime_get_module_inst(env) };
    // The attachment is a Box<Binding> that the instance owns (see Store::instantiate).
    let binding = unsafe { &*(sys::wasm_runtime_get_function_attachment(env) as *const Binding) };
    // Nothing may unwind into C: a panic becomes a trap.
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| binding.call(env, inst, args)));
    let trap = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(trap)) => trap,
        Err(payload) => Trap::new(format!(
            "panic: {}",
            payload.downcast_ref::<&str>().map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(not a string)".to_string())
        )),
    };
    let message = format!("{}.{} failed: {}", binding.module, binding.name, trap.message).replace('\0', " ");
    PENDING.with(|p| *p.borrow_mut() = Some(trap));
    let message = CString::new(message).unwrap_or_default();
    unsafe { sys::wasm_runtime_set_exception(inst, message.as_ptr()) };
}

impl Binding {
    fn call(&self, env: sys::wasm_exec_env_t, inst: sys::wasm_module_inst_t, args: *mut u64) -> Result<(), Trap> {
        let slots = unsafe { std::slice::from_raw_parts_mut(args, self.ty.params.len().max(1)) };
        let values: Vec<Val> = self.ty.params.iter().zip(slots.iter())
            .map(|(ty, bits)| Val::from_bits(*ty, *bits).expect("numeric types, checked at instantiation"))
            .collect();
        let result = (self.func)(&mut Caller { env, inst }, &values)?;
        match (result, self.ty.results.first()) {
            (None, None) => Ok(()),
            (Some(v), Some(ty)) if v.ty() == *ty => {
                slots[0] = v.bits();
                Ok(())
            }
            (r, ty) => Err(Trap::new(format!("the host function returned {:?}, its type wants {:?}", r, ty))),
        }
    }
}

/// Host functions by import name, for the instances it makes.
pub struct Store {
    functions: HashMap<(String, String), HostFn>,
}

impl Store {
    pub fn new(_engine: &Engine) -> Store {
        Store { functions: HashMap::new() }
    }

    /// Makes `func` the import `module`.`name`. It gets the import's argument types and returns at most one value of
    /// its result type; an `Err`, a wrong result or a panic ends the WebAssembly call with a trap.
    pub fn define<F>(&mut self, module: &str, name: &str, func: F) -> &mut Store
    where
        F: Fn(&mut Caller, &[Val]) -> Result<Option<Val>, Trap> + Send + Sync + 'static,
    {
        self.functions.insert((module.to_string(), name.to_string()), Arc::new(func));
        self
    }

    /// Instantiates with the store's functions; a module that imports WASI gets it without arguments, directories,
    /// and with the process's stdio.
    pub fn instantiate(&self, module: &Module) -> Result<Instance, Error> {
        self.instantiate_wasi(module, &WasiConfig::default())
    }

    /// Instantiates with the store's functions and WASI configured by `wasi`.
    pub fn instantiate_wasi(&self, module: &Module, wasi: &WasiConfig) -> Result<Instance, Error> {
        let mut bindings: Vec<Box<Binding>> = Vec::new();
        let mut uses_wasi = false;
        for import in module.imports() {
            let func = match self.functions.get(&(import.module.clone(), import.name.clone())) {
                Some(f) => f.clone(),
                None if import.module == WASI_MODULE => {
                    uses_wasi = true;
                    continue;
                }
                None => {
                    return Err(Error::Instantiation(format!(
                        "unknown import: {}.{} has not been defined", import.module, import.name)))
                }
            };
            let ty = match import.ty {
                Some(ty) if ty.results.len() <= 1 && ty.params.iter().chain(&ty.results).all(|t| !matches!(t, ValType::Other(_))) => ty,
                _ => return Err(Error::Instantiation(format!(
                    "{}.{}: host functions take and return numbers, at most one result", import.module, import.name))),
            };
            bindings.push(Box::new(Binding { module: import.module, name: import.name, func, ty }));
        }
        let handle = register_and_instantiate(module.handle.0, &bindings, uses_wasi, wasi)?;
        Ok(Instance::new(handle, module.handle.clone(), bindings))
    }
}

/// Registers the bindings as raw natives, instantiates and unregisters them, under one lock: natives are
/// process-wide in the C API, and are read when an instance is made.
fn register_and_instantiate(module: sys::wasm_module_t, bindings: &[Box<Binding>], uses_wasi: bool,
                            wasi: &WasiConfig) -> Result<sys::wasm_module_inst_t, Error> {
    let _lock = INSTANTIATION.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    enter_thread();
    let names: Vec<CString> = bindings.iter().map(|b| CString::new(b.name.as_str()).unwrap_or_default()).collect();
    let mut groups: HashMap<&str, Vec<sys::NativeSymbol>> = HashMap::new();
    for (binding, name) in bindings.iter().zip(&names) {
        groups.entry(binding.module.as_str()).or_default().push(sys::NativeSymbol {
            symbol: name.as_ptr(),
            func_ptr: trampoline as sys::RawNative as *mut c_void,
            signature: ptr::null(),
            attachment: &**binding as *const Binding as *mut c_void,
        });
    }
    let modules: Vec<(CString, Vec<sys::NativeSymbol>)> =
        groups.into_iter().map(|(m, s)| (CString::new(m).unwrap_or_default(), s)).collect();
    let mut registered = Vec::new();
    let mut result = Ok(ptr::null_mut());
    for (name, symbols) in &modules {
        let symbols_ptr = symbols.as_ptr() as *mut sys::NativeSymbol;
        if unsafe { sys::wasm_runtime_register_natives_raw(name.as_ptr(), symbols_ptr, symbols.len() as u32) } {
            registered.push((name, symbols_ptr));
        } else {
            result = Err(Error::Instantiation(format!("cannot register host functions: {}", last_error())));
        }
    }
    if result.is_ok() {
        if uses_wasi {
            wasi.apply(module); // always: a module keeps the WASI arguments of its previous instantiation
        }
        let mut message = [0 as c_char; 256];
        let inst = unsafe {
            sys::wasm_runtime_instantiate(module, 64 * 1024, 0, message.as_mut_ptr(), message.len() as u32)
        };
        result = if inst.is_null() { Err(Error::Instantiation(c_text(message.as_ptr()))) } else { Ok(inst) };
    }
    for (name, symbols) in registered {
        unsafe { sys::wasm_runtime_unregister_natives(name.as_ptr(), symbols) };
    }
    result
}
