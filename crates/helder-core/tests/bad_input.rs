//! Bad bytes get a specific error and never a panic: empty, foreign formats, truncation at
//! every point, and single-byte corruption anywhere in the file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::path::PathBuf;

use helder_core::{ipc, CoreError};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read(path).unwrap()
}

fn error(bytes: &[u8]) -> String {
    match ipc::read_table("t", bytes.to_vec()) {
        Ok(t) => panic!(
            "accepted {} bytes as a table of {} rows",
            bytes.len(),
            t.rows()
        ),
        Err(e) => e.to_string(),
    }
}

#[test]
fn empty_file() {
    assert!(matches!(
        ipc::read_table("t", vec![]),
        Err(CoreError::Empty)
    ));
    assert!(error(b"").contains("empty"));
}

#[test]
fn foreign_formats_are_named() {
    assert!(error(b"PAR1\x15\x04\x15\x10").contains("Parquet"));
    assert!(error(b"<!DOCTYPE html><html><body>Not found</body></html>").contains("HTML page"));
    assert!(error(b"maand;wijk;kosten\n2026-01-01;Centrum;1.234,56\n").contains("CSV"));
    assert!(error(b"{\"rows\": 3}").contains("JSON"));
    assert!(error(&[0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0]).contains("ZSTD"));
    assert!(error(&[0x00, 0x01, 0x02, 0xFE, 0xFF, 0x10, 0x00, 0x00]).contains("first bytes"));
}

#[test]
fn truncation_anywhere_is_an_error() {
    for name in ["types.arrow", "types_lz4.arrow", "types.arrows"] {
        let bytes = fixture(name);
        for cut in (1..bytes.len()).step_by(7) {
            let msg = error(&bytes[..cut]);
            assert!(!msg.is_empty(), "{name} cut at {cut}");
        }
    }
    let bytes = fixture("types.arrow");
    assert!(error(&bytes[..bytes.len() - 3]).contains("truncated"));
}

#[test]
fn flipped_bytes_never_panic() {
    // Corruption inside value buffers can still decode (to other values); everything else
    // must be an error. What matters here is: no panic, no hang.
    for name in ["types.arrow", "types_lz4.arrow", "types.arrows"] {
        let bytes = fixture(name);
        // Every third byte keeps the debug-build run short while touching every structure.
        for i in (0..bytes.len()).step_by(3) {
            let mut b = bytes.clone();
            b[i] ^= 0xA5;
            let _ = ipc::read_table("t", b);
        }
    }
}

#[test]
fn a_footer_claiming_more_than_the_file_is_rejected() {
    let mut bytes = fixture("types.arrow");
    let n = bytes.len();
    bytes[n - 10..n - 6].copy_from_slice(&(1_000_000_000i32).to_le_bytes());
    assert!(error(&bytes).contains("footer"));
}

#[test]
fn a_tiny_file_cannot_claim_a_huge_decompressed_size() {
    // Set the first compressed buffer's size prefix (LZ4 file) to 2^40 bytes.
    let bytes = fixture("types_lz4.arrow");
    let mut found = 0;
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        if b.get(i..i + 8)
            .is_some_and(|w| i64::from_le_bytes(w.try_into().unwrap()) == 4)
        {
            b[i..i + 8].copy_from_slice(&(1i64 << 40).to_le_bytes());
            if let Err(e) = ipc::read_table("t", b) {
                found += e.to_string().contains("more than the codec can produce") as usize;
            }
        }
    }
    assert!(found > 0, "no size prefix was rejected");
}

#[test]
fn a_zstd_buffer_cannot_claim_more_than_its_frames_hold() {
    // Every 8-byte size prefix of a ZSTD buffer (a small positive number followed by the
    // ZSTD magic) is raised: to 2^40, and to one byte more than the frame says it holds.
    let bytes = fixture("types_zstd.arrow");
    let magic = 0xFD2F_B528u32.to_le_bytes();
    let prefixes: Vec<(usize, i64)> = (0..bytes.len().saturating_sub(12))
        .filter(|i| bytes[i + 8..i + 12] == magic)
        .map(|i| (i, i64::from_le_bytes(bytes[i..i + 8].try_into().unwrap())))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(prefixes.len() > 3, "{prefixes:?}");
    for (i, n) in prefixes {
        for claim in [1i64 << 40, n + 1] {
            let mut b = bytes.clone();
            b[i..i + 8].copy_from_slice(&claim.to_le_bytes());
            let e = error(&b);
            assert!(
                e.contains("more than the codec can produce from them (its ZSTD frames hold"),
                "{claim} at {i}: {e}"
            );
        }
    }
}

