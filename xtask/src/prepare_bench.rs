//! `cargo xtask prepare-bench` and `cargo xtask fuzz`: measuring `helder prepare` on large
//! generated CSV exports, and running the bounded-time fuzzer over the core's Arrow reader.
//!
//! Neither is part of `cargo xtask test`: the benchmark writes gigabytes and the fuzzer runs
//! for as long as it is told to.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::setup::{root, run};

const WIJKEN: [&str; 8] = [
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Overbos",
    "Hoogveld",
    "Rivierkwartier",
];
const PRODUCTEN: [&str; 6] = [
    "Ambulante hulp",
    "Dagbehandeling",
    "Pleegzorg",
    "Verblijf",
    "Jeugd-GGZ",
    "Vervoer",
];

/// Writes a deterministic youth-care export in Dutch CSV conventions (`;`, decimal comma,
/// thousands dots, dd-mm-yyyy dates, some quoted values with separators).
fn write_csv(path: &Path, rows: u64) -> Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(
        out,
        "maand;wijk;buurt;product;aanbieder;client;leeftijd;geslacht;kosten;opmerking"
    )?;
    // xorshift64: fixed seed, so every run writes the same bytes.
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..rows {
        let r = next();
        let month = (i * 58 / rows.max(1)) as u32; // 58 months, rows in time order
        let (y, m) = (2022 + month / 12, 1 + month % 12);
        let wijk = WIJKEN[(r % 8) as usize];
        let buurt = (r >> 3) % 10;
        let product = PRODUCTEN[((r >> 7) % 6) as usize];
        let aanbieder = (r >> 10) % 40;
        let client = (r >> 16) % 250_000;
        let leeftijd = (r >> 34) % 18;
        let geslacht = if (r >> 40) & 1 == 0 { "M" } else { "V" };
        let cents = (r >> 41) % 900_000 + 1_000;
        let euros = cents / 100;
        let kosten = if euros >= 1000 {
            format!("{}.{:03},{:02}", euros / 1000, euros % 1000, cents % 100)
        } else {
            format!("{euros},{:02}", cents % 100)
        };
        let opmerking = match (r >> 60) % 8 {
            0 => "\"herindicatie; spoed\"",
            1 => "verlengd",
            _ => "",
        };
        writeln!(
            out,
            "01-{m:02}-{y};{wijk};{wijk} {buurt};{product};Aanbieder {aanbieder};C{client:06};{leeftijd};{geslacht};{kosten};{opmerking}"
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Generates 1M- and 10M-row (or `--rows a,b`) CSV files under target/prepare-bench and
/// reports rows per second and peak memory of `helder prepare` on each.
pub fn bench(args: &[String]) -> Result<()> {
    let rows: Vec<u64> = match args.iter().position(|a| a == "--rows") {
        Some(i) => args
            .get(i + 1)
            .context("--rows needs a list like 1000000,10000000")?
            .split(',')
            .map(|s| s.trim().parse().context("--rows takes whole numbers"))
            .collect::<Result<_>>()?,
        None => vec![1_000_000, 10_000_000],
    };
    let dir = root().join("target/prepare-bench");
    fs::create_dir_all(&dir)?;
    run("cargo", &["build", "--release", "-p", "helder-cli"])?;
    let helder = root().join("target/release/helder");
    for n in rows {
        let csv = dir.join(format!("jeugdzorg_{n}.csv"));
        if !csv.exists() {
            eprintln!("xtask: writing {}", csv.display());
            write_csv(&csv, n)?;
        }
        let size = fs::metadata(&csv)?.len();
        for compression in ["lz4", "none"] {
            let out = dir.join(format!("site_{n}_{compression}"));
            let _ = fs::remove_dir_all(&out);
            let started = Instant::now();
            let result = Command::new("/usr/bin/time")
                .arg("-v")
                .arg(&helder)
                .args(["prepare"])
                .arg(&csv)
                .arg("--out")
                .arg(&out)
                .args([
                    "--gemeente",
                    "Gemeente Voorbeeld",
                    "--compression",
                    compression,
                ])
                .output()
                .context("could not run /usr/bin/time (apt install time)")?;
            let secs = started.elapsed().as_secs_f64();
            let stderr = String::from_utf8_lossy(&result.stderr);
            if !result.status.success() {
                bail!("helder prepare failed: {stderr}");
            }
            let rss_kb: u64 = stderr
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("Maximum resident set size (kbytes): ")
                })
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            let arrow = fs::metadata(out.join(format!("jeugdzorg_{n}.arrow")))?.len();
            println!(
                "{n:>10} rows  csv {:>6.0} MB  {compression:<4}  {secs:>6.1} s  {:>9.0} rows/s  max RSS {:>6.0} MB  arrow {:>5.0} MB",
                size as f64 / 1e6,
                n as f64 / secs,
                rss_kb as f64 / 1024.0,
                arrow as f64 / 1e6
            );
        }
    }
    // How fast the core decodes each prepared file (what the browser does after fetching).
    let mut files: Vec<String> = Vec::new();
    for site in fs::read_dir(&dir)?.filter_map(|e| e.ok()) {
        if site.path().is_dir() {
            for f in fs::read_dir(site.path())?.filter_map(|e| e.ok()) {
                if f.path().extension().is_some_and(|e| e == "arrow") {
                    files.push(f.path().display().to_string());
                }
            }
        }
    }
    files.sort();
    let status = Command::new("cargo")
        .args([
            "test",
            "--release",
            "-p",
            "helder-core",
            "--test",
            "decode_speed",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .env("HELDER_DECODE_FILES", files.join(":"))
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("the decode timing failed");
    }
    Ok(())
}

/// Runs the mutation fuzzer over the core's Arrow reader for `--seconds N` (default 60).
pub fn fuzz(args: &[String]) -> Result<()> {
    let seconds = match args.iter().position(|a| a == "--seconds") {
        Some(i) => args
            .get(i + 1)
            .context("--seconds needs a number")?
            .parse::<u64>()
            .context("--seconds takes a whole number")?,
        None => 60,
    };
    let status = Command::new("cargo")
        .args([
            "test",
            "--release",
            "-p",
            "helder-core",
            "--test",
            "fuzz_ipc",
            "--",
            "--ignored",
            "--nocapture",
        ])
        .env("HELDER_FUZZ_SECONDS", seconds.to_string())
        .current_dir(root())
        .status()?;
    if !status.success() {
        bail!("the fuzzer found a problem; see target/fuzz-findings/");
    }
    Ok(())
}
