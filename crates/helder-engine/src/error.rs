//! The one error type of the core crate.

use thiserror::Error;

/// Everything that can go wrong inside the core. Each message says what is wrong and,
/// where it can, how to fix it; callers add which file or dataset it was about.
#[derive(Debug, Clone, Error)]
pub enum CoreError {
    #[error("the file is empty (0 bytes); re-export or re-copy it")]
    Empty,
    #[error("not an Arrow IPC file or stream: {0}")]
    NotArrow(String),
    #[error("truncated Arrow file: {0}; the download or copy was probably cut off")]
    Truncated(String),
    #[error("corrupt Arrow data: {0}")]
    Corrupt(String),
    #[error("column `{column}` has type {data_type}, which Helder does not support; convert it to a number, text, date or timestamp")]
    UnsupportedType { column: String, data_type: String },
    #[error("column `{column}` not found in dataset `{table}`; available: {available}")]
    MissingColumn {
        table: String,
        column: String,
        available: String,
    },
    #[error("column `{column}` in dataset `{table}` is {found}, but {expected} is needed here")]
    WrongColumnType {
        table: String,
        column: String,
        expected: &'static str,
        found: &'static str,
    },
    #[error("{0}")]
    Query(String),
    #[error("dashboard spec: {0}")]
    Spec(String),
    #[error("invalid manifest: {0}")]
    Manifest(String),
    #[error("the series has {found} values, but at least {needed} are needed for this analysis")]
    SeriesTooShort { needed: usize, found: usize },
    #[error("{0}")]
    Analytics(String),
    #[error("map boundaries: {0}")]
    Geometry(String),
    #[error("disclosure control: {0}")]
    Disclosure(String),
}

impl From<arrow_schema::ArrowError> for CoreError {
    fn from(e: arrow_schema::ArrowError) -> Self {
        CoreError::Corrupt(e.to_string())
    }
}
