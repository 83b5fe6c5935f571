global using MicroWasm.Runtime;
global using ValueType = MicroWasm.ValueType;
