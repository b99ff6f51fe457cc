//! Embeds the demo exports of one invented person (fixtures/facebook-2024-fr and
//! fixtures/demo-google-2025-fr) into the binary: generates, per export, a list of (path inside
//! the export, bytes) for `exposure demo`.

use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("demo fixture folder is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    for (fixture, out) in [
        ("fixtures/facebook-2024-fr", "demo_files.rs"),
        ("fixtures/demo-google-2025-fr", "demo_google_files.rs"),
    ] {
        embed(fixture, out);
    }
}

fn embed(fixture: &str, out: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    let mut code = String::from("&[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join(out);
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
