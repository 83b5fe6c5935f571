//! The errors of the wrapper.
use std::fmt;

/// WebAssembly trapped: `message` is the runtime's wording ("integer divide by zero", ...), or what a host function
/// returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trap {
    pub message: String,
    /// Made by WebAssembly (not a host function): such a trap passes through host functions unchanged.
    pub(crate) from_wasm: bool,
}

impl Trap {
    /// A trap for a host function to return.
    pub fn new(message: impl Into<String>) -> Trap {
        Trap { message: message.into(), from_wasm: false }
    }

    pub(crate) fn from_exception(text: &str) -> Trap {
        Trap { message: text.strip_prefix("Exception: ").unwrap_or(text).to_string(), from_wasm: true }
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "trap: {}", self.message)
    }
}

impl std::error::Error for Trap {}

/// Anything that failed: a refused module, an instantiation, a trap, a misuse of the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The bytes are not a valid module; the runtime's message.
    Load(String),
    /// The module could not be instantiated.
    Instantiation(String),
    Trap(Trap),
    /// Wrong arguments, a missing export, the library's version...
    Usage(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Load(m) | Error::Instantiation(m) | Error::Usage(m) => f.write_str(m),
            Error::Trap(t) => t.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<Trap> for Error {
    fn from(t: Trap) -> Error {
        Error::Trap(t)
    }
}
