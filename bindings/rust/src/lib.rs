//! MicroWasm for Rust: [`sys`] declares the C API of libmicrowasm.so (`wasm_export.h`); the rest is a small safe
//! wrapper over it.
//!
//! ```no_run
//! use microwasm::{Engine, Module, Store, Val};
//! let engine = Engine::new().unwrap();
//! let module = Module::from_file(&engine, "example.wasm").unwrap();
//! let mut store = Store::new(&engine);
//! store.define("env", "twice", |_caller, args| Ok(Some(Val::I32(2 * args[0].i32()))));
//! store.define("env", "log", |_caller, _args| Ok(None));
//! let mut instance = store.instantiate(&module).unwrap();
//! assert_eq!(instance.call("add", &[Val::I32(2), Val::I32(3)]).unwrap(), vec![Val::I32(5)]);
//! ```

pub mod sys;

mod engine;
mod error;
mod instance;
mod memory;
mod module;
mod store;
mod val;
mod wasi;

pub use engine::Engine;
pub use error::{Error, Trap};
pub use instance::Instance;
pub use memory::Memory;
pub use module::{ExternDesc, FuncType, Module};
pub use store::{Caller, Store};
pub use val::{Val, ValType};
pub use wasi::WasiConfig;
