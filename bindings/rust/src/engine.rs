//! The engine: the initialized library.
use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

use crate::{sys, Error};

/// The library ABI this crate is written for (the soname's libmicrowasm.so.0.1).
pub const ABI: (u32, u32) = (0, 1);

static INIT: Once = Once::new();
static INIT_OK: AtomicBool = AtomicBool::new(false);
/// Instantiation registers host functions process-wide for a moment (WAMR natives): one at a time.
pub(crate) static INSTANTIATION: Mutex<()> = Mutex::new(());

/// The initialized runtime (wasm_runtime_init, once per process). Cheap to clone.
#[derive(Clone, Debug)]
pub struct Engine {
    pub version: (u32, u32, u32),
}

impl Engine {
    /// Checks the library's version and initializes the runtime.
    pub fn new() -> Result<Engine, Error> {
        let (mut major, mut minor, mut patch) = (0, 0, 0);
        unsafe { sys::microwasm_get_version(&mut major, &mut minor, &mut patch) };
        if (major, minor) != ABI {
            return Err(Error::Usage(format!(
                "libmicrowasm {}.{}.{} does not have the ABI {}.{} this crate is written for",
                major, minor, patch, ABI.0, ABI.1
            )));
        }
        INIT.call_once(|| INIT_OK.store(unsafe { sys::wasm_runtime_init() }, Ordering::SeqCst));
        if !INIT_OK.load(Ordering::SeqCst) {
            return Err(Error::Usage(format!("wasm_runtime_init failed: {}", last_error())));
        }
        Ok(Engine { version: (major, minor, patch) })
    }
}

/// microwasm_last_error(): the last failure on this thread of a function without an error buffer.
pub(crate) fn last_error() -> String {
    let text = unsafe { sys::microwasm_last_error() };
    if text.is_null() {
        "unknown error".to_string()
    } else {
        unsafe { CStr::from_ptr(text) }.to_string_lossy().into_owned()
    }
}

/// Prepares the calling thread for WebAssembly, as the C API asks of threads the host created (cheap once done).
pub(crate) fn enter_thread() {
    unsafe {
        if !sys::wasm_runtime_thread_env_inited() {
            sys::wasm_runtime_init_thread_env();
        }
    }
}
