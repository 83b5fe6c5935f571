"""The example of README.md: load a module, call it, give it host functions, use its memory, handle a trap.
usage: python3 example.py [example.wasm]"""

import os
import sys

import microwasm

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "testdata", "example.wasm")
module = microwasm.Module.from_file(path)

store = microwasm.Store()
# Host functions: env.log reads a string from the caller's memory, env.twice returns a value.
store.define("env", "log", lambda caller, ptr, length: print("log:", caller.memory.read(ptr, length).decode()),
             caller=True)
store.define("env", "twice", lambda x: 2 * x)
instance = store.instantiate(module)

print("add(2, 3) =", instance.exports.add(2, 3))
instance.exports.hello()
print("twice_plus_one(20) =", instance.exports.twice_plus_one(20))

memory = instance.exports.memory          # memory.view() is a memoryview of all of it
memory.write(1000, bytes([1, 2, 3, 4]))
print("sum =", instance.exports.sum(1000, 4))

try:
    instance.exports.divide(1, 0)
except microwasm.Trap as trap:
    print("trap:", trap.message)
