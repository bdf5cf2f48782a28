//! Streaming a CSV export into Arrow record batches of a fixed, inferred schema.
//!
//! The file is read twice from disk but never held whole: a preview of the first rows
//! decides each column's type (unless the user set it), then the full pass parses rows into
//! batches of `batch_rows`. Every value that does not fit its column's type is an error with
//! its row and byte offset, so no number is ever silently dropped or guessed.

use std::cell::Cell;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use csv::{ByteRecord, ErrorKind};

use crate::csv_dialect::{self, Dialect, Encoding};
use crate::csv_values::{self, ColumnType, DecimalMark};

/// Rows read to infer column types.
pub const PREVIEW_ROWS: usize = 10_000;
/// Bytes read to detect encoding and separator.
const HEAD_BYTES: usize = 256 * 1024;
/// One row may not be longer than this; a longer one is nearly always an unclosed quote,
/// and stopping here keeps memory bounded whatever the file holds.
pub const MAX_ROW_BYTES: u64 = 16 * 1024 * 1024;

/// The CSV parser over the file, with the row-length limit in between.
type FileReader = csv::Reader<LimitedReader<File>>;

/// What the user said about a CSV file on the command line; `None` means detect.
#[derive(Debug, Clone, Default)]
pub struct CsvOptions {
    pub encoding: Option<Encoding>,
    pub separator: Option<u8>,
    pub decimal: Option<DecimalMark>,
    /// Per-column type overrides, `(column, type)`.
    pub types: Vec<(String, ColumnType)>,
    /// Types the site spec gives its dataset's columns (`type = "date"`); applied before
    /// `types`, and skipped for columns this file does not have.
    pub spec_types: Vec<(String, ColumnType)>,
}

/// An open CSV file that yields record batches.
pub struct CsvBatches {
    path: PathBuf,
    dialect: Dialect,
    names: Vec<String>,
    types: Vec<ColumnType>,
    schema: SchemaRef,
    reader: FileReader,
    since_row: Rc<Cell<u64>>,
    record: ByteRecord,
    /// The latest record if it spans several lines, kept to recognise an unclosed quote
    /// once the file turns out to end inside it.
    multiline: Option<ByteRecord>,
    rows: u64,
    finished: bool,
}

impl std::fmt::Debug for CsvBatches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvBatches")
            .field("path", &self.path)
            .finish()
    }
}

impl CsvBatches {
    /// Opens `path`, detects its dialect and infers its column types from a preview.
    pub fn open(path: &Path, options: &CsvOptions) -> Result<Self> {
        // Grown to what the file holds, so a tiny file costs a tiny buffer.
        let mut head = Vec::new();
        File::open(path)
            .context("could not read the file")?
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .context("could not read the file")?;
        let (detected, skip) = csv_dialect::detect_encoding(&head)?;
        let encoding = options.encoding.unwrap_or(detected);
        let body = &head[skip as usize..];
        let separator = match options.separator {
            Some(s) => s,
            None => csv_dialect::detect_separator(body).unwrap_or(b';'),
        };
        let dialect = Dialect {
            encoding,
            skip,
            separator,
            decimal: options
                .decimal
                .unwrap_or_else(|| csv_dialect::decimal_for(separator)),
        };

        let (mut reader, since_row) = open_reader(path, &dialect)?;
        let header = reader
            .byte_headers()
            .map_err(|e| describe_csv_error(&e, &[], dialect.skip))?
            .clone();
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            bail!("the file has no header row; the first line must name the columns");
        }
        let names = column_names(&header, &dialect)?;

