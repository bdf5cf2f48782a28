//! Installing what the build and the tests need, each step skipped when already done.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

pub const TRUNK_VERSION: &str = "0.21.14";
const APT_PACKAGES: [(&str, &str); 3] = [
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
    ("clang", "/usr/bin/clang"),
];

/// The project root (the folder with the workspace Cargo.toml).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// PATH with cargo's bin folder and the project's npm tools first.
pub fn tool_path() -> String {
    let mut parts = vec![
        root()
            .join("xtask/tools/node_modules/.bin")
            .display()
            .to_string(),
        cargo_bin().display().to_string(),
    ];
    if let Ok(p) = std::env::var("PATH") {
        parts.push(p);
    }
    parts.join(":")
}

fn cargo_bin() -> PathBuf {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    home.join("bin")
}

/// Runs a command in the project root with the tool PATH; fails with the command line.
pub fn run(program: &str, args: &[&str]) -> Result<()> {
    run_in(&root(), program, args)
}

pub fn run_in(dir: &Path, program: &str, args: &[&str]) -> Result<()> {
    eprintln!("xtask: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", tool_path())
        .status()
        .with_context(|| format!("could not start `{program}`; is it installed?"))?;
    if !status.success() {
        bail!("`{program} {}` failed with {status}", args.join(" "));
    }
    Ok(())
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    Command::new(program)
        .args(args)
        .env("PATH", tool_path())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock =
        std::fs::read_to_string(root().join("Cargo.lock")).context("could not read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen entry")
}

/// Everything: what serve needs plus the browsers and drivers the tests need.
pub fn all() -> Result<()> {
    apt()?;
    build_tools()?;
    npm(&root().join("tests/e2e"))?;
    npm(&root().join("style/nlds"))?;
    Ok(())
}

/// What building the site needs: wasm target, clang, trunk, wasm-bindgen, wasm-opt.
pub fn build_tools() -> Result<()> {
    if !output("rustup", &["target", "list", "--installed"])
        .is_some_and(|t| t.contains("wasm32-unknown-unknown"))
    {
        run("rustup", &["target", "add", "wasm32-unknown-unknown"])?;
    }
    if !Path::new("/usr/bin/clang").exists() {
        apt()?;
    }
    if output("trunk", &["--version"]).as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        eprintln!("xtask: installing trunk {TRUNK_VERSION} (about 10 minutes on 2 cores, once)");
        let status = Command::new("cargo")
            .args(["install", "--locked", "trunk", "--version", TRUNK_VERSION])
            // Trunk's own release profile uses LTO; without it the install is minutes faster.
            .env("CARGO_PROFILE_RELEASE_LTO", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("PATH", tool_path())
            .status()
            .context("could not run cargo install")?;
        if !status.success() {
            bail!("installing trunk failed");
        }
    }
    let wb = wasm_bindgen_version()?;
    if output("wasm-bindgen", &["--version"]).as_deref() != Some(&format!("wasm-bindgen {wb}")) {
        eprintln!("xtask: installing wasm-bindgen-cli {wb} (about 8 minutes on 2 cores, once)");
        // Not --locked: its lockfile pins a webpki-roots version the registry lacks.
        run("cargo", &["install", "wasm-bindgen-cli", "--version", &wb])?;
    }
    npm(&root().join("xtask/tools"))?;
    run("cargo", &["fetch", "--quiet"])?;
    Ok(())
}

/// Debian packages: Chromium and its driver for the browser tests, clang for zstd in wasm.
fn apt() -> Result<()> {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(_, bin)| !Path::new(bin).exists())
        .map(|(pkg, _)| *pkg)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = output("id", &["-u"]).as_deref() == Some("0");
    let (program, prefix): (&str, Vec<&str>) = if is_root {
        ("apt-get", vec![])
    } else {
        ("sudo", vec!["apt-get"])
    };
    let mut update = prefix.clone();
    update.extend(["update", "-qq"]);
    run(program, &update)?;
    let mut install = prefix;
    install.extend(["install", "-y", "-qq", "--no-install-recommends"]);
    install.extend(missing.iter().copied());
    run(program, &install).context("installing Debian packages failed (needs root or sudo)")
}

/// `npm ci` in `dir` unless its node_modules matches its lockfile already.
pub fn npm(dir: &Path) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let up_to_date = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(l), Ok(i)) => match (l.modified(), i.modified()) {
            (Ok(l), Ok(i)) => i >= l,
            _ => false,
        },
        _ => false,
    };
    if up_to_date {
        return Ok(());
    }
    run_in(
        dir,
        "npm",
        &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
    )
}
