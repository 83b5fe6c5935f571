"""WASI preview1 configuration for an instance: arguments, environment, directories and standard streams."""

import ctypes


def _fd(stream):
    if stream is None:
        return -1
    return stream if isinstance(stream, int) else stream.fileno()


class WasiConfig:
    """What a WASI program sees. `argv` starts with the program's name; `env` maps names to values; `preopens` maps
    the guest's directory names to host directories; stdin, stdout and stderr are descriptors or file objects (None:
    the process's own). Without a WasiConfig a module that imports WASI gets none of these, and the process's stdio."""

    def __init__(self, argv=(), env=None, preopens=None, stdin=None, stdout=None, stderr=None):
        self.argv = list(argv)
        self.env = dict(env or {})
        self.preopens = dict(preopens or {})
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr

    def apply(self, lib, module_handle):
        """wasm_runtime_set_wasi_args_ex on the module, for the instances made from now on (it copies the strings)."""
        def strings(items):
            encoded = [s.encode() for s in items]
            return (ctypes.c_char_p * max(len(encoded), 1))(*encoded), len(encoded)
        # Map entries are WAMR's "GUEST::HOST".
        maps, map_count = strings("%s::%s" % (guest, host) for guest, host in self.preopens.items())
        env, env_count = strings("%s=%s" % item for item in self.env.items())
        argv, argc = strings(self.argv)
        no_dirs = (ctypes.c_char_p * 1)()
        lib.wasm_runtime_set_wasi_args_ex(module_handle, no_dirs, 0, maps, map_count, env, env_count, argv, argc,
                                          _fd(self.stdin), _fd(self.stdout), _fd(self.stderr))
