//! The safe wrapper over libmicrowasm.so: modules, calls, host functions, memory, traps, WASI, threads.
use std::fs;
use std::os::unix::io::AsRawFd;
use std::sync::{Arc, Mutex};

use microwasm::{Engine, Error, Instance, Module, Store, Trap, Val, ValType, WasiConfig};

fn path(relative: &str) -> String {
    format!("{}/../{}", env!("CARGO_MANIFEST_DIR"), relative)
}

fn example() -> Module {
    Module::from_file(&Engine::new().unwrap(), path("testdata/example.wasm")).unwrap()
}

/// The example with env.log collecting strings and env.twice given.
fn instance<F>(twice: F, log: Arc<Mutex<Vec<String>>>) -> Instance
where
    F: Fn(&mut microwasm::Caller, &[Val]) -> Result<Option<Val>, Trap> + Send + Sync + 'static,
{
    let mut store = Store::new(&Engine::new().unwrap());
    store.define("env", "log", move |caller, args| {
        let memory = caller.memory("memory").unwrap();
        let (p, n) = (args[0].i32() as usize, args[1].i32() as usize);
        log.lock().unwrap().push(String::from_utf8_lossy(&memory.data()[p..p + n]).into_owned());
        Ok(None)
    });
    store.define("env", "twice", twice);
    store.instantiate(&example()).unwrap()
}

fn double(_: &mut microwasm::Caller, args: &[Val]) -> Result<Option<Val>, Trap> {
    Ok(Some(Val::I32(2 * args[0].i32())))
}

fn no_log() -> Arc<Mutex<Vec<String>>> {
    Arc::new(Mutex::new(Vec::new()))
}

fn trap_of<T: std::fmt::Debug>(result: Result<T, Error>) -> Trap {
    match result {
        Err(Error::Trap(t)) => t,
        other => panic!("expected a trap, got {:?}", other),
    }
}

#[test]
fn bad_bytes_are_refused_with_the_runtime_message() {
    let engine = Engine::new().unwrap();
    assert_eq!(Module::new(&engine, b"hello").err(),
               Some(Error::Load("WASM module load failed: magic header not detected".into())));
    assert_eq!(Module::new(&engine, b"\0asm\x02\0\0\0").err(),
               Some(Error::Load("WASM module load failed: unknown binary version".into())));
}

#[test]
fn a_module_describes_its_imports_and_exports() {
    let module = example();
    let imports = module.imports();
    assert_eq!(imports.iter().map(|i| (i.module.as_str(), i.name.as_str(), i.kind)).collect::<Vec<_>>(),
               vec![("env", "log", "func"), ("env", "twice", "func")]);
    let add64 = module.exports().into_iter().find(|e| e.name == "add64").unwrap();
    assert_eq!(add64.ty.unwrap().params, vec![ValType::I64, ValType::I64]);
    assert!(module.exports().iter().any(|e| e.name == "memory" && e.kind == "memory"));
}

#[test]
fn calls_take_and_return_typed_values() {
    let mut i = instance(double, no_log());
    assert_eq!(i.call("add", &[Val::I32(-5), Val::I32(2)]).unwrap(), vec![Val::I32(-3)]);
    assert_eq!(i.call("add", &[Val::I32(i32::MAX), Val::I32(1)]).unwrap(), vec![Val::I32(i32::MIN)]);
    assert_eq!(i.call("add64", &[Val::I64(1 << 40), Val::I64(-1)]).unwrap(), vec![Val::I64((1 << 40) - 1)]);
    assert_eq!(i.call("half", &[Val::F64(5.0)]).unwrap(), vec![Val::F64(2.5)]);
    assert_eq!(i.call("hello", &[]).unwrap(), vec![]);
}

#[test]
fn wrong_arguments_and_missing_exports_are_errors() {
    let mut i = instance(double, no_log());
    assert!(matches!(i.call("add", &[Val::I32(1)]), Err(Error::Usage(_))));
    assert!(matches!(i.call("add", &[Val::I64(1), Val::I32(2)]), Err(Error::Usage(_))));
    assert_eq!(i.call("nothing", &[]), Err(Error::Usage("no exported function \"nothing\"".into())));
}

#[test]
fn a_trap_is_an_error_and_the_instance_stays_usable() {
    let mut i = instance(double, no_log());
    assert_eq!(trap_of(i.call("divide", &[Val::I32(1), Val::I32(0)])).message, "integer divide by zero");
    assert_eq!(trap_of(i.call("load", &[Val::I32(4 * 65536)])).message, "out of bounds memory access");
    assert_eq!(i.call("divide", &[Val::I32(7), Val::I32(2)]).unwrap(), vec![Val::I32(3)]);
}

#[test]
fn host_functions_get_their_arguments_and_the_callers_memory() {
    let log = no_log();
    let mut i = instance(double, log.clone());
    i.call("hello", &[]).unwrap();
    assert_eq!(i.call("twice_plus_one", &[Val::I32(20)]).unwrap(), vec![Val::I32(41)]);
    assert_eq!(*log.lock().unwrap(), vec!["hello from wasm".to_string()]);
}

