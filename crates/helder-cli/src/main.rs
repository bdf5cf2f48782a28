//! `helder`: the native command line for Helder, on the same core as the browser app.

mod check;
mod demo;
mod figures;
mod inspect;
mod site_writer;
mod view;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use helder_core::date;
use helder_core::spec::SPEC_FILE;

#[derive(Parser)]
#[command(
    name = "helder",
    version,
    about = "Helder: data-driven dashboards for Dutch municipalities"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the demo municipality's datasets and manifest into a folder.
    Demo {
        /// Folder to write to, e.g. public/data.
        dir: PathBuf,
        /// Last day the data covers (YYYY-MM-DD); default: the end of last month.
        #[arg(long)]
        as_of: Option<String>,
        /// Overwrite a folder whose manifest was not written by `helder demo`.
        #[arg(long)]
        force: bool,
    },
    /// Compute the first screen's key figures from a data folder, as the browser does.
    Kpi {
        /// Folder with manifest.json.
        dir: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check the dashboard spec (dashboard.toml) of a data folder against its data files.
    Check {
        /// Folder with manifest.json and dashboard.toml.
        dir: PathBuf,
    },
    /// Print a dashboard page's widget figures as JSON, computed as the browser does.
    View {
        /// Folder with manifest.json and dashboard.toml.
        dir: PathBuf,
        /// Page id from the spec.
        #[arg(long)]
        page: String,
        /// A filter as in the page address, e.g. `wijk=Noord` or `maand:month=2024-01-01..2024-12-31`;
        /// repeat for more. Without any, the page's default filters apply.
        #[arg(long)]
        select: Vec<String>,
    },
    /// Show the schema, row count and per-column summary of an Arrow IPC file or stream.
    Inspect {
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("helder: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Demo { dir, as_of, force } => {
            let as_of = match as_of {
                Some(s) => date::parse_iso(&s)
                    .with_context(|| format!("--as-of `{s}` is not a date like 2026-10-31"))?,
                None => end_of_last_month()?,
            };
            let as_of = demo::as_of_for(as_of);
            site_writer::check_demo_target(&dir, force)?;
            let datasets = demo::generate(as_of)?;
            let generated_by = format!("helder demo {}", env!("CARGO_PKG_VERSION"));
            let manifest = site_writer::write_site(
                &dir,
                demo::GEMEENTE,
                &date::format_iso(as_of),
                &generated_by,
                &datasets,
            )?;
            site_writer::write_atomic(
                &dir.join(SPEC_FILE),
                demo::dashboard_spec(as_of).as_bytes(),
            )?;
            for d in &manifest.datasets {
                println!(
                    "{:<18} {:>9} rijen {:>10} bytes  {}",
                    d.name, d.rows, d.bytes, d.file
                );
            }
            println!(
                "manifest: {}",
                dir.join(site_writer::MANIFEST_FILE).display()
            );
            Ok(())
        }
        Command::Kpi { dir, json } => figures::print(&dir, json),
        Command::Check { dir } => check::print(&dir),
        Command::View { dir, page, select } => view::print(&dir, &page, &select),
        Command::Inspect { file, json } => inspect::print(&file, json),
    }
}

fn end_of_last_month() -> Result<i32> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_secs();
    let today = i32::try_from(secs / 86_400).context("the system clock is far in the future")?;
    let (y, m) = date::month_parts(date::month_index(today));
    let first = date::from_ymd(y, m, 1).context("invalid current date")?;
    Ok(first - 1)
}
