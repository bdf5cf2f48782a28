//! Running the `helder` binary from the integration tests: its output, or a check that it
//! succeeded or failed cleanly (an error message, never a panic).
#![allow(dead_code)] // Each test file uses some of these.

use std::process::{Command, Output};

pub fn helder(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helder"))
        .args(args)
        .output()
        .unwrap()
}

/// Standard output of a run that must succeed.
pub fn ok(args: &[&str]) -> String {
    let out = helder(args);
    assert!(
        out.status.success(),
        "helder {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Standard error of a run that must fail with a message, not a panic.
pub fn fails(args: &[&str]) -> String {
    let out = helder(args);
    assert!(!out.status.success(), "helder {args:?} should have failed");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// `helder view` of `page` in `dir` with `select` filters, as JSON.
pub fn view(dir: &std::path::Path, page: &str, select: &[&str]) -> serde_json::Value {
    let mut args = vec!["view", dir.to_str().unwrap(), "--page", page];
    for s in select {
        args.extend(["--select", s]);
    }
    serde_json::from_str(&ok(&args)).unwrap()
}

/// Widget `id` of a `helder view` result.
pub fn widget<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["widgets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == id)
        .unwrap()
}

/// Writes the demo site, as of 31 October 2026, into `path`.
pub fn demo_in(path: &std::path::Path) {
    let out = helder(&["demo", path.to_str().unwrap(), "--as-of", "2026-10-31"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
