//! How long the core takes to decode prepared files and convert every column, as the
//! browser does after fetching: run by `cargo xtask prepare-bench`, not by the test suite.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A measurement may fail loudly.

use std::time::Instant;

use helder_core::ipc;

#[test]
#[ignore = "a measurement over files named in HELDER_DECODE_FILES"]
fn decode_prepared_files() {
    let files = std::env::var("HELDER_DECODE_FILES").unwrap_or_default();
    for path in files.split(':').filter(|p| !p.is_empty()) {
        let bytes = std::fs::read(path).unwrap();
        let size = bytes.len();
        // The best of five runs, so a busy neighbour on the machine counts less.
        let mut best = (f64::MAX, f64::MAX);
        let mut rows = 0;
        for _ in 0..5 {
            let copy = bytes.clone();
            let started = Instant::now();
            let table = ipc::read_table("t", copy).unwrap();
            let decoded = started.elapsed().as_secs_f64();
            for i in 0..table.column_names().count() {
                table.column_at(i).unwrap();
            }
            let total = started.elapsed().as_secs_f64();
            rows = table.rows();
            best = (best.0.min(decoded), best.1.min(total));
        }
        println!(
            "{path}: {rows} rows, {:.0} MB: decode {:.0} ms, decode + all columns {:.0} ms",
            size as f64 / 1e6,
            best.0 * 1e3,
            best.1 * 1e3
        );
    }
}
