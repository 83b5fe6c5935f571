//! src/sys.rs against the generated headers: every function it declares exists there, with the parameters and
//! result that the C types translate to, so a header change cannot go unnoticed.
use std::collections::HashMap;
use std::fs;

/// The Rust spelling of a C type as sys.rs writes it: scalars by size, pointers as *const/*mut, arrays as pointers.
fn rust_type(c: &str) -> String {
    let c = c.replace('*', " * ").replace("[]", " * ");
    let mut tokens: Vec<&str> = c.split_whitespace().collect();
    let mut pointee_const = false;
    if tokens.first() == Some(&"const") {
        tokens.remove(0);
        pointee_const = true;
    }
    let base = match tokens[0] {
        "uint32_t" => "u32", "int32_t" => "i32", "uint64_t" => "u64", "int64_t" => "i64", "uint8_t" => "u8",
        "bool" => "bool", "int" | "log_level_t" => "c_int", "char" => "c_char", "void" => "c_void", other => other,
    };
    let mut out = base.to_string();
    for (level, _) in tokens[1..].iter().enumerate() {
        let constness = if level == 0 && pointee_const { "const" } else { "mut" };
        out = format!("*{} {}", constness, out);
    }
    out
}

/// name: (result, parameter types) of every prototype of the installed headers, in Rust spelling.
fn header_functions() -> HashMap<String, (String, Vec<String>)> {
    let mut found = HashMap::new();
    for header in ["wasm_export.h", "microwasm.h", "lib_export.h"] {
        let text = fs::read_to_string(format!("{}/../../include/{}", env!("CARGO_MANIFEST_DIR"), header)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate().skip(1) {
            let open = match line.find('(') {
                Some(open) => open,
                None => continue,
            };
            if !line.ends_with(");") || line.starts_with(' ') || line.starts_with('#') || line[..open].contains(' ') {
                continue;
            }
            let result = lines[i - 1].trim_start_matches("WASM_RUNTIME_API_EXTERN ").trim();
            let params = &line[open + 1..line.len() - 2];
            let params = if params == "void" { vec![] } else {
                params.split(", ").map(|p| {
                    let name_start = p.rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '[' || c == ']')).unwrap() + 1;
                    let array = if p.ends_with("[]") { "[]" } else { "" };
                    rust_type(&format!("{}{}", &p[..name_start], array))
                }).collect()
            };
            let result = if result == "void" { String::new() } else { rust_type(result) };
            found.insert(line[..open].to_string(), (result, params));
        }
    }
    found
}

/// name: (result, parameter types) of every function src/sys.rs declares.
fn rust_functions() -> Vec<(String, String, Vec<String>)> {
    let text = fs::read_to_string(format!("{}/src/sys.rs", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let block = &text[text.find("extern \"C\" {").unwrap()..];
    block.split("pub fn ").skip(1).map(|decl| {
        let decl = decl[..decl.find(';').unwrap()].split_whitespace().collect::<Vec<_>>().join(" ");
        let open = decl.find('(').unwrap();
        let close = decl.rfind(')').unwrap();
        let params = decl[open + 1..close].split(", ").filter(|p| !p.is_empty())
            .map(|p| p[p.find(": ").unwrap() + 2..].trim_end_matches(',').to_string()).collect();
        let result = decl[close + 1..].trim().trim_start_matches("->").trim().to_string();
        (decl[..open].to_string(), result, params)
    }).collect()
}

#[test]
fn every_declared_function_matches_its_header_prototype() {
    let headers = header_functions();
    let declared = rust_functions();
    assert!(declared.len() > 40, "{} declarations read", declared.len());
    for (name, result, params) in declared {
        let (c_result, c_params) = headers.get(&name).unwrap_or_else(|| panic!("{} is not in the headers", name));
        assert_eq!((&result, &params), (c_result, c_params), "{}", name);
    }
}

#[test]
fn c_types_translate_to_rust_spellings() {
    assert_eq!(rust_type("const char *"), "*const c_char");
    assert_eq!(rust_type("char *[]"), "*mut *mut c_char");
    assert_eq!(rust_type("const char *[]"), "*mut *const c_char");
    assert_eq!(rust_type("uint32_t"), "u32");
    assert_eq!(rust_type("wasm_val_t *"), "*mut wasm_val_t");
}
