//! The example of README.md, writing into a String: it prints what every binding's example prints
//! (../testdata/example.out).
use std::fmt::Write;
use std::sync::{Arc, Mutex};

use microwasm::{Engine, Error, Module, Store, Trap, Val};

fn run_example(path: &str) -> Result<String, Error> {
    let out = Arc::new(Mutex::new(String::new()));
    let engine = Engine::new()?;
    let module = Module::from_file(&engine, path)?;

    let mut store = Store::new(&engine);
    // Host functions: env.log reads a string from the caller's memory, env.twice returns a value.
    let log = out.clone();
    store.define("env", "log", move |caller, args| {
        let memory = caller.memory("memory").ok_or_else(|| Trap::new("no memory"))?;
        let (ptr, len) = (args[0].i32() as usize, args[1].i32() as usize);
        let text = String::from_utf8_lossy(&memory.data()[ptr..ptr + len]).into_owned();
        writeln!(log.lock().unwrap(), "log: {}", text).unwrap();
        Ok(None)
    });
    store.define("env", "twice", |_caller, args| Ok(Some(Val::I32(2 * args[0].i32()))));
    let mut instance = store.instantiate(&module)?;

    let sum = instance.call("add", &[Val::I32(2), Val::I32(3)])?;
    writeln!(out.lock().unwrap(), "add(2, 3) = {}", sum[0].i32()).unwrap();
    instance.call("hello", &[])?;
    let result = instance.call("twice_plus_one", &[Val::I32(20)])?;
    writeln!(out.lock().unwrap(), "twice_plus_one(20) = {}", result[0].i32()).unwrap();

    let mut memory = instance.memory("memory").unwrap(); // data()/data_mut() are the memory itself
    memory.data_mut()[1000..1004].copy_from_slice(&[1, 2, 3, 4]);
    let total = instance.call("sum", &[Val::I32(1000), Val::I32(4)])?;
    writeln!(out.lock().unwrap(), "sum = {}", total[0].i32()).unwrap();

    match instance.call("divide", &[Val::I32(1), Val::I32(0)]) {
        Err(Error::Trap(trap)) => writeln!(out.lock().unwrap(), "trap: {}", trap.message).unwrap(),
        other => panic!("expected a trap, got {:?}", other),
    }
    let text = out.lock().unwrap().clone();
    Ok(text)
}

#[test]
fn the_example_prints_what_every_binding_prints() {
    let root = env!("CARGO_MANIFEST_DIR");
    let printed = run_example(&format!("{}/../testdata/example.wasm", root)).unwrap();
    let expected = std::fs::read_to_string(format!("{}/../testdata/example.out", root)).unwrap();
    assert_eq!(printed, expected);
}
