using MicroWasm.Cli;

// The `microwasm` command: dispatches to one subcommand, like iwasm/wasmtime.
return Cli.Execute(args);
