"""The Pythonic API over libmicrowasm.so: modules, stores, instances, exports as callables, host functions, memory,
globals, traps, WASI and threads."""

import os
import tempfile
import threading
import unittest

import microwasm
from tests.support import EXAMPLE_WASM, WASI_FIXTURES, read


def example_store(log=None):
    """A store with the example's two imports: env.log collects strings, env.twice doubles."""
    store = microwasm.Store()
    store.define("env", "log", lambda caller, ptr, n: (log if log is not None else []).append(
        caller.memory.read(ptr, n).decode()), caller=True)
    store.define("env", "twice", lambda x: 2 * x)
    return store


class ModuleTest(unittest.TestCase):
    def test_from_bytes_and_from_file_describe_the_same_module(self):
        from_bytes = microwasm.Module(read(EXAMPLE_WASM))
        from_file = microwasm.Module.from_file(EXAMPLE_WASM)
        self.assertEqual(from_bytes.exports, from_file.exports)
        self.assertEqual([(i.module, i.name, i.kind) for i in from_file.imports],
                         [("env", "log", "func"), ("env", "twice", "func")])
        self.assertEqual(from_file.imports[1].type, microwasm.FuncType(("i32",), ("i32",)))
        kinds = {e.name: e.kind for e in from_file.exports}
        self.assertEqual((kinds["memory"], kinds["counter"], kinds["add64"]), ("memory", "global", "func"))
        self.assertEqual(next(e for e in from_file.exports if e.name == "add64").type,
                         microwasm.FuncType(("i64", "i64"), ("i64",)))

    def test_bad_bytes_raise_load_error_with_the_runtime_message(self):
        with self.assertRaises(microwasm.LoadError) as raised:
            microwasm.Module(b"\0asm\x01\0\0\0\x0b")
        self.assertIn("unexpected end", str(raised.exception))
        with self.assertRaises(microwasm.LoadError) as raised:
            microwasm.Module(b"hello")
        self.assertEqual(str(raised.exception), "WASM module load failed: magic header not detected")

    def test_a_closed_module_cannot_be_instantiated(self):
        module = microwasm.Module.from_file(EXAMPLE_WASM)
        module.close()
        with self.assertRaises(microwasm.MicroWasmError):
            example_store().instantiate(module)


class InstanceTest(unittest.TestCase):
    def setUp(self):
        self.log = []
        self.store = example_store(self.log)
        self.instance = self.store.instantiate(microwasm.Module.from_file(EXAMPLE_WASM))
        self.exports = self.instance.exports

    def tearDown(self):
        self.store.close()

    def test_exports_are_callables_over_python_numbers(self):
        self.assertEqual(self.exports.add(2, 3), 5)
        self.assertEqual(self.exports["add"](-5, 2), -3)              # i32 results are signed
        self.assertEqual(self.exports.add(0x7FFFFFFF, 1), -0x80000000)  # and wrap
        self.assertEqual(self.exports.add64(1 << 40, -1), (1 << 40) - 1)
        self.assertEqual(self.exports.half(5.0), 2.5)
        self.assertIsNone(self.exports.hello())
        self.assertEqual(self.exports.add.type, microwasm.FuncType(("i32", "i32"), ("i32",)))

    def test_arguments_are_checked_before_the_call(self):
        with self.assertRaises(TypeError):
            self.exports.add(1)
        with self.assertRaises(TypeError):
            self.exports.add(1, "2")
        with self.assertRaises(OverflowError):
            self.exports.add(1 << 32, 0)
        with self.assertRaises(TypeError):
            self.exports.half("x")

    def test_listing_and_missing_exports(self):
        self.assertIn("add", self.exports)
        self.assertEqual(sorted(self.exports)[:3], ["add", "add64", "counter"])
        with self.assertRaises(AttributeError):
            self.exports.no_such_export
        with self.assertRaises(KeyError):
            self.exports["no_such_export"]

    def test_a_trap_raises_with_the_runtime_message_and_the_instance_stays_usable(self):
        with self.assertRaises(microwasm.Trap) as raised:
            self.exports.divide(1, 0)
        self.assertEqual(raised.exception.message, "integer divide by zero")
        with self.assertRaises(microwasm.Trap) as raised:
            self.exports.load(4 * 65536)
        self.assertEqual(str(raised.exception), "out of bounds memory access")
        self.assertEqual(self.exports.divide(7, 2), 3)

    def test_host_functions_receive_arguments_and_return_results(self):
        self.exports.hello()
        self.assertEqual(self.log, ["hello from wasm"])          # read through the caller's memory
        self.assertEqual(self.exports.twice_plus_one(20), 41)

    def test_memory_is_a_writable_memoryview(self):
        memory = self.exports.memory
        self.assertEqual((len(memory), memory.pages, memory.max_pages), (65536, 1, 4))
        view = memory.view()
        self.assertEqual(bytes(view[16:31]), b"hello from wasm")
        view[200:203] = b"\x05\x06\x07"
        self.assertEqual(self.exports.sum(200, 3), 18)
        memory.write(300, b"\xff" * 4)
        self.assertEqual(self.exports.load(300), -1)
        self.assertEqual(memory.read(300, 2), b"\xff\xff")
        with self.assertRaises(IndexError):
            memory.read(65535, 2)

    def test_memory_grows_up_to_its_maximum(self):
        memory = self.instance.memory
        self.assertEqual(memory.grow(2), 1)
        self.assertEqual(len(memory.view()), 3 * 65536)
        self.assertEqual(self.exports.load(3 * 65536 - 4), 0)  # the new pages are there for the module too
        with self.assertRaises(microwasm.MicroWasmError):
            memory.grow(2)

    def test_globals_read_and_write(self):
        counter = self.exports.counter
        self.assertEqual((counter.value, counter.mutable), (7, True))
        counter.value = 9
        self.assertEqual(self.exports.counter.value, 9)

    def test_a_closed_instance_refuses_calls(self):
        add = self.exports.add
        self.instance.close()
        with self.assertRaises(microwasm.MicroWasmError):
            add(1, 2)


