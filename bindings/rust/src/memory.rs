//! Linear memory, seen as a byte slice.
use std::ffi::CString;
use std::marker::PhantomData;

use crate::{sys, Error};

/// A linear memory of an instance, borrowed from it (`Instance::memory` or `Caller::memory`): no WebAssembly runs
/// while it is held, so its bytes can be a plain slice. On 64-bit hosts the memory never moves.
pub struct Memory<'a> {
    handle: sys::wasm_memory_inst_t,
    _instance: PhantomData<&'a mut ()>,
}

impl<'a> Memory<'a> {
    pub(crate) fn of_instance(inst: sys::wasm_module_inst_t, name: &str) -> Option<Memory<'a>> {
        let cname = CString::new(name).ok()?;
        let mut handle = unsafe { sys::wasm_runtime_lookup_memory(inst, cname.as_ptr()) };
        if handle.is_null() && name == "memory" {
            handle = unsafe { sys::wasm_runtime_get_default_memory(inst) };
        }
        (!handle.is_null()).then(|| Memory { handle, _instance: PhantomData })
    }

    pub fn pages(&self) -> u64 {
        unsafe { sys::wasm_memory_get_cur_page_count(self.handle) }
    }

    pub fn max_pages(&self) -> u64 {
        unsafe { sys::wasm_memory_get_max_page_count(self.handle) }
    }

    pub fn size(&self) -> usize {
        (self.pages() * unsafe { sys::wasm_memory_get_bytes_per_page(self.handle) }) as usize
    }

    pub fn data(&self) -> &[u8] {
        let size = self.size();
        if size == 0 {
            return &[];
        }
        // The runtime keeps `size` bytes at the base while the instance lives, which the borrow guarantees.
        unsafe { std::slice::from_raw_parts(sys::wasm_memory_get_base_address(self.handle) as *const u8, size) }
    }

    pub fn data_mut(&mut self) -> &mut [u8] {
        let size = self.size();
        if size == 0 {
            return &mut [];
        }
        unsafe { std::slice::from_raw_parts_mut(sys::wasm_memory_get_base_address(self.handle) as *mut u8, size) }
    }

    /// Adds `pages` pages of 64 KiB; returns the previous size in pages.
    pub fn grow(&mut self, pages: u64) -> Result<u64, Error> {
        let previous = self.pages();
        if !unsafe { sys::wasm_memory_enlarge(self.handle, pages) } {
            return Err(Error::Usage(format!(
                "cannot grow the memory by {} pages from {} (maximum {})", pages, previous, self.max_pages())));
        }
        Ok(previous)
    }
}
