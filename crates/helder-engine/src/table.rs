//! In-memory tables: typed columns shared with Arrow buffers wherever the types allow it.

use std::sync::{Arc, OnceLock};

use arrow_array::{ArrayRef, RecordBatch};
use arrow_buffer::{BooleanBuffer, NullBuffer, ScalarBuffer};
use arrow_schema::SchemaRef;

use crate::CoreError;

/// A named table of equally long columns, read from one dataset.
///
/// Columns are converted from the Arrow batches on first use, so loading a file costs no
/// more than decoding it, and a column no figure reads is never converted at all.
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    rows: usize,
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    columns: Vec<OnceLock<Result<Column, CoreError>>>,
}

/// One column: its values plus a validity mask (`None` means no nulls).
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
    pub validity: Option<NullBuffer>,
}

/// Column values in the few physical forms the engine computes on.
///
/// Every Arrow type a municipality's exports contain maps onto one of these: integers of
/// any width become `Int`, floats and decimals `Float`, every string and dictionary type
/// `Category` (codes into one shared dictionary), dates `Date` (days since 1970-01-01)
/// and timestamps `Timestamp` (microseconds since the epoch, UTC, with the source zone).
#[derive(Debug, Clone)]
pub enum ColumnData {
    Float(ScalarBuffer<f64>),
    Int(ScalarBuffer<i64>),
    Bool(BooleanBuffer),
    Date(ScalarBuffer<i32>),
    Timestamp {
        micros: ScalarBuffer<i64>,
        tz: Option<Arc<str>>,
    },
    Category {
        codes: ScalarBuffer<u32>,
        dict: Arc<[String]>,
    },
}

/// The kind of a column as dashboards care about it, known before the column is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    Integer,
    Decimal,
    Bool,
    Date,
    Timestamp,
    Text,
}

impl ColumnKind {
    pub fn is_numeric(self) -> bool {
        matches!(self, ColumnKind::Integer | ColumnKind::Decimal)
    }

    pub fn is_time(self) -> bool {
        matches!(self, ColumnKind::Date | ColumnKind::Timestamp)
    }

    /// Whether a column of this kind can be grouped by value.
    pub fn is_groupable(self) -> bool {
        !matches!(self, ColumnKind::Decimal)
    }

    /// A short user-facing name, for error messages.
    pub fn name(self) -> &'static str {
        match self {
            ColumnKind::Integer => "a whole number",
            ColumnKind::Decimal => "a decimal number",
            ColumnKind::Bool => "a yes/no value",
            ColumnKind::Date => "a date",
            ColumnKind::Timestamp => "a timestamp",
            ColumnKind::Text => "text",
        }
    }
}

