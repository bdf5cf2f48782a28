//! Reading Arrow files a column at a time as their bytes arrive (`ipc_columns`): every
//! fixture, cut into chunks of any size, reads back exactly as the whole-file reader reads
//! it, with only the columns asked for; a cut or damaged file is an error, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::path::PathBuf;

use helder_core::ipc_columns::{read_table_in_chunks, ColumnStream};
use helder_core::table::ColumnData;
use helder_core::{ipc, CoreError, Table};

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("writers")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "arrow" || e == "arrows") {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    assert!(out.len() >= 8, "fixtures missing: {}", out.len());
    out
}

/// Every column of the table as the engine sees it, in words (or its error).
fn columns(t: &Table, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| match t.column(n) {
            // Values and validity as plain lists: the buffers' debug form shows addresses.
            Ok(c) => {
                let valid = c.validity.as_ref().map(|v| v.iter().collect::<Vec<_>>());
                match &c.data {
                    ColumnData::Bool(b) => format!("{:?} {valid:?}", b.iter().collect::<Vec<_>>()),
                    other => format!("{other:?} {valid:?}"),
                }
            }
            Err(e) => format!("error {e}"),
        })
        .collect()
}

#[test]
fn every_fixture_reads_the_same_in_chunks_of_any_size() {
    for (name, bytes) in fixtures() {
        let whole = ipc::read_table("t", bytes.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let names: Vec<&str> = whole.column_names().collect();
        let want = columns(&whole, &names);
        for size in [1, 3, 8, 61, 4096, bytes.len()] {
            let t = read_table_in_chunks("t", None, bytes.chunks(size))
                .unwrap_or_else(|e| panic!("{name} in chunks of {size}: {e}"));
            assert_eq!(t.rows(), whole.rows(), "{name} in chunks of {size}");
            assert_eq!(columns(&t, &names), want, "{name} in chunks of {size}");
        }
    }
}

#[test]
fn only_the_columns_asked_for_are_read_in_the_order_asked() {
    for (name, bytes) in fixtures() {
        let whole = ipc::read_table("t", bytes.clone()).unwrap();
        let mut names: Vec<&str> = whole.column_names().collect();
        names.reverse();
        names.truncate(3);
        let t = read_table_in_chunks("t", Some(&names), bytes.chunks(100)).unwrap();
        assert_eq!(t.column_names().collect::<Vec<_>>(), names, "{name}");
        assert_eq!(columns(&t, &names), columns(&whole, &names), "{name}");
    }
}

#[test]
fn a_missing_column_is_named_with_those_there_are() {
    let (_, bytes) = fixtures().remove(0);
    let err = read_table_in_chunks("t", Some(&["gemeente_code"]), [bytes.as_slice()]).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("`gemeente_code`") && msg.contains("available:"),
        "{msg}"
    );
}

#[test]
fn columns_arrive_while_the_batch_is_still_coming() {
    // A one-batch file: the first column is decoded before the last byte of the batch.
    let (_, bytes) = fixtures()
        .into_iter()
        .find(|(n, _)| n.ends_with("types_one_batch.arrow"))
        .unwrap();
    let mut stream = ColumnStream::new(None, Some(bytes.len()));
    let mut arrivals = Vec::new();
    for (i, chunk) in bytes.chunks(16).enumerate() {
        stream.push(chunk).unwrap();
        for _ in stream.take_ready() {
            arrivals.push(i * 16);
        }
    }
    stream.finish().unwrap();
    assert_eq!(arrivals.len(), stream.schema().unwrap().fields().len());
    let (first, last) = (arrivals[0], arrivals[arrivals.len() - 1]);
    assert!(first + 256 < last, "columns arrived at bytes {arrivals:?}");
}

#[test]
fn a_cut_or_damaged_file_is_an_error_never_a_panic() {
    for (name, bytes) in fixtures() {
        let whole = ipc::read_table("t", bytes.clone()).unwrap();
        let names: Vec<&str> = whole.column_names().collect();
        for cut in (0..bytes.len()).step_by(29) {
            match read_table_in_chunks("t", None, bytes[..cut].chunks(64)) {
                Err(CoreError::Truncated(_) | CoreError::Empty) => {}
                // Cut after the end-of-stream marker (in a file's footer): every row is there.
                Ok(t) if columns(&t, &names) == columns(&whole, &names) => {}
                other => panic!("{name} cut at {cut}: {:?}", other.map(|t| t.rows())),
            }
        }
        // Damage: every third byte of the first 2 KB in turn set to 0xFF.
        for at in (0..bytes.len().min(2048)).step_by(3) {
            let mut bad = bytes.clone();
            bad[at] = 0xFF;
            let _ = read_table_in_chunks("t", None, bad.chunks(256));
        }
    }
}

#[test]
fn a_declared_length_past_the_end_of_the_file_is_refused_at_once() {
    let (_, bytes) = fixtures()
        .into_iter()
        .find(|(n, _)| n.ends_with("types_one_batch.arrow"))
        .unwrap();
    let mut stream = ColumnStream::new(None, Some(200));
    let err = stream.push(&bytes).unwrap_err();
    assert!(matches!(err, CoreError::Truncated(_)), "{err}");
}