        // The preview: the first rows' text per column, for type inference.
        let mut preview: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        let mut record = ByteRecord::new();
        for _ in 0..PREVIEW_ROWS {
            since_row.set(0);
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    for (i, field) in record.iter().enumerate() {
                        let line = record.position().map_or(0, |p| p.record() + 1);
                        preview[i].push(decode(field, &dialect, line, &names[i])?.into_owned());
                    }
                }
                Ok(false) => break,
                Err(e) => return Err(describe_csv_error(&e, &names, dialect.skip)),
            }
        }
        let mut types: Vec<ColumnType> = preview
            .iter()
            .map(|values| csv_values::infer(values.iter().map(String::as_str), dialect.decimal))
            .collect();
        drop(preview);
        for (name, t) in &options.spec_types {
            if let Some(i) = names.iter().position(|n| n == name) {
                types[i] = *t;
            }
        }
        for (name, t) in &options.types {
            let i = names.iter().position(|n| n == name).ok_or_else(|| {
                anyhow!(
                    "--type {name}=…: there is no column `{name}`; the columns are: {}",
                    names.join(", ")
                )
            })?;
            types[i] = *t;
        }
        let schema = Arc::new(Schema::new(
            names
                .iter()
                .zip(&types)
                .map(|(n, t)| Field::new(n, arrow_type(*t), true))
                .collect::<Vec<_>>(),
        ));

        // The full pass starts again from the first data row.
        let (mut reader, since_row) = open_reader(path, &dialect)?;
        reader
            .byte_headers()
            .map_err(|e| describe_csv_error(&e, &[], dialect.skip))?;
        Ok(CsvBatches {
            path: path.to_path_buf(),
            dialect,
            names,
            types,
            schema,
            reader,
            since_row,
            record,
            multiline: None,
            rows: 0,
            finished: false,
        })
    }

    pub fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn column_types(&self) -> impl Iterator<Item = (&str, ColumnType)> {
        self.names
            .iter()
            .map(String::as_str)
            .zip(self.types.iter().copied())
    }

    /// The next batch of at most `batch_rows` rows, or `None` at the end of the file.
    pub fn next_batch(&mut self, batch_rows: usize) -> Result<Option<RecordBatch>> {
        if self.finished {
            return Ok(None);
        }
        let mut columns: Vec<ColumnBuilder> = self
            .types
            .iter()
            // Builders grow as rows arrive: reserving a whole batch up front would make a
            // 100-byte file allocate megabytes.
            .map(|t| ColumnBuilder::new(*t, batch_rows.min(8192)))
            .collect();
        let mut n = 0usize;
        while n < batch_rows {
            self.since_row.set(0);
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| describe_csv_error(&e, &self.names, self.dialect.skip))?;
            if !more {
                self.finished = true;
                self.check_last_record()?;
                break;
            }
            self.multiline = self
                .record
                .iter()
                .any(|f| f.contains(&b'\n'))
                .then(|| self.record.clone());
            let pos = self.record.position().cloned();
            let line = pos.as_ref().map_or(0, |p| p.record() + 1);
            for (i, field) in self.record.iter().enumerate() {
                let text = decode(field, &self.dialect, line, &self.names[i])?;
                columns[i]
                    .push(&text, self.dialect.decimal)
                    .map_err(|what| {
                        anyhow!(
                            "row {line} (byte {}): column `{}` has `{}`, which is not {what}{}; fix the value, or read the column as text with --type {}=text",
                            pos.as_ref().map_or(0, |p| p.byte()) + self.dialect.skip,
                            self.names[i],
                            shorten(&text),
                            if self.types[i] == ColumnType::Text { "" } else { " (the type was inferred from the first rows)" },
                            self.names[i]
                        )
                    })?;
            }
            n += 1;
        }
        self.rows += n as u64;
        if n == 0 {
            return Ok(None);
        }
        let arrays: Vec<ArrayRef> = columns.into_iter().map(ColumnBuilder::finish).collect();
        Ok(Some(RecordBatch::try_new(self.schema.clone(), arrays)?))
    }

    /// An unclosed quote swallows the rest of the file into the last record's field. That
    /// record then spans many lines and holds separators inside one field, which no
    /// deliberate export does over more than a few lines.
    fn check_last_record(&self) -> Result<()> {
        let Some(record) = &self.multiline else {
            return Ok(());
        };
        let Some(pos) = record.position() else {
            return Ok(());
        };
        for (i, field) in record.iter().enumerate() {
            let lines = field.iter().filter(|b| **b == b'\n').count();
            if lines >= 2 && field.contains(&self.dialect.separator) {
                bail!(
                    "row {} (byte {}): column `{}` opens a quote that is never closed, so the rest of the file ({lines} lines) became one value; close the quote (write \"\" for a quote inside a value)",
                    pos.record() + 1,
                    pos.byte() + self.dialect.skip,
                    self.names.get(i).map_or("?", String::as_str)
                );
            }
        }
        Ok(())
    }
}

