//! Opening an input file of any supported format as one stream of record batches.
//!
//! The format is recognised from the bytes, not trusted from the extension: a file whose
//! extension names one format but whose bytes are another is refused with a message that
//! says what it really is, because a renamed export is usually the wrong export.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};
use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use crate::csv_batches::{CsvBatches, CsvOptions};

/// Rows per batch read from Parquet; the normaliser and writer regroup them.
const PARQUET_BATCH_ROWS: usize = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Arrow,
    Parquet,
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Arrow => "Arrow IPC",
            Format::Parquet => "Parquet",
            Format::Csv => "CSV",
        }
    }
}

/// Recognises a file's format from its first bytes; the error says what the bytes are.
pub fn detect(path: &Path) -> Result<Format> {
    let mut head = Vec::with_capacity(512);
    File::open(path)
        .context("could not read the file")?
        .take(512)
        .read_to_end(&mut head)
        .context("could not read the file")?;
    let by_name = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .and_then(|e| match e.as_str() {
            "arrow" | "arrows" | "feather" | "ipc" => Some(Format::Arrow),
            "parquet" | "pq" => Some(Format::Parquet),
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            _ => None,
        });
    // Arrow files go to the core reader, which names foreign contents itself, exactly as
    // the browser would.
    if by_name == Some(Format::Arrow) {
        return Ok(Format::Arrow);
    }
    let by_bytes = sniff(&head)?;
    match by_name {
        Some(named) if named != by_bytes => bail!(
            "the name says {} but the contents are {}; rename the file to match, or export it again",
            named.name(),
            by_bytes.name()
        ),
        _ => Ok(by_bytes),
    }
}

fn sniff(head: &[u8]) -> Result<Format> {
    if head.is_empty() {
        bail!("the file is empty (0 bytes); re-export or re-copy it");
    }
    if head.starts_with(b"ARROW1") || head.starts_with(&[0xFF; 4]) {
        return Ok(Format::Arrow);
    }
    if head.starts_with(b"PAR1") {
        return Ok(Format::Parquet);
    }
    if head.starts_with(b"PK\x03\x04") {
        bail!("this is a ZIP archive (an Excel .xlsx?); save the sheet as CSV UTF-8 or unzip it first");
    }
    if head.starts_with(&[0x1F, 0x8B])
        || head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD])
        || head.starts_with(&[0x04, 0x22, 0x4D, 0x18])
    {
        bail!("this is a compressed archive (gzip, ZSTD or LZ4); decompress it first");
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<!doctype") || trimmed.starts_with("<html") {
        bail!("this is an HTML page, not data; the download probably failed");
    }
    // Text has no control bytes other than tab, CR and LF (UTF-16 aside, which the CSV
    // reader names); binary data nearly always does within 512 bytes.
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Ok(Format::Csv);
    }
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\r' | b'\n'))
        .count();
    if control > 0 {
        bail!(
            "this is neither CSV, Arrow nor Parquet: the first bytes are {:02X?}",
            &head[..head.len().min(8)]
        );
    }
    Ok(Format::Csv)
}

/// An input file, opened, yielding record batches.
pub enum Batches {
    Csv(Box<CsvBatches>),
    Parquet(ParquetRecordBatchReader),
    Arrow(std::vec::IntoIter<RecordBatch>),
}

impl std::fmt::Debug for Batches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Batches")
    }
}

/// An opened input: its format, schema and batches.
#[derive(Debug)]
pub struct Input {
    pub format: Format,
    pub schema: SchemaRef,
    pub batches: Batches,
}

/// Opens `path` for reading batches. Arrow files are decoded and validated by the core,
/// exactly as the browser does; CSV and Parquet are read in batches.
pub fn open(path: &Path, csv: &CsvOptions) -> Result<Input> {
    crate::crash_guard::reading(path);
    let format = detect(path)?;
    Ok(match format {
        Format::Arrow => {
            let bytes = std::fs::read(path).context("could not read the file")?;
            let (schema, batches) = helder_core::ipc::read_batches(bytes)?;
            Input {
                format,
                schema,
                batches: Batches::Arrow(batches.into_iter()),
            }
        }
        Format::Parquet => {
            let mut file = File::open(path).context("could not read the file")?;
            let builder = ParquetRecordBatchReaderBuilder::try_new(
                file.try_clone().context("could not read the file")?,
            )
            .map_err(|e| anyhow::anyhow!("not a readable Parquet file: {e}"))?
            .with_batch_size(PARQUET_BATCH_ROWS);
            crate::parquet_guard::check(&mut file, builder.metadata())?;
            let schema = builder.schema().clone();
            let reader = builder
                .build()
                .map_err(|e| anyhow::anyhow!("not a readable Parquet file: {e}"))?;
            Input {
                format,
                schema,
                batches: Batches::Parquet(reader),
            }
        }
        Format::Csv => {
            let csv = CsvBatches::open(path, csv)?;
            Input {
                format,
                schema: csv.schema(),
                batches: Batches::Csv(Box::new(csv)),
            }
        }
    })
}

impl Batches {
    /// The next batch; CSV batches hold at most `csv_rows` rows.
    pub fn next_batch(&mut self, csv_rows: usize) -> Result<Option<RecordBatch>> {
        match self {
            Batches::Csv(c) => c.next_batch(csv_rows),
            Batches::Parquet(r) => r
                .next()
                .transpose()
                .map_err(|e| anyhow::anyhow!("corrupt Parquet data: {e}")),
            Batches::Arrow(it) => Ok(it.next()),
        }
    }
}
