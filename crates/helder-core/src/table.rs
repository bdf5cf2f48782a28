//! In-memory tables: typed columns shared with Arrow buffers wherever the types allow it.

use std::sync::Arc;

use arrow_buffer::{BooleanBuffer, NullBuffer, ScalarBuffer};

use crate::CoreError;

/// A named table of equally long columns, read from one dataset.
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    rows: usize,
    columns: Vec<Column>,
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
    /// Builds a table, checking that every column has the same length.
    pub fn new(name: impl Into<String>, columns: Vec<Column>) -> Result<Self, CoreError> {
        let name = name.into();
        let rows = columns.first().map_or(0, |c| c.data.len());
        if let Some(bad) = columns.iter().find(|c| c.data.len() != rows) {
            return Err(CoreError::Corrupt(format!(
                "column `{}` has {} values where the table has {rows} rows",
                bad.name,
                bad.data.len()
            )));
        }
        Ok(Table {
            name,
            rows,
            columns,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column called `name`, or an error that lists the columns there are.
    pub fn column(&self, name: &str) -> Result<&Column, CoreError> {
        self.columns
            .iter()
            .find(|c| c.name == name)
            .ok_or_else(|| CoreError::MissingColumn {
                table: self.name.clone(),
                column: name.to_string(),
                available: self
                    .columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
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