fn open_reader(path: &Path, dialect: &Dialect) -> Result<(FileReader, Rc<Cell<u64>>)> {
    let mut file = File::open(path).context("could not read the file")?;
    file.seek(SeekFrom::Start(dialect.skip))
        .context("could not read the file")?;
    let since_row = Rc::new(Cell::new(0));
    let limited = LimitedReader {
        inner: file,
        since_row: since_row.clone(),
    };
    // The parser's own buffer is the only one; 64 KB keeps system calls few.
    let reader = csv::ReaderBuilder::new()
        .buffer_capacity(64 * 1024)
        .delimiter(dialect.separator)
        .has_headers(true)
        .flexible(false)
        .from_reader(limited);
    Ok((reader, since_row))
}

/// Fails a read once one row has taken more than [`MAX_ROW_BYTES`]: the CSV parser grows
/// its record without limit, so this is what bounds memory on an unclosed quote.
struct LimitedReader<R> {
    inner: R,
    since_row: Rc<Cell<u64>>,
}

impl<R: Read> Read for LimitedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.since_row.get() > MAX_ROW_BYTES {
            return Err(std::io::Error::other(format!(
                "one row is longer than {} MB; probably a quote that is never closed",
                MAX_ROW_BYTES >> 20
            )));
        }
        let n = self.inner.read(buf)?;
        self.since_row.set(self.since_row.get() + n as u64);
        Ok(n)
    }
}

fn column_names(header: &ByteRecord, dialect: &Dialect) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let name = decode(raw, dialect, 1, "header")?.trim().to_string();
        let name = if name.is_empty() {
            format!("kolom_{}", i + 1)
        } else {
            name
        };
        if names.contains(&name) {
            bail!("row 1: the column name `{name}` appears twice; give each column its own name");
        }
        names.push(name);
    }
    Ok(names)
}

fn decode<'a>(
    field: &'a [u8],
    dialect: &Dialect,
    line: u64,
    column: &str,
) -> Result<std::borrow::Cow<'a, str>> {
    match dialect.encoding {
        Encoding::Utf8 => std::str::from_utf8(field)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| {
                anyhow!(
                    "row {line}: column `{column}` is not valid UTF-8 (byte {} of the value); if the file was saved as ANSI/Windows-1252, pass --encoding windows-1252",
                    e.valid_up_to()
                )
            }),
        Encoding::Windows1252 => {
            Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(field).0)
        }
    }
}