impl ColumnData {
    /// A short, user-facing name of the kind of values, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            ColumnData::Float(_) => "a decimal number",
            ColumnData::Int(_) => "a whole number",
            ColumnData::Bool(_) => "a yes/no value",
            ColumnData::Date(_) => "a date",
            ColumnData::Timestamp { .. } => "a timestamp",
            ColumnData::Category { .. } => "text",
        }
    }

    pub fn len(&self) -> usize {
        match self {
            ColumnData::Float(v) => v.len(),
            ColumnData::Int(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::Date(v) => v.len(),
            ColumnData::Timestamp { micros, .. } => micros.len(),
            ColumnData::Category { codes, .. } => codes.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Column {
    /// Whether row `i` holds a value (is not null).
    #[inline]
    pub fn is_valid(&self, i: usize) -> bool {
        self.validity.as_ref().is_none_or(|v| v.is_valid(i))
    }

    pub fn null_count(&self) -> usize {
        self.validity.as_ref().map_or(0, |v| v.null_count())
    }

    /// The value of row `i` as a number, for numeric columns; `None` for null or non-numeric.
    #[inline]
    pub fn number(&self, i: usize) -> Option<f64> {
        if !self.is_valid(i) {
            return None;
        }
        match &self.data {
            ColumnData::Float(v) => Some(v[i]),
            ColumnData::Int(v) => Some(v[i] as f64),
            _ => None,
        }
    }
}

impl Table {
    /// A table over decoded Arrow batches of one schema, which the caller has checked (the
    /// IPC reader in `helder-core` does; others use [`Table::from_batches`]).
    pub fn from_arrow(name: &str, schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        let rows = batches.iter().map(RecordBatch::num_rows).sum();
        Table {
            name: name.to_string(),
            rows,
            columns: schema.fields().iter().map(|_| OnceLock::new()).collect(),
            schema,
            batches,
        }
    }

    /// A table over record batches that did not come through helder-core's IPC reader (e.g. a CSV or
    /// Parquet file read by the CLI): the schema is checked as the IPC reader checks it.
    pub fn from_batches(
        name: &str,
        schema: SchemaRef,
        batches: Vec<RecordBatch>,
    ) -> Result<Self, CoreError> {
        crate::table_import::check_supported(&schema)?;
        if let Some(b) = batches
            .iter()
            .find(|b| b.schema().fields() != schema.fields())
        {
            return Err(CoreError::Corrupt(format!(
                "a batch has the columns {:?}, not the table's",
                b.schema()
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect::<Vec<_>>()
            )));
        }
        Ok(Table::from_arrow(name, schema, batches))
    }

    /// The Arrow schema of the batches, for describing columns.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// Column names in file order.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.schema.fields().iter().map(|f| f.name().as_str())
    }

    /// The `i`-th column, converted on first use.
    pub fn column_at(&self, i: usize) -> Result<&Column, CoreError> {
        let field = self.schema.fields().get(i).ok_or_else(|| {
            CoreError::Query(format!("dataset `{}` has no column {i}", self.name))
        })?;
        self.columns[i]
            .get_or_init(|| {
                let arrays: Vec<&ArrayRef> = self.batches.iter().map(|b| b.column(i)).collect();
                crate::table_import::import_column(field, &arrays)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Column `name`'s Arrow array when the table is one batch and the column has not been
    /// converted yet, for code that can read Arrow values in place.
    pub(crate) fn unconverted_array(&self, name: &str) -> Option<&ArrayRef> {
        let i = self.schema.index_of(name).ok()?;
        match self.batches.as_slice() {
            [batch] if self.columns[i].get().is_none() => Some(batch.column(i)),
            _ => None,
        }
    }

    /// Every column's name and kind, in file order.
    pub fn column_kinds(&self) -> Vec<(String, ColumnKind)> {
        self.schema
            .fields()
            .iter()
            .map(|f| {
                (
                    f.name().clone(),
                    crate::table_import::kind_of(f.data_type()),
                )
            })
            .collect()
    }

    /// What kind of values column `name` holds, read from the schema without converting it.
    pub fn column_kind(&self, name: &str) -> Option<ColumnKind> {
        let field = self.schema.field_with_name(name).ok()?;
        Some(crate::table_import::kind_of(field.data_type()))
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The column called `name`, or an error that lists the columns there are.
    pub fn column(&self, name: &str) -> Result<&Column, CoreError> {
        let i = self
            .schema
            .index_of(name)
            .map_err(|_| CoreError::MissingColumn {
                table: self.name.clone(),
                column: name.to_string(),
                available: self.column_names().collect::<Vec<_>>().join(", "),
            })?;
        self.column_at(i)
    }

    /// A numeric (integer or float) column, or an error naming what it is instead.
    pub fn numeric_column(&self, name: &str) -> Result<&Column, CoreError> {
        let col = self.column(name)?;
        match col.data {
            ColumnData::Float(_) | ColumnData::Int(_) => Ok(col),
            _ => Err(self.wrong_type(col, "a number")),
        }
    }

    /// A date column as day numbers, or an error naming what it is instead.
    pub fn date_column(&self, name: &str) -> Result<(&Column, &ScalarBuffer<i32>), CoreError> {
        let col = self.column(name)?;
        match &col.data {
            ColumnData::Date(days) => Ok((col, days)),
            _ => Err(self.wrong_type(col, "a date")),
        }
    }

    pub(crate) fn wrong_type(&self, col: &Column, expected: &'static str) -> CoreError {
        CoreError::WrongColumnType {
            table: self.name.clone(),
            column: col.name.clone(),
            expected,
            found: col.data.kind(),
        }
    }
}
