//! Links libmicrowasm.so, found with the `pkg-config` command (microwasm.pc is installed with the library), or in
//! $MICROWASM_LIB_DIR. No crate is needed for either.
use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=MICROWASM_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    if let Ok(dir) = env::var("MICROWASM_LIB_DIR") {
        println!("cargo:rustc-link-search=native={}", dir);
        println!("cargo:rustc-link-lib=dylib=microwasm");
        return;
    }
    let output = Command::new("pkg-config").args(["--libs", "microwasm"]).output();
    let flags = match output {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => panic!(
            "pkg-config cannot find microwasm ({}); set PKG_CONFIG_PATH to the installed lib/pkgconfig, or MICROWASM_LIB_DIR",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!("cannot run pkg-config ({}); install it, or set MICROWASM_LIB_DIR", e),
    };
    for flag in flags.split_whitespace() {
        if let Some(dir) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={}", dir);
        } else if let Some(lib) = flag.strip_prefix("-l") {
            println!("cargo:rustc-link-lib=dylib={}", lib);
        }
    }
}
