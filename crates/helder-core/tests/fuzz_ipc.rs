//! A bounded-time mutation fuzzer over the core's Arrow reader, standing in for `cargo fuzz`
//! (which needs a nightly toolchain). Run it with `cargo xtask fuzz --seconds N`; it is
//! ignored in the normal test run.
//!
//! Seeds are the committed fixtures; each round mutates one (bit flips, interesting
//! integers over length and offset fields, truncation, splices, chunk copies), reads it
//! whole and streamed in chunks of a random size, and converts every column. A panic or an
//! input that takes over a second is saved under target/fuzz-findings/ and fails the run;
//! each finding becomes a test in bad_input.rs.
#![allow(clippy::unwrap_used, clippy::expect_used)] // The fuzzer may fail loudly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use helder_core::{ipc, ipc_columns};

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("writers")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e == "arrow" || e == "arrows") {
                out.push(std::fs::read(p).unwrap());
            }
        }
    }
    out
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: [i64; 12] = [
    0,
    1,
    -1,
    7,
    8,
    255,
    i32::MAX as i64,
    i32::MIN as i64,
    0x7FFF_FFF8,
    1 << 40,
    i64::MAX,
    i64::MIN,
];

fn mutate(input: &mut Vec<u8>, seeds: &[Vec<u8>], rng: &mut Rng) {
    for _ in 0..1 + rng.below(4) {
        if input.is_empty() {
            return;
        }
        let at = rng.below(input.len());
        match rng.below(7) {
            0 => input[at] ^= 1 << rng.below(8),
            1 => input[at] = [0, 0xFF, 0x7F, 0x80, 1][rng.below(5)],
            2 => {
                let v = INTERESTING[rng.below(INTERESTING.len())];
                let width = [4, 8][rng.below(2)];
                let bytes = v.to_le_bytes();
                let end = (at + width).min(input.len());
                input[at..end].copy_from_slice(&bytes[..end - at]);
            }
            3 => input.truncate(at),
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let len = rng.below(64).min(other.len() - from);
                let end = (at + len).min(input.len());
                input[at..end].copy_from_slice(&other[from..from + (end - at)]);
            }
            5 => {
                let len = rng.below(32).min(input.len() - at);
                let chunk = input[at..at + len].to_vec();
                let to = rng.below(input.len());
                input.splice(to..to, chunk);
            }
            _ => {
                let len = rng.below(16).min(input.len() - at);
                input.drain(at..at + len);
            }
        }
    }
}

fn save(input: &[u8], kind: &str, n: u64) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-findings");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{kind}-{n}.arrow"));
    std::fs::write(&path, input).unwrap();
    path
}

#[test]
#[ignore = "runs for HELDER_FUZZ_SECONDS; use `cargo xtask fuzz`"]
fn fuzz_arrow_reader() {
    let seconds: u64 = std::env::var("HELDER_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let seeds = seeds();
    let mut rng = Rng(0x5DEE_CE66_D1CE_5EED ^ seconds);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut accepted, mut findings) = (0u64, 0u64, Vec::new());
    // Panics are expected to be caught and reported, not printed as test noise.
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut input, &seeds, &mut rng);
        let started = Instant::now();
        let copy = input.clone();
        let chunk = 1 + rng.below(4096);
        let result = std::panic::catch_unwind(move || {
            // The streamed reader (a column at a time, in chunks) gets the same input.
            let streamed = ipc_columns::read_table_in_chunks("fuzz", None, copy.chunks(chunk));
            if let Ok(t) = streamed {
                for i in 0..t.column_names().count() {
                    let _ = t.column_at(i);
                }
            }
            ipc::read_table("fuzz", copy).map(|t| {
                for i in 0..t.column_names().count() {
                    let _ = t.column_at(i);
                }
            })
        });
        runs += 1;
        match result {
            Err(_) => findings.push(save(&input, "panic", runs)),
            Ok(Ok(())) => accepted += 1,
            Ok(Err(_)) => {}
        }
        if started.elapsed() > Duration::from_secs(1) {
            findings.push(save(&input, "slow", runs));
        }
    }
    let _ = std::panic::take_hook();
    println!(
        "fuzz: {seconds} s, {runs} inputs from {} seeds, {accepted} decoded, {} findings {findings:?}",
        seeds.len(),
        findings.len()
    );
    assert!(findings.is_empty(), "findings: {findings:?}");
}
