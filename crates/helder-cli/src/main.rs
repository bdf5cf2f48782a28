//! `helder`: the native command line for Helder, on the same core as the browser app.

mod backtest_cmd;
mod csv_series;
mod demo;
mod effect_cmd;
mod figures;
mod forecast_cmd;
mod inspect;
mod project_cmd;
mod series_input;
mod site_writer;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use helder_core::date;

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
    /// Show the schema, row count and per-column summary of an Arrow IPC file or stream.
    Inspect {
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Forecast a monthly series (sum per month of a column) with automatic ETS.
    Forecast {
        /// A .csv file (header row; date and value columns) or an Arrow IPC file.
        file: PathBuf,
        /// The value column, summed per month.
        #[arg(long)]
        column: String,
        /// The date column; default: the first date column (CSV: the first other column).
        #[arg(long)]
        date_column: Option<String>,
        /// Months to forecast.
        #[arg(long, default_value_t = 12)]
        horizon: usize,
        /// Year budget: adds the year-end projection and the chance of overspending.
        #[arg(long)]
        budget: Option<f64>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The effect of a policy measure on a monthly series (sum per month of a column).
    Effect {
        /// A .csv file (header row; date and value columns) or an Arrow IPC file.
        file: PathBuf,
        /// The value column, summed per month.
        #[arg(long)]
        column: String,
        /// The date column; default: the first date column (CSV: the first other column).
        #[arg(long)]
        date_column: Option<String>,
        /// The first month with the measure, YYYY-MM.
        #[arg(long)]
        at: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Youth-care demand per buurt 1 and 5 years ahead, from a data folder.
    Project {
        /// Folder with manifest.json (datasets `bevolking` and `jeugdzorg`).
        dir: PathBuf,
        /// Base year; default: the year before the as-of year.
        #[arg(long)]
        base_year: Option<i32>,
        /// Instead: project from this year 1 and 3 years ahead and compare with what
        /// happened, next to the naive "current rate × current population".
        #[arg(long)]
        hindcast_from: Option<i32>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Rolling-origin backtest of the forecaster on public series and the demo data.
    Backtest {
        #[arg(long, default_value_t = 12)]
        horizon: usize,
        #[arg(long, default_value_t = 12)]
        origins: usize,
        /// Nelder–Mead iterations per model (default: the forecaster's own).
        #[arg(long)]
        max_iter: Option<usize>,
        /// Print JSON (with the series) instead of text.
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
        Command::Inspect { file, json } => inspect::print(&file, json),
        Command::Forecast {
            file,
            column,
            date_column,
            horizon,
            budget,
            json,
        } => forecast_cmd::run(&forecast_cmd::Args {
            file: &file,
            column: &column,
            date_column: date_column.as_deref(),
            horizon,
            budget,
            json,
        }),
        Command::Effect {
            file,
            column,
            date_column,
            at,
            json,
        } => effect_cmd::run(&effect_cmd::Args {
            file: &file,
            column: &column,
            date_column: date_column.as_deref(),
            at: &at,
            json,
        }),
        Command::Project {
            dir,
            base_year,
            hindcast_from,
            json,
        } => project_cmd::run(&dir, base_year, hindcast_from, json),
        Command::Backtest {
            horizon,
            origins,
            max_iter,
            json,
        } => backtest_cmd::run(horizon, origins, max_iter, json),
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
