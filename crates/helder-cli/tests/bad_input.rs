//! Every class of bad input gets one line naming the file, what is wrong and where, a
//! non-zero exit, no panic, and leaves no output file behind.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use arrow_array::{ArrayRef, DictionaryArray, Int32Array, RecordBatch, StringArray};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// Runs `helder prepare` on `bytes` saved as `name`; returns the error line after checking
/// the exit code, the absence of a panic and that the output folder stayed empty.
fn prepare_fails(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("site");
    let result = Command::new(env!("CARGO_BIN_EXE_helder"))
        .args([
            "prepare",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--gemeente",
            "Gemeente Test",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(1), "{name}: {err}");
    assert!(!err.contains("panicked"), "{name}: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.starts_with("warning")).collect();
    assert_eq!(lines.len(), 1, "{name}: not one line: {err}");
    assert!(
        err.contains(name),
        "{name}: the message does not name the file: {err}"
    );
    let left: Vec<PathBuf> = std::fs::read_dir(&out)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{name}: left {left:?}");
    assert_eq!(
        std::fs::read(&input).unwrap(),
        bytes,
        "{name}: input touched"
    );
    err
}

fn assert_has(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "missing `{p}` in: {err}");
    }
}

fn ipc(batch: &RecordBatch) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut w = arrow_ipc::writer::FileWriter::try_new(&mut bytes, &batch.schema()).unwrap();
    w.write(batch).unwrap();
    w.finish().unwrap();
    drop(w);
    bytes
}

fn replace_once(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    let at = bytes.windows(from.len()).position(|w| w == from).unwrap();
    bytes[at..at + to.len()].copy_from_slice(to);
}

#[test]
fn empty_files() {
    assert_has(&prepare_fails("leeg.arrow", b""), &["empty"]);
    assert_has(&prepare_fails("leeg.csv", b""), &["empty"]);
    assert_has(&prepare_fails("leeg.parquet", b""), &["empty"]);
}

#[test]
fn truncated_and_corrupt_arrow() {
    let bytes = fixture("types.arrow");
    assert_has(
        &prepare_fails("afgebroken.arrow", &bytes[..bytes.len() / 2]),
        &["truncated", "bytes"],
    );
    let stream = fixture("types.arrows");
    assert_has(
        &prepare_fails("afgebroken.arrows", &stream[..stream.len() - 20]),
        &["truncated", "byte"],
    );
    let mut wrong = bytes.clone();
    wrong[..6].copy_from_slice(b"ARROW2");
    assert_has(
        &prepare_fails("magie.arrow", &wrong),
        &["not an Arrow IPC file", "first bytes"],
    );
    let mut lying = bytes.clone();
    let n = lying.len();
    lying[n - 10..n - 6].copy_from_slice(&1_000_000_000i32.to_le_bytes());
    assert_has(
        &prepare_fails("voettekst.arrow", &lying),
        &["footer claims", "bytes"],
    );
}

#[test]
fn random_bytes() {
    // A fixed pseudo-random sequence (xorshift), so the test is reproducible.
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let bytes: Vec<u8> = (0..100)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    assert_has(
        &prepare_fails("ruis.arrow", &bytes),
        &["not an Arrow IPC file"],
    );
    assert_has(
        &prepare_fails("ruis.bin", &bytes),
        &["neither CSV, Arrow nor Parquet"],
    );
}

#[test]
fn other_formats_with_the_wrong_extension() {
    let parquet = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/writers/pyarrow.parquet"),
    )
    .unwrap();
    assert_has(
        &prepare_fails("export.csv", &parquet),
        &["the name says CSV but the contents are Parquet"],
    );
    assert_has(&prepare_fails("export.arrow", &parquet), &["Parquet file"]);
    assert_has(
        &prepare_fails("export.parquet", b"a;b\n1;2\n"),
        &["the name says Parquet but the contents are CSV"],
    );
    assert_has(&prepare_fails("export.arrow", b"a;b\n1;2\n"), &["CSV"]);
    assert_has(
        &prepare_fails("export.csv", b"<!DOCTYPE html><p>404</p>"),
        &["HTML page"],
    );
    assert_has(
        &prepare_fails("export.csv", b"PK\x03\x04\x14\0\0\0"),
        &["ZIP", "xlsx"],
    );
}

