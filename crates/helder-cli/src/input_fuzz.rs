//! A bounded-time mutation fuzzer over the CLI's Parquet and CSV readers (the Arrow reader
//! has its own in the core). Ignored in the normal test run; run it with
//! `HELDER_FUZZ_SECONDS=60 cargo test -p helder-cli --release input_fuzz -- --ignored --nocapture`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // The fuzzer may fail loudly.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::csv_batches::CsvOptions;
use crate::input;
use crate::normalize::Normalizer;

/// Reads a file completely the way `helder inspect` does; errors are fine, panics are not.
fn read_all(path: &Path) {
    let Ok(mut source) = input::open(path, &CsvOptions::default()) else {
        return;
    };
    let Ok(mut normalizer) = Normalizer::new(source.schema.clone()) else {
        return;
    };
    while let Ok(Some(batch)) = source.batches.next_batch(4096) {
        if normalizer.convert(&batch).is_err() {
            return;
        }
    }
}

#[test]
#[ignore = "runs for HELDER_FUZZ_SECONDS"]
fn fuzz_parquet_and_csv_readers() {
    let seconds: u64 = std::env::var("HELDER_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/writers");
    let seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet" || e == "csv"))
        .map(|p| {
            let ext = p.extension().unwrap().to_string_lossy().into_owned();
            (ext, std::fs::read(p).unwrap())
        })
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let mut x = 0x1234_5678_9ABC_DEF1u64 ^ seconds;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut findings) = (0u64, Vec::new());
    // Where each panic happened: panics inside parquet-rs or arrow are turned into an error
    // line by the crash guard in the binary, and are only counted; one in Helder's own code
    // is a finding.
    static LAST: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        *LAST.lock().unwrap_or_else(|e| e.into_inner()) = place;
    }));
    let mut foreign: std::collections::BTreeMap<String, u64> = Default::default();
    while Instant::now() < deadline {
        let (ext, seed) = &seeds[(next() % seeds.len() as u64) as usize];
        let mut input = seed.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % input.len().max(1) as u64) as usize;
            match next() % 4 {
                0 if at < input.len() => input[at] ^= 1 << (next() % 8),
                1 if at < input.len() => {
                    input[at] = [0, 0xFF, b'"', b';', b'\n'][(next() % 5) as usize]
                }
                2 => input.truncate(at),
                _ if at + 4 <= input.len() => {
                    input[at..at + 4].copy_from_slice(&(next() as i32).to_le_bytes())
                }
                _ => {}
            }
        }
        let path = tmp.path().join(format!("f.{ext}"));
        std::fs::write(&path, &input).unwrap();
        runs += 1;
        let started = Instant::now();
        if std::panic::catch_unwind(|| read_all(&path)).is_err() {
            let place = LAST.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if place.contains("/.cargo/registry/") {
                let short = place.rsplit("/src/").next().unwrap_or(&place).to_string();
                let krate = place
                    .split("/.cargo/registry/src/")
                    .nth(1)
                    .and_then(|p| p.split('/').nth(1))
                    .unwrap_or("")
                    .to_string();
                *foreign.entry(format!("{krate} {short}")).or_default() += 1;
                continue;
            }
            let saved = tmp.path().join(format!("panic-{runs}.{ext}"));
            std::fs::copy(&path, &saved).unwrap();
            let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
                "../../target/fuzz-findings/input-panic-{runs}.{ext}"
            ));
            std::fs::create_dir_all(keep.parent().unwrap()).unwrap();
            std::fs::copy(&path, &keep).unwrap();
            findings.push(keep);
        }
        if started.elapsed() > Duration::from_secs(1) {
            findings.push(tmp.path().join(format!("slow-{runs}.{ext}")));
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "input fuzz: {seconds} s, {runs} inputs, {} findings in Helder's code {findings:?}; panics in dependencies (caught by the crash guard): {foreign:?}",
        findings.len()
    );
    assert!(findings.is_empty(), "{findings:?}");
}
