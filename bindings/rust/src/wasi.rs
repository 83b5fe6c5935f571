//! WASI preview1 configuration.
use std::ffi::CString;
use std::os::raw::c_char;
use std::os::unix::io::RawFd;

use crate::sys;

/// What a WASI program sees: `args` (its name first), `env` (name, value), `preopens` (guest directory, host
/// directory) and the descriptors of its standard streams (None: the process's own).
#[derive(Clone, Debug, Default)]
pub struct WasiConfig {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub preopens: Vec<(String, String)>,
    pub stdin: Option<RawFd>,
    pub stdout: Option<RawFd>,
    pub stderr: Option<RawFd>,
}

fn c_strings(items: impl Iterator<Item = String>) -> (Vec<CString>, Vec<*const c_char>) {
    let owned: Vec<CString> = items.map(|s| CString::new(s.replace('\0', "")).unwrap_or_default()).collect();
    let mut pointers: Vec<*const c_char> = owned.iter().map(|s| s.as_ptr()).collect();
    pointers.push(std::ptr::null());
    (owned, pointers)
}

impl WasiConfig {
    /// wasm_runtime_set_wasi_args_ex on the module, for the instances made from now on (the runtime copies them).
    pub(crate) fn apply(&self, module: sys::wasm_module_t) {
        // WAMR's map entries are "GUEST::HOST".
        let (_m, mut maps) = c_strings(self.preopens.iter().map(|(guest, host)| format!("{}::{}", guest, host)));
        let (_e, mut env) = c_strings(self.env.iter().map(|(name, value)| format!("{}={}", name, value)));
        let (_a, mut argv) = c_strings(self.args.iter().cloned());
        let mut dirs = [std::ptr::null::<c_char>()];
        let fd = |f: Option<RawFd>| f.map_or(-1, i64::from);
        unsafe {
            sys::wasm_runtime_set_wasi_args_ex(module, dirs.as_mut_ptr(), 0, maps.as_mut_ptr(), (maps.len() - 1) as u32,
                env.as_mut_ptr(), (env.len() - 1) as u32, argv.as_mut_ptr() as *mut *mut c_char,
                (argv.len() - 1) as i32, fd(self.stdin), fd(self.stdout), fd(self.stderr));
        }
    }
}
