//! Files written by pyarrow, polars, DuckDB and pandas (Arrow IPC, Parquet, CSV) read back
//! with exact values, both directly (`helder inspect`) and after `helder prepare`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn writers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/writers")
}

fn helder(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_helder"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "helder {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn inspect(path: &Path) -> Value {
    serde_json::from_str(&helder(&["inspect", path.to_str().unwrap(), "--json"])).unwrap()
}

/// Compares what inspect found with what the Python writers wrote.
fn check(file: &str, got: &Value, expected: &Value) {
    assert_eq!(got["rows"], expected["rows"], "{file}: rows");
    let columns = got["columns"].as_array().unwrap();
    for (name, want) in expected["columns"].as_object().unwrap() {
        let col = columns
            .iter()
            .find(|c| c["name"] == name.as_str())
            .unwrap_or_else(|| panic!("{file}: no column {name}"));
        let s = &col["summary"];
        assert_eq!(col["nulls"], want["nulls"], "{file}.{name}: nulls");
        if let Some(sum) = want["sum"].as_f64() {
            let got = s["sum"].as_f64().unwrap();
            assert!(
                (got - sum).abs() <= 1e-9 * sum.abs().max(1.0),
                "{file}.{name}: sum {got} != {sum}"
            );
        }
        for key in ["true", "distinct", "min", "max", "min_utc", "max_utc"] {
            if !want[key].is_null() {
                assert_eq!(s[key], want[key], "{file}.{name}: {key}");
            }
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(writers_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "json" && e != "py"))
        .collect();
    files.sort();
    files
}

fn expected() -> Value {
    serde_json::from_slice(&std::fs::read(writers_dir().join("writers.expected.json")).unwrap())
        .unwrap()
}

#[test]
fn every_writer_reads_back_exactly() {
    let expected = expected();
    let files = fixtures();
    // 4 writers × (Arrow + Parquet + CSV) + pyarrow's stream.
    assert_eq!(files.len(), 13, "{files:?}");
    for f in &files {
        check(&f.display().to_string(), &inspect(f), &expected);
    }
}

#[test]
fn every_writer_survives_prepare_unchanged() {
    let expected = expected();
    for f in fixtures() {
        let out = tempfile::tempdir().unwrap();
        helder(&[
            "prepare",
            f.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--gemeente",
            "Gemeente Test",
        ]);
        let manifest: Value =
            serde_json::from_slice(&std::fs::read(out.path().join("manifest.json")).unwrap())
                .unwrap();
        let d = &manifest["datasets"][0];
        assert_eq!(d["rows"], 24);
        // The newest date in the data is the as-of date.
        assert_eq!(d["as_of"], "2026-11-29", "{}", f.display());
        let prepared = out.path().join(d["file"].as_str().unwrap());
        let got = inspect(&prepared);
        check(&prepared.display().to_string(), &got, &expected);
        for c in got["columns"].as_array().unwrap() {
            let t = c["source_type"].as_str().unwrap();
            assert!(
                [
                    "Int64",
                    "Float64",
                    "Boolean",
                    "Date32",
                    "Timestamp(µs)",
                    "Dictionary(Int32, Utf8)"
                ]
                .contains(&t),
                "{}: prepared column {} is {t}",
                f.display(),
                c["name"]
            );
        }
    }
}

#[test]
fn every_arrow_type_survives_prepare() {
    // pyarrow's fixture with every integer width, floats with NaN and ±inf, decimal, bool,
    // three string types, dictionaries of several key widths, date32/64 and timestamps in
    // every unit with and without time zone: the prepared file summarises identically.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    for name in [
        "types.arrow",
        "types_zstd.arrow",
        "types.arrows",
        "dict_replacement.arrows",
    ] {
        let input = fixtures.join(name);
        let out = tempfile::tempdir().unwrap();
        helder(&[
            "prepare",
            input.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "--gemeente",
            "Gemeente Test",
            "--as-of",
            "2026-10-31",
        ]);
        let stem = name.split('.').next().unwrap();
        let before = inspect(&input);
        let after = inspect(&out.path().join(format!("{stem}.arrow")));
        assert_eq!(before["rows"], after["rows"], "{name}");
        for (b, a) in before["columns"]
            .as_array()
            .unwrap()
            .iter()
            .zip(after["columns"].as_array().unwrap())
        {
            assert_eq!(b["name"], a["name"]);
            assert_eq!(b["type"], a["type"], "{name}.{}", b["name"]);
            assert_eq!(b["nulls"], a["nulls"], "{name}.{}", b["name"]);
            assert_eq!(b["summary"], a["summary"], "{name}.{}", b["name"]);
        }
    }
}
