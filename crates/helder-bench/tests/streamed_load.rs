//! The engine built from the file as it arrives (`StreamedLoad`) gives the workload's views
//! exactly as the engine built from the whole file does, step after step, whether the file
//! is one batch (columns added while it arrives) or several (added at its end).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may fail loudly.

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float64Array, Int8Array, RecordBatch, StringArray,
};
use helder_bench::{checksum, dashboard, step_filter, views, StreamedLoad, Workload};
use helder_core::ipc;

const WORKLOAD: &str = r#"{
  "views": [
    {"id": "V1", "dim": "maand", "agg": "sum", "measure": "kosten"},
    {"id": "V2", "dim": "wijk", "agg": "sum", "measure": "kosten"},
    {"id": "V3", "dim": "product", "agg": "count", "measure": null},
    {"id": "V4", "dim": "aanbieder", "agg": "sum", "measure": "kosten"},
    {"id": "V5", "dim": "leeftijd", "agg": "count", "measure": null}
  ],
  "interactions": [
    {"step": 1, "dim": "maand", "filters": {"maand": ["2024-02-01", "2024-05-01"]}},
    {"step": 2, "dim": "product", "filters": {"product": ["B", "C"]}},
    {"step": 3, "dim": "wijk", "filters": {"wijk": "Noord"}},
    {"step": 4, "dim": "leeftijd", "filters": {"leeftijd": [4, 11]}},
    {"step": 5, "dim": "maand", "filters": {"maand": null}}
  ]
}"#;

/// A small youth-care file in the workload's layout, plus a column no view reads.
fn file(rows: usize, batch_rows: usize) -> Vec<u8> {
    let batch = |from: usize, to: usize| {
        let dict = |values: &[&str], pick: &dyn Fn(usize) -> usize| -> ArrayRef {
            let keys: Vec<i32> = (from..to).map(|r| pick(r) as i32).collect();
            Arc::new(
                DictionaryArray::<Int32Type>::try_new(
                    keys.into(),
                    Arc::new(StringArray::from(values.to_vec())),
                )
                .unwrap(),
            )
        };
        let day0 = 19_723; // 2024-01-01
        let months = [0, 31, 60, 91, 121, 152];
        RecordBatch::try_from_iter([
            (
                "maand",
                Arc::new(Date32Array::from_iter_values(
                    (from..to).map(|r| day0 + months[(r * 7) % 6]),
                )) as ArrayRef,
            ),
            (
                "wijk",
                dict(&["Centrum", "Noord", "Zuid"], &|r| (r * 5) % 3),
            ),
            ("buurt", dict(&["b1", "b2", "b3", "b4"], &|r| r % 4)),
            ("product", dict(&["A", "B", "C", "D"], &|r| (r * 3) % 4)),
            (
                "aanbieder",
                dict(&["P", "Q", "R", "S", "T"], &|r| (r * 11) % 5),
            ),
            (
                "leeftijd",
                Arc::new(Int8Array::from_iter_values(
                    (from..to).map(|r| (r % 18) as i8),
                )) as ArrayRef,
            ),
            (
                "kosten",
                Arc::new(Float64Array::from_iter_values(
                    (from..to).map(|r| (r % 97) as f64 * 12.5),
                )),
            ),
        ])
        .unwrap()
    };
    let first = batch(0, 0);
    let mut bytes = Vec::new();
    let mut w = arrow_ipc::writer::FileWriter::try_new(&mut bytes, &first.schema()).unwrap();
    for from in (0..rows).step_by(batch_rows) {
        w.write(&batch(from, (from + batch_rows).min(rows)))
            .unwrap();
    }
    w.finish().unwrap();
    drop(w);
    bytes
}

fn same_steps(bytes: &[u8], rows: usize, chunk: usize) {
    let workload = Workload::parse(WORKLOAD).unwrap();
    let table = ipc::read_table("t", bytes.to_vec()).unwrap();
    let mut whole = dashboard(&table, &workload).unwrap();
    let mut load = StreamedLoad::new(&workload, Some(rows), Some(bytes.len()));
    for c in bytes.chunks(chunk) {
        load.push(c).unwrap();
    }
    let mut streamed = load.finish().unwrap();
    for v in views(&workload) {
        streamed.add_view(None, v).unwrap();
    }
    assert_eq!(checksum(&streamed), checksum(&whole), "initial");
    for step in &workload.interactions {
        let f = step_filter(step).unwrap();
        whole.set_filter(&step.dim, f.clone()).unwrap();
        streamed.set_filter(&step.dim, f).unwrap();
        assert_eq!(checksum(&streamed), checksum(&whole), "step {}", step.step);
        for v in 0..whole.view_count() {
            assert_eq!(
                streamed.view_values(v),
                whole.view_values(v),
                "step {} view {v}",
                step.step
            );
        }
    }
}

#[test]
fn one_batch_gives_the_same_views_as_the_whole_file() {
    let bytes = file(5_000, 5_000);
    for chunk in [1_000, 65_536, bytes.len()] {
        same_steps(&bytes, 5_000, chunk);
    }
}

#[test]
fn several_batches_give_the_same_views_as_the_whole_file() {
    let bytes = file(5_000, 1_234);
    same_steps(&bytes, 5_000, 4_096);
}

#[test]
fn a_file_with_other_rows_than_announced_is_an_error() {
    let bytes = file(100, 100);
    let workload = Workload::parse(WORKLOAD).unwrap();
    let mut load = StreamedLoad::new(&workload, Some(120), None);
    load.push(&bytes).unwrap();
    let err = load.finish().unwrap_err().to_string();
    assert!(err.contains("100 rows") && err.contains("120"), "{err}");
}
