//! Helder's core: Arrow IPC bytes in, typed tables, queries and Dutch-formatted figures out.
//!
//! This crate does no IO and has no web dependency, so the browser app and the native
//! `helder` CLI compute every figure with the very same code.

pub mod analytics;
pub mod analytics_figure;
pub mod csv_export;
pub mod cube_levels;
pub mod demand_data;
pub mod demand_figure;
pub mod disclosure;
pub mod fingerprint;
pub mod ipc;
pub mod ipc_columns;
mod ipc_decode;
mod ipc_guard;
pub mod kpi;
pub mod kpi_figure;
pub mod lookup;
pub mod lookup_text;
pub mod manifest;
pub mod map_classes;
pub mod map_geometry;
pub mod page_links;
pub mod page_model;
pub mod rows_table;
pub mod spanned;
pub mod spec;
pub mod spec_check;
pub mod value_format;
mod zstd_frame;

// The engine's modules, under the paths the app, the CLI and the tests have always used.
pub use helder_engine::{
    bins, codes, crossfilter, date, dimension, error, format_nl, locale, prime, query, selection,
    sort_order, table, table_import, tz,
};
pub use helder_engine::{with_codes, Column, ColumnData, ColumnKind, CoreError, Table};
