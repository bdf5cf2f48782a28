//! `helder`: the native command line for Helder, on the same core as the browser app.

mod backtest_cmd;
mod check;
mod crash_guard;
mod csv_batches;
mod csv_dialect;
mod csv_series;
mod csv_values;
mod demo;
mod effect_cmd;
mod figures;
mod first_view;
mod forecast_cmd;
mod identifiers;
mod input;
#[cfg(test)]
mod input_fuzz;
mod inspect;
mod lookup_cmd;
mod normalize;
mod parquet_guard;
mod prepare;
mod project_cmd;
mod publish;
mod publish_cube;
mod publish_report;
mod publish_spec;
mod series_input;
mod site_writer;
mod view;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use helder_core::date;
use helder_core::spec::SPEC_FILE;

use crate::csv_batches::CsvOptions;
use crate::csv_dialect::Encoding;
use crate::csv_values::{ColumnType, DecimalMark};

/// Rows per record batch in prepared files: large batches decode fastest, and the memory a
/// conversion needs grows with the batch, not with the file.
pub const PREPARE_BATCH_ROWS: usize = 1 << 20;

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
    /// Compute the budget tiles of a data folder's spec (spending this year against budget), as the browser does.
    Kpi {
        /// Folder with manifest.json.
        dir: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// A filter, as a click or the address sets it: `--select product="Verblijf pleegzorg"`
        /// (repeatable); default: each page's default filters.
        #[arg(long)]
        select: Vec<String>,
    },
    /// Check the dashboard spec (dashboard.toml) of a data folder against its data files.
    Check {
        /// Folder with manifest.json and dashboard.toml.
        dir: PathBuf,
    },
    /// Quick lookup: answers to typed words (e.g. `bijstand noord`) with their figures, as JSON.
    Lookup {
        /// Folder with manifest.json and dashboard.toml.
        dir: PathBuf,
        /// What staff type, e.g. `wachttijd meldingen` or `Centrum 2025`.
        query: String,
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
    /// Write the public copy of a site: its `public = true` pages over protected cubes
    /// (disclosure control verified by an attack), a publication report, no records.
    Publish {
        /// Folder with manifest.json and dashboard.toml (the intranet site).
        site: PathBuf,
        /// Write the public site (the only kind publish writes; required so the intent is explicit).
        #[arg(long)]
        public: bool,
        /// Folder to write the public site to; replaced only if `helder publish` wrote it.
        #[arg(long)]
        out: PathBuf,
    },
    /// Show the schema, row count and per-column summary of an Arrow, Parquet or CSV file.
    Inspect {
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        csv: CsvArgs,
    },
    /// Convert CSV, Parquet or Arrow files into dashboard data and record them in the
    /// folder's manifest.json.
    Prepare {
        /// Input files; each becomes a dataset named after the file.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The site's data folder, e.g. public/data.
        #[arg(long)]
        out: PathBuf,
        /// Last day the data covers (YYYY-MM-DD); default: the newest date in the data.
        #[arg(long)]
        as_of: Option<String>,
        /// The municipality's name, needed when the folder has no manifest yet.
        #[arg(long)]
        gemeente: Option<String>,
        /// Compression inside the Arrow file. Uncompressed decodes about twice as fast and
        /// is used in place (no copy); LZ4 is 2 to 3 times smaller to download.
        #[arg(long, value_enum, default_value_t = Compression::None)]
        compression: Compression,
        /// Rows per record batch in the output.
        #[arg(long, default_value_t = PREPARE_BATCH_ROWS)]
        batch_rows: usize,
        #[command(flatten)]
        csv: CsvArgs,
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
        /// Control areas without the measure: a column of the same file summed per month
        /// (`--control zuid`), or in an Arrow file with one row per area `column=value,...`
        /// (`--control wijk=Zuid,West`): those rows are the control and every other row with
        /// an area is the treated series, as an effect widget's `control` splits them. The
        /// effect is then measured against the control (comparative interrupted time series).
        #[arg(long)]
        control: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Youth-care demand per buurt 1 and 5 years ahead, from a data folder.
    Project {
        /// Folder with manifest.json; the datasets and assumptions come from the first demand
        /// widget of its dashboard.toml (without one: datasets `bevolking` and `jeugdzorg`).
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

#[derive(Clone, Copy, ValueEnum)]
enum Compression {
    Lz4,
    None,
}

/// How to read CSV files, where detection is not enough.
#[derive(Args)]
struct CsvArgs {
    /// Column type, e.g. `--type kosten=float --type postcode=text`
    /// (int, float, date, timestamp, timestamptz, bool, text).
    #[arg(long = "type", value_name = "COLUMN=TYPE")]
    types: Vec<String>,
    /// CSV text encoding: utf-8 or windows-1252 (default: detected).
    #[arg(long)]
    encoding: Option<String>,
    /// CSV field separator, e.g. `;` or `,` (default: detected).
    #[arg(long)]
    separator: Option<String>,
    /// Decimal mark in CSV numbers: `,` or `.` (default: `,` unless the separator is `,`).
    #[arg(long)]
    decimal: Option<String>,
}

impl CsvArgs {
    fn options(&self) -> Result<CsvOptions> {
        let encoding = match &self.encoding {
            Some(e) => Some(Encoding::parse(e).ok_or_else(|| {
                anyhow!("--encoding `{e}` is not known; use utf-8 or windows-1252")
            })?),
            None => None,
        };
        let separator = match self.separator.as_deref() {
            None => None,
            Some("\\t") | Some("tab") => Some(b'\t'),
            Some(s) if s.len() == 1 => Some(s.as_bytes()[0]),
            Some(s) => bail!("--separator `{s}` must be one character, e.g. `;`"),
        };
        let decimal = match self.decimal.as_deref() {
            None => None,
            Some(",") => Some(DecimalMark::Comma),
            Some(".") => Some(DecimalMark::Dot),
            Some(s) => bail!("--decimal `{s}` must be `,` or `.`"),
        };
        let types = self
            .types
            .iter()
            .map(|spec| {
                let (col, t) = spec.split_once('=').ok_or_else(|| {
                    anyhow!("--type `{spec}` must look like column=type, e.g. kosten=float")
                })?;
                let t = ColumnType::parse(t).ok_or_else(|| {
                    anyhow!("--type `{spec}`: unknown type `{t}`; use int, float, date, timestamp, timestamptz, bool or text")
                })?;
                Ok((col.to_string(), t))
            })
            .collect::<Result<_>>()?;
        Ok(CsvOptions {
            encoding,
            separator,
            decimal,
            types,
            spec_types: Vec::new(),
        })
    }
}

fn main() -> ExitCode {
    crash_guard::install();
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
            for (name, text) in demo::boundary_files() {
                site_writer::write_atomic(&dir.join(name), text.as_bytes())?;
                println!("{name:<18} {:>21} bytes  {name}", text.len());
            }
            let spec = check::check(&dir)?;
            first_view::write(&dir, &spec)?;
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
        Command::Kpi { dir, json, select } => figures::print(&dir, json, &select),
        Command::Check { dir } => check::print(&dir),
        Command::View { dir, page, select } => view::print(&dir, &page, &select),
        Command::Lookup { dir, query } => lookup_cmd::print(&dir, &query),
        Command::Publish { site, public, out } => {
            if !public {
                bail!("`helder publish` writes a public site; pass --public to confirm");
            }
            publish::print(site, out)
        }
        Command::Inspect { file, json, csv } => inspect::print(&file, json, &csv.options()?),
        Command::Prepare {
            inputs,
            out,
            as_of,
            gemeente,
            compression,
            batch_rows,
            csv,
        } => {
            let as_of = match as_of {
                Some(s) => Some(
                    date::parse_iso(&s)
                        .with_context(|| format!("--as-of `{s}` is not a date like 2026-10-31"))?,
                ),
                None => None,
            };
            prepare::run(&prepare::Request {
                inputs,
                out,
                as_of,
                gemeente,
                csv: csv.options()?,
                compression: match compression {
                    Compression::Lz4 => Some(arrow_ipc::CompressionType::LZ4_FRAME),
                    Compression::None => None,
                },
                batch_rows: batch_rows.max(1),
            })
        }
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
            control,
            json,
        } => effect_cmd::run(&effect_cmd::Args {
            file: &file,
            column: &column,
            date_column: date_column.as_deref(),
            at: &at,
            control: control.as_deref(),
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
