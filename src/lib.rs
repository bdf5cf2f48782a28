//! Helder's browser app: a Leptos single-page app that fetches Arrow files from static
//! hosting and computes every figure in the browser with `helder-core`.
//!
//! Components are thin: loading lives in `loader`, state in `store`, the page's engine and
//! address in `page_state`, and what a widget shows is derived in the core's `page_model`
//! and in `widget_view`, which have no web dependency and are tested as such.

pub mod address;
pub mod app;
pub mod area_chart;
pub mod chart;
pub mod components;
pub mod download;
pub mod fetch;
pub mod grouped_chart;
pub mod label_width;
pub mod load_state;
pub mod loader;
pub mod page_state;
pub mod palette;
pub mod saved_copy;
pub mod store;
pub mod texts;
pub mod view_model;
pub mod widget_view;

pub use app::App;
