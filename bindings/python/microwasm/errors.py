"""The errors of the package: one base class, one subclass per stage that can fail."""


class MicroWasmError(Exception):
    """Anything the runtime refused or that went wrong inside it."""


class LoadError(MicroWasmError):
    """The bytes are not a valid module (malformed or invalid), with the runtime's message."""


class InstantiationError(MicroWasmError):
    """A module could not be instantiated: an import without a definition, a start function that trapped, ..."""


class Trap(MicroWasmError):
    """WebAssembly code trapped. `message` is the runtime's wording ("integer divide by zero", "unreachable", ...),
    or what a host function's exception said; a host function's exception is also the trap's __cause__."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def trap_from_exception(text):
    """A Trap from wasm_runtime_get_exception's text ("Exception: <message>")."""
    prefix = "Exception: "
    return Trap(text[len(prefix):] if text.startswith(prefix) else text)