#[test]
fn dictionary_index_out_of_range() {
    let keys = Int32Array::from(vec![0, 1, 2, 1, 0, 2, 1, 3]);
    let values = StringArray::from(vec!["Noord", "Zuid", "Oost", "West"]);
    let dict = DictionaryArray::try_new(keys, Arc::new(values)).unwrap();
    let batch = RecordBatch::try_from_iter([("wijk", Arc::new(dict) as ArrayRef)]).unwrap();
    let mut bytes = ipc(&batch);
    replace_once(
        &mut bytes,
        &[1, 0, 0, 0, 3, 0, 0, 0],
        &[1, 0, 0, 0, 99, 0, 0, 0],
    );
    assert_has(
        &prepare_fails("sleutels.arrow", &bytes),
        &["dictionary index points outside its dictionary", "at byte"],
    );
}

#[test]
fn invalid_utf8() {
    let text = StringArray::from(vec!["Centrum", "Noord-Oost"]);
    let batch = RecordBatch::try_from_iter([("wijk", Arc::new(text) as ArrayRef)]).unwrap();
    let mut bytes = ipc(&batch);
    replace_once(&mut bytes, b"Noord-Oost", b"Noord\xFFOost");
    assert_has(
        &prepare_fails("tekst.arrow", &bytes),
        &["not valid UTF-8", "at byte"],
    );
    // Past the bytes the encoding is detected from, so the file was taken as UTF-8.
    let mut csv = b"datum;wijk\n".to_vec();
    while csv.len() < 300_000 {
        csv.extend_from_slice(b"2026-01-01;Centrum\n");
    }
    csv.extend_from_slice(b"2026-01-01;caf\xE9\n");
    let line = csv.iter().filter(|b| **b == b'\n').count();
    assert_has(
        &prepare_fails("tekst.csv", &csv),
        &[
            &format!("row {line}"),
            "`wijk` is not valid UTF-8",
            "--encoding windows-1252",
        ],
    );
}

#[test]
fn gigantic_declared_sizes() {
    // An LZ4 buffer whose size prefix claims 2^40 bytes: refused before allocating.
    // Which 8-byte word is a size prefix is found by trying each word holding 4.
    let bytes = fixture("types_lz4.arrow");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("probe.arrow");
    let refused = (0..bytes.len().saturating_sub(8)).find_map(|i| {
        if i64::from_le_bytes(bytes[i..i + 8].try_into().unwrap()) != 4 {
            return None;
        }
        let mut b = bytes.clone();
        b[i..i + 8].copy_from_slice(&(1i64 << 40).to_le_bytes());
        std::fs::write(&path, &b).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_helder"))
            .args(["inspect", path.to_str().unwrap()])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr)
            .contains("more than the codec can produce")
            .then_some(b)
    });
    let b = refused.expect("no size prefix was refused");
    assert_has(
        &prepare_fails("groot.arrow", &b),
        &["more than the codec can produce", "at byte"],
    );
}

#[test]
fn ragged_csv_rows() {
    let err = prepare_fails(
        "rafelig.csv",
        b"maand;wijk;kosten\n2026-01-01;Noord;1\n2026-02-01;Zuid\n",
    );
    assert_has(
        &err,
        &["row 3", "byte 37", "2 fields where the header has 3"],
    );
}

#[test]
fn unclosed_quote() {
    let err = prepare_fails(
        "quote.csv",
        b"maand;wijk;opmerking\n2026-01-01;Noord;\"begint\n2026-02-01;Zuid;x\n2026-03-01;Oost;y\n",
    );
    assert_has(
        &err,
        &["row 2", "`opmerking`", "quote that is never closed"],
    );
    // In a middle column the quote swallows separators and the row count breaks.
    let err = prepare_fails(
        "quote2.csv",
        b"maand;wijk;n\n2026-01-01;\"Noord;1\n2026-02-01;Zuid;2\n",
    );
    assert_has(&err, &["row 2", "quote"]);
}