#[test]
fn a_host_error_a_wrong_result_or_a_panic_is_a_trap() {
    let mut i = instance(|_, _| Err(Trap::new("no twice today")), no_log());
    assert_eq!(trap_of(i.call("twice_plus_one", &[Val::I32(3)])).message, "env.twice failed: no twice today");
    let mut i = instance(|_, _| Ok(Some(Val::I64(1))), no_log());
    assert!(trap_of(i.call("twice_plus_one", &[Val::I32(3)])).message.starts_with("env.twice failed: the host function returned"));
    let mut i = instance(|_, _| panic!("boom"), no_log());
    assert_eq!(trap_of(i.call("twice_plus_one", &[Val::I32(3)])).message, "env.twice failed: panic: boom");
    assert_eq!(i.call("add", &[Val::I32(1), Val::I32(1)]).unwrap(), vec![Val::I32(2)]);
}

#[test]
fn a_host_function_may_call_back_and_a_nested_trap_comes_through() {
    let mut i = instance(|caller, args| {
        let x = args[0].i32();
        Ok(Some(caller.call("divide", &[Val::I32(x), Val::I32(x - 3)])?[0]))
    }, no_log());
    assert_eq!(i.call("twice_plus_one", &[Val::I32(6)]).unwrap(), vec![Val::I32(3)]);
    assert_eq!(trap_of(i.call("twice_plus_one", &[Val::I32(3)])).message, "integer divide by zero");
}

#[test]
fn imports_are_checked_at_instantiation() {
    let mut store = Store::new(&Engine::new().unwrap());
    store.define("env", "log", |_, _| Ok(None));
    match store.instantiate(&example()) {
        Err(Error::Instantiation(m)) => assert_eq!(m, "unknown import: env.twice has not been defined"),
        other => panic!("{:?}", other.err()),
    }
}

#[test]
fn memory_is_a_byte_slice_that_grows_to_its_maximum() {
    let mut i = instance(double, no_log());
    {
        let mut memory = i.memory("memory").unwrap();
        assert_eq!((memory.size(), memory.max_pages()), (65536, 4));
        assert_eq!(&memory.data()[16..31], b"hello from wasm");
        memory.data_mut()[300..304].copy_from_slice(&[0xff; 4]);
    }
    assert_eq!(i.call("load", &[Val::I32(300)]).unwrap(), vec![Val::I32(-1)]);
    let mut memory = i.memory("memory").unwrap();
    assert_eq!(memory.grow(2).unwrap(), 1);
    assert_eq!(memory.data().len(), 3 * 65536);
    assert!(memory.grow(2).is_err());
}

fn run_wasi(name: &str, mut config: WasiConfig) -> (u32, String) {
    let engine = Engine::new().unwrap();
    let module = Module::from_file(&engine, path(&format!("../tests/fixtures/wasi/{}", name))).unwrap();
    let out_path = std::env::temp_dir().join(format!("microwasm-rust-{}-{}", std::process::id(), name));
    let out = fs::File::create(&out_path).unwrap();
    config.stdout = Some(out.as_raw_fd());
    config.stderr = Some(out.as_raw_fd());
    let mut instance = Store::new(&engine).instantiate_wasi(&module, &config).unwrap();
    let code = instance.run_wasi().unwrap();
    drop(instance);
    let text = fs::read_to_string(&out_path).unwrap();
    fs::remove_file(&out_path).unwrap();
    (code, text)
}

#[test]
fn wasi_programs_get_arguments_environment_directories_and_streams() {
    assert_eq!(run_wasi("hello.wasm", WasiConfig::default()), (0, "Hello, WASI!\n".to_string()));
    let config = WasiConfig { args: vec!["prog".into(), "one two".into()], env: vec![("HOME".into(), "/data".into())],
                              ..WasiConfig::default() };
    assert_eq!(run_wasi("args_env.wasm", config),
               (0, "argc=2\nargv[0]=prog\nargv[1]=one two\nenv HOME=/data\n".to_string()));
    let config = WasiConfig { args: vec!["exit_code".into(), "7".into()], ..WasiConfig::default() };
    assert_eq!(run_wasi("exit_code.wasm", config), (7, "exiting with 7\n".to_string()));
    let dir = std::env::temp_dir().join(format!("microwasm-rust-copy-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("a.txt"), vec![b'x'; 1000]).unwrap();
    let config = WasiConfig { args: vec!["copy".into(), "/d/a.txt".into(), "/d/b.txt".into()],
                              preopens: vec![("/d".into(), dir.to_string_lossy().into_owned())], ..WasiConfig::default() };
    assert_eq!(run_wasi("copy.wasm", config), (0, "copied 1000 bytes\n".to_string()));
    assert_eq!(fs::read(dir.join("b.txt")).unwrap().len(), 1000);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn threads_run_their_own_instances_in_parallel() {
    let module = example();
    let threads: Vec<_> = (0..4).map(|factor: i32| {
        let module = module.clone();
        std::thread::spawn(move || {
            let mut store = Store::new(&Engine::new().unwrap());
            store.define("env", "log", |_, _| Ok(None));
            store.define("env", "twice", move |_, args| Ok(Some(Val::I32(factor * args[0].i32()))));
            let mut i = store.instantiate(&module).unwrap();
            (0..300).all(|n| i.call("twice_plus_one", &[Val::I32(n)]).unwrap() == vec![Val::I32(factor * n + 1)])
        })
    }).collect();
    for t in threads {
        assert!(t.join().unwrap());
    }
}
