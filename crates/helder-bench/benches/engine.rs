//! divan benchmarks of the engine on the shared workload's data, for quick iteration:
//! `HELDER_BENCH_DATA=target/bench/data/jeugdzorg_1m.arrow cargo bench -p helder-bench --bench engine`.
//! Without the variable (or the file) every benchmark is skipped.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A benchmark may fail loudly.

use std::sync::OnceLock;

use helder_bench::{dashboard, step_filter, Workload};
use helder_core::Table;

fn main() {
    divan::main();
}

fn data() -> Option<&'static (Table, Workload)> {
    static DATA: OnceLock<Option<(Table, Workload)>> = OnceLock::new();
    DATA.get_or_init(|| {
        let path = std::env::var("HELDER_BENCH_DATA").ok()?;
        let bytes = std::fs::read(path).ok()?;
        let table = helder_core::ipc::read_table("jeugdzorg", bytes).ok()?;
        let workload_path = std::env::var("HELDER_BENCH_WORKLOAD").unwrap_or_else(|_| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/bench/workload.json"
            )
            .into()
        });
        let workload = Workload::parse(&std::fs::read_to_string(workload_path).ok()?).ok()?;
        Some((table, workload))
    })
    .as_ref()
}

/// Building the five linked views with no filter (the workload's "initial").
#[divan::bench(sample_count = 10)]
fn initial(bencher: divan::Bencher) {
    let Some((table, workload)) = data() else {
        return;
    };
    bencher.bench(|| dashboard(table, workload).unwrap());
}

/// All 30 interactions on a fresh dashboard (the setup is not timed).
#[divan::bench(sample_count = 10)]
fn interactions(bencher: divan::Bencher) {
    let Some((table, workload)) = data() else {
        return;
    };
    let steps: Vec<_> = workload
        .interactions
        .iter()
        .map(|s| (s.dim.clone(), step_filter(s).unwrap()))
        .collect();
    bencher
        .with_inputs(|| dashboard(table, workload).unwrap())
        .bench_local_values(|mut cf| {
            for (dim, filter) in &steps {
                cf.set_filter(dim, filter.clone()).unwrap();
            }
            cf
        });
}
