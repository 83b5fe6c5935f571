global using MicroWasm.Aot;
