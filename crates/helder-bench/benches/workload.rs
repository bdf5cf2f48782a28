//! Native run of the crossfilter-dashboard workload, for quick iteration on the engine.
//! `cargo bench -p helder-bench --bench workload -- <file.arrow> [workload.json]`; prints load, initial and
//! interaction times and checks the checksums against `<file>.expected.json` when present.
#![allow(clippy::unwrap_used, clippy::expect_used)] // A benchmark may fail loudly.

use std::time::Instant;

use helder_bench::{checksum, stats, step_filter, views, StreamedLoad, Workload};

/// Resident and peak resident memory of this process in MB (Linux), to compare phases.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1e3)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(data) = args.first() else {
        eprintln!("usage: cargo bench -p helder-bench --bench workload -- <jeugdzorg_1m.arrow> [workload.json]");
        return;
    };
    let workload_path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/bench/workload.json".into());
    let workload = Workload::parse(&std::fs::read_to_string(&workload_path).unwrap()).unwrap();
    // As the browser page does: the file read in 1 MB chunks through the streamed load
    // (each column into the engine as soon as it is complete), then the five views.
    let t = Instant::now();
    let mut file = std::fs::File::open(data).unwrap();
    let length = file.metadata().map(|m| m.len() as usize).ok();
    let mut load = StreamedLoad::new(&workload, None, length);
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        let n = std::io::Read::read(&mut file, &mut chunk).unwrap();
        if n == 0 {
            break;
        }
        load.push(&chunk[..n]).unwrap();
    }
    let mut cf = load.finish().unwrap();
    let load = t.elapsed().as_secs_f64() * 1e3;
    let after_load = memory();
    let t = Instant::now();
    for view in views(&workload) {
        cf.add_view(None, view).unwrap();
    }
    let initial = t.elapsed().as_secs_f64() * 1e3;
    let initial_checksum = checksum(&cf);
    let rows = cf.rows();
    let after_build = memory();
    let mut times = Vec::new();
    let mut sums = Vec::new();
    for step in &workload.interactions {
        let filter = step_filter(step).unwrap();
        let t = Instant::now();
        cf.set_filter(&step.dim, filter).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        sums.push(checksum(&cf));
    }
    if std::env::var_os("STEPS").is_some() {
        for (s, t) in workload.interactions.iter().zip(&times) {
            println!("step {:>2} {:<9} {t:.3} ms", s.step, s.dim);
        }
    }
    let (median, p95, max) = stats(&times);
    println!("native helder: {} rows, load {load:.1} ms, initial {initial:.1} ms, interactions median {median:.3} p95 {p95:.3} max {max:.3} ms", rows);
    println!(
        "memory MB (rss/peak): after load {:.0}/{:.0}, after the views {:.0}/{:.0}",
        after_load.0, after_load.1, after_build.0, after_build.1
    );
    println!(
        "initial checksum {initial_checksum}, final checksum {}",
        sums.last().copied().unwrap_or(0.0)
    );
    let expected = std::path::Path::new(data).with_extension("expected.json");
    if let Ok(text) = std::fs::read_to_string(&expected) {
        let e: serde_json::Value = serde_json::from_str(&text).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        let ok = close(initial_checksum, e["initial_checksum"].as_f64().unwrap())
            && e["step_checksums"]
                .as_array()
                .unwrap()
                .iter()
                .zip(&sums)
                .all(|(x, y)| close(*y, x.as_f64().unwrap()));
        println!(
            "checksums against {}: {}",
            expected.display(),
            if ok { "ok" } else { "MISMATCH" }
        );
    }
}
