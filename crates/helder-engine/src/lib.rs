//! Helder's query engine: typed tables over Arrow arrays, one query type and the crossfilter.
//!
//! It is the part of the core whose loops run over every row, split from `helder-core`
//! only so the release build can compile it for speed while the rest of the app is
//! compiled for size (see the profiles in the workspace `Cargo.toml`). `helder-core`
//! re-exports every module, so users write `helder_core::crossfilter` as before.

pub mod bins;
pub mod codes;
pub mod crossfilter;
pub mod date;
pub mod dimension;
pub mod error;
pub mod format_nl;
pub mod locale;
pub mod packed_rows;
pub mod prime;
pub mod query;
pub mod selection;
pub mod sort_order;
pub mod table;
pub mod table_import;
pub mod tz;

pub use error::CoreError;
pub use table::{Column, ColumnData, ColumnKind, Table};