/// Rows are numbered as a spreadsheet shows them (the header is row 1), and bytes from the
/// start of the file; a quoted value over several lines is still one row.
fn describe_csv_error(e: &csv::Error, names: &[String], skip: u64) -> anyhow::Error {
    match e.kind() {
        ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => {
            let (line, byte) = pos
                .as_ref()
                .map_or((0, 0), |p| (p.record() + 1, p.byte() + skip));
            anyhow!(
                "row {line} (byte {byte}): {len} fields where the header has {expected_len}{}; check for a missing or extra separator, or a quote that is not closed",
                if names.is_empty() { String::new() } else { format!(" ({})", names.join(";")) }
            )
        }
        ErrorKind::Io(io) => anyhow!("{io}"),
        _ => anyhow!("{e}"),
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// The Arrow type a CSV column type becomes.
pub fn arrow_type(t: ColumnType) -> DataType {
    match t {
        ColumnType::Int => DataType::Int64,
        ColumnType::Float => DataType::Float64,
        ColumnType::Date => DataType::Date32,
        ColumnType::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, None),
        ColumnType::TimestampUtc => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        ColumnType::Bool => DataType::Boolean,
        ColumnType::Text => DataType::Utf8,
    }
}

enum ColumnBuilder {
    Int(Int64Builder),
    Float(Float64Builder),
    Date(Date32Builder),
    Timestamp(TimestampMicrosecondBuilder),
    TimestampUtc(TimestampMicrosecondBuilder),
    Bool(BooleanBuilder),
    Text(StringBuilder),
}

impl ColumnBuilder {
    fn new(t: ColumnType, capacity: usize) -> Self {
        match t {
            ColumnType::Int => ColumnBuilder::Int(Int64Builder::with_capacity(capacity)),
            ColumnType::Float => ColumnBuilder::Float(Float64Builder::with_capacity(capacity)),
            ColumnType::Date => ColumnBuilder::Date(Date32Builder::with_capacity(capacity)),
            ColumnType::Timestamp => {
                ColumnBuilder::Timestamp(TimestampMicrosecondBuilder::with_capacity(capacity))
            }
            ColumnType::TimestampUtc => ColumnBuilder::TimestampUtc(
                TimestampMicrosecondBuilder::with_capacity(capacity).with_timezone("UTC"),
            ),
            ColumnType::Bool => ColumnBuilder::Bool(BooleanBuilder::with_capacity(capacity)),
            ColumnType::Text => ColumnBuilder::Text(StringBuilder::with_capacity(capacity, 0)),
        }
    }

    /// Appends one value; the error says what the value should have been.
    fn push(&mut self, s: &str, mark: DecimalMark) -> Result<(), &'static str> {
        if csv_values::is_missing(s) {
            match self {
                ColumnBuilder::Int(b) => b.append_null(),
                ColumnBuilder::Float(b) => b.append_null(),
                ColumnBuilder::Date(b) => b.append_null(),
                ColumnBuilder::Timestamp(b) | ColumnBuilder::TimestampUtc(b) => b.append_null(),
                ColumnBuilder::Bool(b) => b.append_null(),
                ColumnBuilder::Text(b) => b.append_null(),
            }
            return Ok(());
        }
        match self {
            ColumnBuilder::Int(b) => {
                b.append_value(csv_values::parse_int(s, mark).ok_or("a whole number")?)
            }
            ColumnBuilder::Float(b) => {
                b.append_value(csv_values::parse_number(s, mark).ok_or("a number")?)
            }
            ColumnBuilder::Date(b) => b.append_value(
                csv_values::parse_date(s).ok_or("a date like 2026-10-31 or 31-10-2026")?,
            ),
            ColumnBuilder::Timestamp(b) => b.append_value(
                csv_values::parse_timestamp(s)
                    .or_else(|| csv_values::parse_date(s).map(|d| i64::from(d) * 86_400_000_000))
                    .ok_or("a date and time like 2026-10-31 13:45 (without a time zone)")?,
            ),
            ColumnBuilder::TimestampUtc(b) => b.append_value(
                csv_values::parse_timestamp_utc(s)
                    .ok_or("a date and time with a zone like 2026-10-31T13:45:00+01:00")?,
            ),
            ColumnBuilder::Bool(b) => {
                b.append_value(csv_values::parse_bool(s).ok_or("true or false")?)
            }
            ColumnBuilder::Text(b) => b.append_value(s),
        }
        Ok(())
    }

    fn finish(self) -> ArrayRef {
        match self {
            ColumnBuilder::Int(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Float(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Date(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Timestamp(mut b) | ColumnBuilder::TimestampUtc(mut b) => {
                Arc::new(b.finish())
            }
            ColumnBuilder::Bool(mut b) => Arc::new(b.finish()),
            ColumnBuilder::Text(mut b) => Arc::new(b.finish()),
        }
    }
}
