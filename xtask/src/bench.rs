//! `cargo xtask bench`: Helder's crossfilter engine in the browser, side by side with the
//! peer engines of the shared benchmark (shared/bench), in one run of its harness.
//!
//! The shared folder is read-only, so the harness is copied to target/bench and set up
//! there (npm packages, pyarrow + numpy, generated data); generated data is reused.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::setup::{self, root, run_in};

pub fn run(args: &[String]) -> Result<()> {
    let mut rows = "1000000".to_string();
    let mut engines: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rows" => {
                rows = it
                    .next()
                    .context("--rows needs a value like 1000000,5000000")?
                    .clone()
            }
            "--engines" => engines = Some(it.next().context("--engines needs a list")?.clone()),
            other => bail!("unknown option `{other}`; use --rows N[,N] or --engines a,b"),
        }
    }
    let shared = root().join("../shared/bench");
    if !shared.join("peers/run.mjs").exists() {
        bail!(
            "{} not found: the benchmark harness lives in shared/bench next to the project",
            shared.display()
        );
    }
    setup::build_tools()?;
    let dist = root().join("target/bench-dist");
    setup::run(
        "trunk",
        &[
            "build",
            "bench.html",
            "--release",
            "--dist",
            &dist.display().to_string(),
            "--public-url",
            "/app/",
        ],
    )?;

    let harness = root().join("target/bench");
    copy_tree(&shared, &harness)?;
    run_in(&harness.join("peers"), "bash", &["setup.sh"])?;
    let mut cmd = vec![
        "run.mjs".to_string(),
        "--rows".into(),
        rows,
        "--mount".into(),
        format!("/app={}", dist.display()),
        "--url".into(),
        "helder=/app/index.html".into(),
    ];
    // Helder always runs (it is the --url engine); the list names the peers beside it, and
    // `--engines helder` alone means no peers.
    if let Some(e) = engines {
        let peers: Vec<&str> = e
            .split(',')
            .map(str::trim)
            .filter(|p| *p != "helder" && !p.is_empty())
            .collect();
        let list = if peers.is_empty() {
            "none".to_string()
        } else {
            peers.join(",")
        };
        cmd.extend(["--engines".into(), list]);
    }
    let refs: Vec<&str> = cmd.iter().map(String::as_str).collect();
    run_in(&harness.join("peers"), "node", &refs)
}

/// Copies `from` into `to` (files overwritten, made writable), leaving `to`'s extra files
/// (generated data, node_modules) in place.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("could not read {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            if target.exists() {
                let mut perms = fs::metadata(&target)?.permissions();
                #[allow(clippy::permissions_set_readonly_false)]
                perms.set_readonly(false);
                fs::set_permissions(&target, perms)?;
            }
            fs::copy(entry.path(), &target)?;
            let mut perms = fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            fs::set_permissions(&target, perms)?;
        }
    }
    Ok(())
}
