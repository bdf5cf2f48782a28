//! The chores themselves: demo data, build, serve, lint and the full test run.

use std::fs;

use anyhow::{Context, Result};

use crate::setup::{self, root, run, run_in};

const DEMO_DIR: &str = "public/data";
/// Where `cargo xtask public` writes the public copy of the demo site.
const PUBLIC_DIR: &str = "dist-public";

/// Writes the demo data into public/data, unless that folder holds a municipality's own
/// data (a manifest not written by `helder demo`), which is never overwritten.
pub fn demo(force: bool) -> Result<()> {
    let manifest = root().join(DEMO_DIR).join("manifest.json");
    if !force {
        if let Ok(text) = fs::read_to_string(&manifest) {
            if !text.contains("\"generated_by\": \"helder demo") {
                eprintln!("xtask: {DEMO_DIR} holds your own data; leaving it as it is");
                // The page reads dashboard.json, which `helder check` writes from the TOML.
                if let Err(e) = run(
                    "cargo",
                    &[
                        "run",
                        "--quiet",
                        "-p",
                        "helder-cli",
                        "--",
                        "check",
                        DEMO_DIR,
                    ],
                ) {
                    eprintln!("xtask: the spec in {DEMO_DIR} does not pass `helder check` ({e}); fix what it reports, then the page follows");
                }
                return Ok(());
            }
        }
    }
    run(
        "cargo",
        &["run", "--quiet", "-p", "helder-cli", "--", "demo", DEMO_DIR],
    )
}

fn trunk_build() -> Result<()> {
    run("trunk", &["build", "--release"])?;
    report_wasm_size()
}

pub fn build() -> Result<()> {
    setup::build_tools()?;
    demo(false)?;
    themes()?;
    trunk_build()
}

/// Builds the public copy of the demo into dist-public/: the release app (without the
/// record-level data) and `helder publish`'s protected cubes in its data/ folder.
pub fn public() -> Result<()> {
    build()?;
    let out = root().join(PUBLIC_DIR);
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("removing the old {PUBLIC_DIR}"))?;
    }
    copy_app(&root().join("dist"), &out)?;
    run(
        "cargo",
        &[
            "run",
            "--quiet",
            "--release",
            "-p",
            "helder-cli",
            "--",
            "publish",
            DEMO_DIR,
            "--public",
            "--out",
            &format!("{PUBLIC_DIR}/data"),
        ],
    )?;
    eprintln!(
        "xtask: the public site is in {PUBLIC_DIR}/ (report: {PUBLIC_DIR}/data/publicatierapport.md); serve it with any static web server"
    );
    Ok(())
}

/// Copies the built app from `from` to `to`, leaving out its data folder.
fn copy_app(from: &std::path::Path, to: &std::path::Path) -> Result<()> {
    fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let (name, target) = (entry.file_name(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            if name != "data" {
                copy_app(&entry.path(), &target)?;
            }
        } else {
            fs::copy(entry.path(), &target)
                .with_context(|| format!("copying {}", entry.path().display()))?;
        }
    }
    Ok(())
}

pub fn serve() -> Result<()> {
    setup::build_tools()?;
    demo(false)?;
    themes()?;
    eprintln!("xtask: serving the demo at http://127.0.0.1:8080 (Ctrl+C stops)");
    run("trunk", &["serve", "--release"])
}

pub fn fmt() -> Result<()> {
    run("cargo", &["fmt", "--all"])
}

pub fn lint() -> Result<()> {
    run("cargo", &["fmt", "--all", "--", "--check"])?;
    run(
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    run(
        "cargo",
        &[
            "clippy",
            "-p",
            "helder-app",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ],
    )
}

/// Every test, in order of cost: lint, native, wasm in headless Chromium, end-to-end.
pub fn test() -> Result<()> {
    setup::all()?;
    lint()?;
    demo(false)?;
    run("cargo", &["test", "--workspace"])?;
    wasm_tests()?;
    themes()?;
    trunk_build()?;
    run("cargo", &["build", "--quiet", "-p", "helder-cli"])?;
    run_in(&root().join("tests/e2e"), "npm", &["test", "--silent"])
}

/// Makes the municipal themes (public/themes) from their NL Design System packages, checking
/// their contrast. They are built, never committed: a municipality's house style stays under
/// its own licence, in its own package.
pub fn themes() -> Result<()> {
    let dir = root().join("style/nlds");
    setup::npm(&dir)?;
    run_in(&dir, "node", &["generate.mjs"])
}

fn wasm_tests() -> Result<()> {
    eprintln!("xtask: wasm-bindgen tests in headless Chromium");
    browser_tests(&[])
}

/// The browser decode measurement (tests/web.rs), built as the site is (release).
pub fn decode_bench() -> Result<()> {
    setup::all()?;
    browser_tests(&[
        "--release",
        "--",
        "--include-ignored",
        "--nocapture",
        "decode_speed",
    ])
}

/// `cargo test` of tests/web.rs in headless Chromium, with `extra` arguments.
fn browser_tests(extra: &[&str]) -> Result<()> {
    let status = std::process::Command::new("cargo")
        .args([
            "test",
            "-p",
            "helder-app",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ])
        .args(extra)
        .current_dir(root())
        .env("PATH", setup::tool_path())
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .status()
        .context("could not run the wasm tests")?;
    anyhow::ensure!(status.success(), "the wasm tests failed");
    Ok(())
}

/// Prints the release wasm's size, raw and gzipped, for the closing notes of issues.
fn report_wasm_size() -> Result<()> {
    let dist = root().join("dist");
    for entry in fs::read_dir(&dist).with_context(|| format!("no {}", dist.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            let raw = fs::metadata(&path)?.len();
            let gz = std::process::Command::new("gzip")
                .args(["-9", "-c"])
                .arg(&path)
                .output()
                .map(|o| o.stdout.len())
                .unwrap_or(0);
            eprintln!(
                "xtask: {} is {raw} bytes raw, {gz} bytes gzip -9",
                path.display()
            );
        }
    }
    Ok(())
}