#[test]
fn nested_types_are_rejected_by_name() {
    use arrow_array::types::Int32Type;
    use arrow_array::{ArrayRef, ListArray, RecordBatch};
    use std::sync::Arc;
    let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1)])]);
    let batch = RecordBatch::try_from_iter([("lijst", Arc::new(list) as ArrayRef)]).unwrap();
    let mut bytes = Vec::new();
    let mut w = arrow_ipc::writer::FileWriter::try_new(&mut bytes, &batch.schema()).unwrap();
    w.write(&batch).unwrap();
    w.finish().unwrap();
    drop(w);
    let msg = error(&bytes);
    assert!(msg.contains("`lijst`") && msg.contains("List"), "{msg}");
}

/// Writes one batch as an uncompressed IPC file (or stream), for byte surgery.
fn ipc_bytes(batch: &arrow_array::RecordBatch, stream: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    if stream {
        let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut bytes, &batch.schema()).unwrap();
        w.write(batch).unwrap();
        w.finish().unwrap();
    } else {
        let mut w = arrow_ipc::writer::FileWriter::try_new(&mut bytes, &batch.schema()).unwrap();
        w.write(batch).unwrap();
        w.finish().unwrap();
    }
    bytes
}

fn replace_once(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("pattern present");
    bytes[at..at + to.len()].copy_from_slice(to);
}

#[test]
fn dictionary_keys_outside_the_dictionary_are_rejected() {
    use arrow_array::{ArrayRef, DictionaryArray, Int32Array, RecordBatch, StringArray};
    use std::sync::Arc;
    // arrow refuses to build such an array, so write valid keys and corrupt the bytes.
    let keys = Int32Array::from(vec![0, 1, 2, 1, 0, 2, 1, 3]);
    let values = StringArray::from(vec!["Noord", "Zuid", "Oost", "West"]);
    let dict = DictionaryArray::try_new(keys, Arc::new(values)).unwrap();
    let batch = RecordBatch::try_from_iter([("wijk", Arc::new(dict) as ArrayRef)]).unwrap();
    for stream in [false, true] {
        let mut bytes = ipc_bytes(&batch, stream);
        replace_once(
            &mut bytes,
            &[1, 0, 0, 0, 3, 0, 0, 0],
            &[1, 0, 0, 0, 99, 0, 0, 0],
        );
        let msg = error(&bytes);
        assert!(
            msg.contains("dictionary index points outside its dictionary")
                && msg.contains("at byte"),
            "{msg}"
        );
    }
}

#[test]
fn invalid_utf8_in_text_is_rejected() {
    use arrow_array::{ArrayRef, RecordBatch, StringArray};
    use std::sync::Arc;
    let text = StringArray::from(vec!["Centrum", "Noord-Oost"]);
    let batch = RecordBatch::try_from_iter([("wijk", Arc::new(text) as ArrayRef)]).unwrap();
    for stream in [false, true] {
        let mut bytes = ipc_bytes(&batch, stream);
        replace_once(&mut bytes, b"Noord-Oost", b"Noord\xFFOost");
        let msg = error(&bytes);
        assert!(
            msg.contains("not valid UTF-8") && msg.contains("at byte"),
            "{msg}"
        );
    }
}

/// Inputs the fuzzer (`cargo xtask fuzz`) once made panic, kept as regression tests.
#[test]
fn fuzzer_findings_are_errors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // The Parquet findings are the CLI's (tests/bad_input.rs there).
        if !path
            .extension()
            .is_some_and(|e| e == "arrow" || e == "arrows")
        {
            continue;
        }
        let msg = error(&std::fs::read(&path).unwrap());
        assert!(msg.contains("corrupt"), "{}: {msg}", path.display());
        n += 1;
    }
    assert!(n >= 2);
}