class HostFunctionTest(unittest.TestCase):
    def instantiate(self, twice):
        store = microwasm.Store()
        store.define("env", "log", lambda ptr, n: None)
        store.define("env", "twice", twice)
        self.addCleanup(store.close)
        return store.instantiate(microwasm.Module.from_file(EXAMPLE_WASM))

    def test_an_exception_in_a_host_function_becomes_a_trap_caused_by_it(self):
        def failing(x):
            raise ValueError("no twice for %d" % x)
        instance = self.instantiate(failing)
        with self.assertRaises(microwasm.Trap) as raised:
            instance.exports.twice_plus_one(3)
        self.assertEqual(raised.exception.message, "env.twice failed: ValueError: no twice for 3")
        self.assertIsInstance(raised.exception.__cause__, ValueError)
        self.assertEqual(instance.exports.add(1, 1), 2)

    def test_a_result_of_the_wrong_type_is_a_trap(self):
        instance = self.instantiate(lambda x: "two")
        with self.assertRaises(microwasm.Trap) as raised:
            instance.exports.twice_plus_one(3)
        self.assertIsInstance(raised.exception.__cause__, TypeError)

    def test_a_host_function_may_call_back_into_the_instance_and_its_trap_comes_through(self):
        holder = {}
        instance = self.instantiate(lambda x: holder["instance"].exports.divide(x, x - 3))
        holder["instance"] = instance
        self.assertEqual(instance.exports.twice_plus_one(6), 3)  # 6 // 3 + 1
        with self.assertRaises(microwasm.Trap) as raised:
            instance.exports.twice_plus_one(3)
        self.assertEqual(raised.exception.message, "integer divide by zero")

    def test_an_import_without_definition_is_refused(self):
        store = microwasm.Store().define("env", "log", lambda ptr, n: None)
        with self.assertRaises(microwasm.InstantiationError) as raised:
            store.instantiate(microwasm.Module.from_file(EXAMPLE_WASM))
        self.assertIn("env.twice", str(raised.exception))

    def test_two_stores_give_the_same_import_different_functions(self):
        module = microwasm.Module.from_file(EXAMPLE_WASM)
        first, second = microwasm.Store(), microwasm.Store()
        for store, factor in ((first, 2), (second, 10)):
            store.define("env", "log", lambda ptr, n: None).define("env", "twice", lambda x, f=factor: f * x)
            self.addCleanup(store.close)
        a, b = first.instantiate(module), second.instantiate(module)
        self.assertEqual((a.exports.twice_plus_one(4), b.exports.twice_plus_one(4)), (9, 41))


class WasiTest(unittest.TestCase):
    def run_program(self, name, **config):
        with tempfile.TemporaryFile() as out:
            store = microwasm.Store()
            self.addCleanup(store.close)
            instance = store.instantiate(microwasm.Module.from_file(os.path.join(WASI_FIXTURES, name)),
                                         wasi=microwasm.WasiConfig(stdout=out, stderr=out, **config))
            code = instance.run()
            out.seek(0)
            return code, out.read().decode()

    def test_a_program_writes_to_the_stdout_given(self):
        self.assertEqual(self.run_program("hello.wasm"), (0, "Hello, WASI!\n"))

    def test_arguments_and_environment(self):
        code, text = self.run_program("args_env.wasm", argv=["prog", "one two"], env={"HOME": "/data"})
        self.assertEqual(code, 0)
        self.assertEqual(text, "argc=2\nargv[0]=prog\nargv[1]=one two\nenv HOME=/data\n")

    def test_the_exit_code_of_proc_exit(self):
        self.assertEqual(self.run_program("exit_code.wasm", argv=["exit_code", "7"]), (7, "exiting with 7\n"))

    def test_preopened_directories(self):
        with tempfile.TemporaryDirectory() as source, tempfile.TemporaryDirectory() as target:
            with open(os.path.join(source, "a.txt"), "wb") as f:
                f.write(b"x" * 1000)
            code, text = self.run_program("copy.wasm", argv=["copy", "/in/a.txt", "/out/b.txt"],
                                          preopens={"/in": source, "/out": target})
            self.assertEqual((code, text), (0, "copied 1000 bytes\n"))
            self.assertEqual(read(os.path.join(target, "b.txt")), b"x" * 1000)


class ThreadTest(unittest.TestCase):
    def test_threads_call_their_own_instances_and_share_one(self):
        module = microwasm.Module.from_file(EXAMPLE_WASM)
        store = example_store()
        self.addCleanup(store.close)
        shared = store.instantiate(module)
        failures = []

        def work(index):
            try:
                own = store.instantiate(module)
                for i in range(300):
                    if own.exports.add(index, i) != index + i or shared.exports.twice_plus_one(i) != 2 * i + 1:
                        failures.append((index, i))
                own.close()
            except Exception as e:  # reported below: an exception in a thread would pass unnoticed
                failures.append(e)
        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