#[test]
fn a_value_past_the_preview_that_does_not_fit() {
    let mut text = String::from("datum;aantal\n");
    for _ in 0..10_000 {
        text.push_str("2026-01-01;1\n");
    }
    text.push_str("2026-01-02;veel\n");
    let err = prepare_fails("laat.csv", text.as_bytes());
    assert_has(
        &err,
        &[
            "row 10002",
            "`aantal`",
            "`veel`",
            "not a whole number",
            "--type aantal=text",
        ],
    );
}

#[test]
fn one_bad_input_of_several_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("goed.csv");
    let bad = dir.path().join("fout.csv");
    std::fs::write(&good, "datum;n\n2026-01-01;1\n").unwrap();
    std::fs::write(&bad, "datum;n\n2026-01-01;1;2\n").unwrap();
    let out = dir.path().join("site");
    std::fs::create_dir(&out).unwrap();
    let manifest = r#"{"version":1,"gemeente":"Gemeente Test","as_of":"2026-09-30","datasets":[]}"#;
    std::fs::write(out.join("manifest.json"), manifest).unwrap();
    let result = Command::new(env!("CARGO_BIN_EXE_helder"))
        .args([
            "prepare",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!result.status.success());
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["manifest.json"]);
    assert_eq!(
        std::fs::read_to_string(out.join("manifest.json")).unwrap(),
        manifest
    );
}

#[test]
fn corrupt_parquet_never_panics() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/writers/pyarrow.parquet"),
    )
    .unwrap();
    let err = prepare_fails("kort.parquet", &bytes[..bytes.len() / 2]);
    assert_has(&err, &["Parquet"]);
    // Flip bytes across the file: errors or (for value bytes) other values, never a panic.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flip.parquet");
    for i in (0..bytes.len()).step_by(37) {
        let mut b = bytes.clone();
        b[i] ^= 0x5A;
        std::fs::write(&path, &b).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_helder"))
            .args(["inspect", path.to_str().unwrap()])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code().is_some_and(|c| c <= 1) && !err.contains("panicked"),
            "byte {i}: {err}"
        );
    }
}

#[test]
fn a_parquet_page_claiming_gigabytes_is_refused_before_allocating() {
    // The first page header (Thrift compact): field 1 (type) then field 2, the
    // uncompressed size, as a zigzag varint; replace it by i32::MAX.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/writers/pyarrow.parquet"),
    )
    .unwrap();
    assert_eq!(bytes[4], 0x15, "field 1 of the first page header");
    let mut i = 5;
    while bytes[i] & 0x80 != 0 {
        i += 1;
    }
    i += 1;
    assert_eq!(bytes[i], 0x15, "field 2 of the first page header");
    let start = i + 1;
    let mut end = start;
    while bytes[end] & 0x80 != 0 {
        end += 1;
    }
    end += 1;
    let mut b = bytes[..start].to_vec();
    b.extend_from_slice(&[0xFE, 0xFF, 0xFF, 0xFF, 0x0F]);
    b.extend_from_slice(&bytes[end..]);
    let err = prepare_fails("pagina.parquet", &b);
    assert_has(
        &err,
        &[
            "column `id`",
            "page at byte 4",
            "2147483647 bytes",
            "more than",
        ],
    );
}

#[test]
fn parquet_files_that_crash_parquet_rs_give_one_line() {
    // Found by the input fuzzer (src/input_fuzz.rs): parquet-rs panics on these. The crash
    // guard turns the panic into the usual one-line error and removes temporary output.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "parquet") {
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let err = prepare_fails(&name, &std::fs::read(&path).unwrap());
            assert!(
                err.contains("corrupt") && err.contains("export it again")
                    || err.contains("negative offset"),
                "{err}"
            );
            n += 1;
        }
    }
    assert_eq!(n, 4);
}
