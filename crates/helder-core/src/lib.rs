//! Helder's core: Arrow IPC bytes in, typed tables, queries and Dutch-formatted figures out.
//!
//! This crate does no IO and has no web dependency, so the browser app and the native
//! `helder` CLI compute every figure with the very same code.

pub mod analytics;
pub mod analytics_figure;
pub mod bins;
pub mod codes;
pub mod crossfilter;
pub mod csv_export;
pub mod cube_levels;
pub mod date;
pub mod demand_data;
pub mod demand_figure;
pub mod dimension;
pub mod disclosure;
pub mod error;
pub mod format_nl;
pub mod ipc;
mod ipc_decode;
mod ipc_guard;
pub mod kpi;
pub mod kpi_figure;
pub mod locale;
pub mod lookup;
pub mod lookup_text;
pub mod manifest;
pub mod map_classes;
pub mod map_geometry;
pub mod page_links;
pub mod page_model;
pub mod prime;
pub mod query;
pub mod rows_table;
pub mod selection;
pub mod spec;
pub mod spec_check;
pub mod table;
mod table_import;
pub mod tz;
pub mod value_format;
mod zstd_frame;

pub use error::CoreError;
pub use table::{Column, ColumnData, ColumnKind, Table};
