//! Instances: calls, memories, WASI runs.
use std::ffi::CString;
use std::sync::Arc;

use crate::engine::enter_thread;
use crate::memory::Memory;
use crate::module::{c_text, ModuleHandle};
use crate::store::{Binding, PENDING};
use crate::{sys, Error, Trap, Val, ValType};

/// An instance of a module, made by a Store. It may move to another thread; it is used by one at a time.
pub struct Instance {
    handle: sys::wasm_module_inst_t,
    exec_env: sys::wasm_exec_env_t,
    _bindings: Vec<Box<Binding>>, // the natives' attachments: alive as long as the instance
    _module: Arc<ModuleHandle>,   // unloaded after its instances
}

// The C API lets an instance be used by any thread, one at a time; &mut self on every call ensures that.
unsafe impl Send for Instance {}

impl Instance {
    pub(crate) fn new(handle: sys::wasm_module_inst_t, module: Arc<ModuleHandle>, bindings: Vec<Box<Binding>>) -> Instance {
        Instance { handle, exec_env: std::ptr::null_mut(), _bindings: bindings, _module: module }
    }

    /// Calls the exported function `name` with arguments of its parameter types; returns its results. A trap is
    /// `Error::Trap`, after which the instance is usable again.
    pub fn call(&mut self, name: &str, args: &[Val]) -> Result<Vec<Val>, Error> {
        let function = lookup_function(self.handle, name)?;
        enter_thread();
        if self.exec_env.is_null() {
            self.exec_env = unsafe { sys::wasm_runtime_create_exec_env(self.handle, 64 * 1024) };
            if self.exec_env.is_null() {
                return Err(Error::Usage(format!("cannot create an exec env: {}", crate::engine::last_error())));
            }
        }
        call_function(self.exec_env, self.handle, function, args)
    }

    /// The exported memory `name` ("memory" also finds memory 0 when nothing has that name).
    pub fn memory(&mut self, name: &str) -> Option<Memory<'_>> {
        Memory::of_instance(self.handle, name)
    }

    /// Runs a WASI command (its _start) and returns the exit code it ended with (0 when _start returns).
    pub fn run_wasi(&mut self) -> Result<u32, Error> {
        enter_thread();
        PENDING.with(|p| p.borrow_mut().take());
        if !unsafe { sys::wasm_application_execute_main(self.handle, 0, std::ptr::null_mut()) } {
            return Err(take_trap(self.handle).into());
        }
        Ok(unsafe { sys::wasm_runtime_get_wasi_exit_code(self.handle) })
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        unsafe {
            if !self.exec_env.is_null() {
                sys::wasm_runtime_destroy_exec_env(self.exec_env);
            }
            sys::wasm_runtime_deinstantiate(self.handle);
        }
    }
}

pub(crate) fn lookup_function(inst: sys::wasm_module_inst_t, name: &str) -> Result<sys::wasm_function_inst_t, Error> {
    let cname = CString::new(name).map_err(|_| Error::Usage(format!("{:?}: not a C string", name)))?;
    let function = unsafe { sys::wasm_runtime_lookup_function(inst, cname.as_ptr()) };
    if function.is_null() {
        return Err(Error::Usage(format!("no exported function {:?}", name)));
    }
    Ok(function)
}

fn kinds(count: u32, fill: impl FnOnce(*mut sys::wasm_valkind_t)) -> Vec<ValType> {
    let mut kinds = vec![0u8; count as usize + 1];
    fill(kinds.as_mut_ptr());
    kinds.truncate(count as usize);
    kinds.into_iter().map(ValType::from_kind).collect()
}

/// wasm_runtime_call_wasm_a with the arguments checked against the function's type.
pub(crate) fn call_function(env: sys::wasm_exec_env_t, inst: sys::wasm_module_inst_t,
                            function: sys::wasm_function_inst_t, args: &[Val]) -> Result<Vec<Val>, Error> {
    let params = kinds(unsafe { sys::wasm_func_get_param_count(function, inst) },
                       |p| unsafe { sys::wasm_func_get_param_types(function, inst, p) });
    let results = kinds(unsafe { sys::wasm_func_get_result_count(function, inst) },
                        |p| unsafe { sys::wasm_func_get_result_types(function, inst, p) });
    let given: Vec<ValType> = args.iter().map(Val::ty).collect();
    if given != params || results.iter().any(|t| matches!(t, ValType::Other(_))) {
        return Err(Error::Usage(format!("the function takes {:?} and returns {:?}; given {:?}", params, results, given)));
    }
    let mut c_args: Vec<sys::wasm_val_t> = args.iter().map(|v| v.to_c()).collect();
    let mut c_results = vec![Val::I32(0).to_c(); results.len()];
    PENDING.with(|p| p.borrow_mut().take());
    let ok = unsafe {
        sys::wasm_runtime_call_wasm_a(env, function, c_results.len() as u32, c_results.as_mut_ptr(),
                                      c_args.len() as u32, c_args.as_mut_ptr())
    };
    if !ok {
        return Err(take_trap(inst).into());
    }
    Ok(results.iter().zip(&c_results).map(|(ty, v)| Val::from_bits(*ty, v.of).expect("numeric")).collect())
}

/// The instance's exception as a Trap, cleared; a trap that passed through a host function comes out as itself.
fn take_trap(inst: sys::wasm_module_inst_t) -> Trap {
    let text = unsafe { sys::wasm_runtime_get_exception(inst) };
    let trap = Trap::from_exception(&if text.is_null() { "unknown trap".to_string() } else { c_text(text) });
    unsafe { sys::wasm_runtime_clear_exception(inst) };
    match PENDING.with(|p| p.borrow_mut().take()) {
        Some(nested) if nested.from_wasm => nested,
        _ => trap,
    }
}
