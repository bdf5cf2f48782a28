//! Reading Arrow files written by pyarrow (tests/fixtures): every type reads back with the
//! exact values pyarrow wrote, in the file and stream formats, uncompressed, LZ4 and ZSTD.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::path::PathBuf;

use helder_core::table::ColumnData;
use helder_core::{ipc, Table};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn expected() -> Value {
    serde_json::from_slice(&fixture("types.expected.json")).unwrap()
}

fn strings(table: &Table, name: &str) -> Vec<Option<String>> {
    let col = table.column(name).unwrap();
    let ColumnData::Category { codes, dict } = &col.data else {
        panic!("{name} is not text: {:?}", col.data.kind());
    };
    (0..table.rows())
        .map(|i| col.is_valid(i).then(|| dict[codes[i] as usize].clone()))
        .collect()
}

fn check_types(file: &str) {
    let table = ipc::read_table("types", fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let exp = expected();
    assert_eq!(table.rows() as u64, exp["rows"].as_u64().unwrap(), "{file}");
    for (name, want) in exp["columns"].as_object().unwrap() {
        let col = table.column(name).unwrap();
        let ctx = format!("{file}: column {name}");
        assert_eq!(
            col.null_count() as u64,
            want["nulls"].as_u64().unwrap(),
            "{ctx} nulls"
        );
        if let Some(sum) = want.get("sum_finite") {
            let values: Vec<f64> = (0..table.rows()).filter_map(|i| col.number(i)).collect();
            let finite: f64 = values.iter().filter(|v| v.is_finite()).sum();
            let sum = sum.as_f64().unwrap();
            assert!(
                (finite - sum).abs() <= 1e-9 * sum.abs().max(1.0),
                "{ctx}: {finite} != {sum}"
            );
            let nan = values.iter().filter(|v| v.is_nan()).count() as u64;
            let inf = values.iter().filter(|v| v.is_infinite()).count() as u64;
            assert_eq!(
                (nan, inf),
                (want["nan"].as_u64().unwrap(), want["inf"].as_u64().unwrap()),
                "{ctx}"
            );
        } else if let Some(t) = want.get("true") {
            let ColumnData::Bool(b) = &col.data else {
                panic!("{ctx}")
            };
            let trues = (0..table.rows())
                .filter(|i| col.is_valid(*i) && b.value(*i))
                .count() as u64;
            assert_eq!(trues, t.as_u64().unwrap(), "{ctx}");
        } else if let Some(days) = want.get("days") {
            let ColumnData::Date(d) = &col.data else {
                panic!("{ctx}")
            };
            let got: Vec<Value> = (0..table.rows())
                .map(|i| {
                    if col.is_valid(i) {
                        Value::from(d[i])
                    } else {
                        Value::Null
                    }
                })
                .collect();
            assert_eq!(&Value::from(got), days, "{ctx}");
        } else if let Some(micros) = want.get("micros") {
            let ColumnData::Timestamp { micros: m, tz } = &col.data else {
                panic!("{ctx}")
            };
            let got: Vec<Value> = (0..table.rows())
                .map(|i| {
                    if col.is_valid(i) {
                        Value::from(m[i])
                    } else {
                        Value::Null
                    }
                })
                .collect();
            assert_eq!(&Value::from(got), micros, "{ctx}");
            assert_eq!(tz.as_deref(), want["tz"].as_str(), "{ctx} tz");
        } else {
            let got: Vec<Value> = strings(&table, name)
                .into_iter()
                .map(|s| s.map_or(Value::Null, Value::from))
                .collect();
            assert_eq!(&Value::from(got), &want["values"], "{ctx}");
        }
    }
}

#[test]
fn reads_every_type_from_pyarrow_file() {
    check_types("types.arrow");
}

#[test]
fn reads_every_type_from_a_single_batch_file() {
    check_types("types_one_batch.arrow");
}

#[test]
fn reads_lz4_compressed_file() {
    check_types("types_lz4.arrow");
}

#[test]
fn reads_zstd_compressed_file() {
    check_types("types_zstd.arrow");
}

#[test]
fn reads_stream_format() {
    check_types("types.arrows");
}

#[test]
fn remaps_dictionary_replacement_across_batches() {
    let table = ipc::read_table("w", fixture("dict_replacement.arrows")).unwrap();
    let got = strings(&table, "wijk");
    let want: Vec<Option<String>> = [
        Some("Noord"),
        Some("Zuid"),
        Some("Noord"),
        Some("Oost"),
        Some("Noord"),
        None,
    ]
    .iter()
    .map(|s| s.map(String::from))
    .collect();
    assert_eq!(got, want);
    let ColumnData::Category { dict, .. } = &table.column("wijk").unwrap().data else {
        panic!()
    };
    assert_eq!(dict.len(), 3, "one shared dictionary: {dict:?}");
}

#[test]
fn single_batch_numbers_share_the_file_buffer() {
    // The demo and bench files are one batch: f64 columns must not be copied on load.
    use arrow_array::{Float64Array, RecordBatch};
    use std::sync::Arc;
    let batch =
        RecordBatch::try_from_iter([("x", Arc::new(Float64Array::from(vec![1.0, 2.0, 3.5])) as _)])
            .unwrap();
    let mut bytes = Vec::new();
    let mut w = arrow_ipc::writer::FileWriter::try_new(&mut bytes, &batch.schema()).unwrap();
    w.write(&batch).unwrap();
    w.finish().unwrap();
    drop(w);
    let range = bytes.as_ptr() as usize..bytes.as_ptr() as usize + bytes.len();
    let table = ipc::read_table("x", bytes).unwrap();
    let ColumnData::Float(v) = &table.column("x").unwrap().data else {
        panic!()
    };
    assert_eq!(&v[..], &[1.0, 2.0, 3.5]);
    assert!(
        range.contains(&(v.as_ptr() as usize)),
        "values were copied out of the file buffer"
    );
}
